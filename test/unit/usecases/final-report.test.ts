import { memoryDeps } from '../../../src/storage/memory';
import { finalReport } from '../../../src/usecases/final-report';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import {
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenCheckin,
  givenQuiz,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

type Deps = ReturnType<typeof memoryDeps>;

/** An agent known to the store, placed in a direction as the directory would (or in none). */
async function agent(deps: Deps, id: string, direction?: string) {
  await givenAgent(deps, { id, name: `Nom ${id}` });
  if (direction) await deps.agents.setDirection(id, direction);
}

/**
 * A challenge of five days from Monday 23 November 2026: two teams ("Les Sobres" of three, "Les Légers" of two),
 * five agents registered of whom four took part, two directions and one agent without one, two workshops (one
 * talk held, one workshop nobody came to).
 */
async function aWeek() {
  const deps = memoryDeps({ clock: clockAt('2026-11-27T18:00:00+01:00') });
  await givenChallenge(deps);
  await givenQuiz(deps, 1);
  await givenQuiz(deps, 2);
  await agent(deps, 'ana', 'DSI');
  await agent(deps, 'bob', 'DSI');
  await agent(deps, 'cyd', 'Culture');
  await agent(deps, 'dan');
  await agent(deps, 'eve', 'Voirie');
  await givenTeam(deps, {
    id: 'sobres',
    name: 'Les Sobres',
    members: [
      { agentId: 'ana', name: 'Ana' },
      { agentId: 'bob', name: 'Bob' },
      { agentId: 'eve', name: 'Ève' },
    ],
  });
  await givenTeam(deps, {
    id: 'legers',
    name: 'Les Légers',
    members: [
      { agentId: 'cyd', name: 'Cyd' },
      { agentId: 'dan', name: 'Dan' },
    ],
  });
  const talk = await givenWorkshop(deps, {
    id: 'talk',
    format: 'conference',
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-24T14:00:00.000Z',
  });
  await givenWorkshop(deps, { id: 'empty', format: 'atelier' });
  await deps.signups.signUp(
    'c1',
    'talk',
    { agentId: 'ana', name: 'Ana', at: '2026-11-20T10:00:00Z' },
    () => undefined,
  );
  // Day 1: ana answers two questions of the quiz (one participation), bob one (wrong), dan one.
  await givenAnswer(deps, 'ana', { questionId: 'j1-q1', quizId: 'j1', correct: true, points: 2 });
  await givenAnswer(deps, 'ana', { questionId: 'j1-q2', quizId: 'j1', correct: true, points: 2 });
  await givenAnswer(deps, 'bob', { questionId: 'j1-q1', quizId: 'j1', correct: false, points: 1 });
  await givenAnswer(deps, 'dan', { questionId: 'j1-q1', quizId: 'j1', correct: true, points: 2 });
  // Day 2: ana answers day 2's quiz late in the evening, and she and cyd attend the talk.
  await givenAnswer(deps, 'ana', {
    questionId: 'j2-q1',
    quizId: 'j2',
    correct: false,
    points: 1,
    at: '2026-11-24T22:30:00.000Z',
  });
  await givenCheckin(deps, 'ana', {
    workshopId: talk.id,
    points: 5,
    at: '2026-11-24T12:50:00.000Z',
  });
  await givenCheckin(deps, 'cyd', {
    workshopId: talk.id,
    points: 5,
    at: '2026-11-24T12:55:00.000Z',
  });
  return deps;
}

describe('the final report', () => {
  it('reads like the real challenge report: agents, directions, participations, teams, workshops, answers', async () => {
    // Given a week with five answers, two check-ins and one agent who did nothing
    const deps = await aWeek();

    // When the organisers ask for the report
    const report = await finalReport(deps);

    // Then ana's two answers to day 1's quiz count as one participation, and the headline adds up
    expect(report.headline).toEqual({
      agentsRegistered: 5,
      participants: 4,
      directions: 2, // DSI and Culture; dan's is not known, eve did nothing
      participations: 6, // ana j1, j2, talk; bob j1; dan j1; cyd talk
      teams: 2,
      workshops: 2,
      workshopsHeld: 1,
      quizAnswers: 5,
      rightAnswers: 3,
      rightShare: '0.60',
    });
    expect(report.challenge).toEqual({
      id: 'c1',
      title: 'Défi test',
      startDate: '2026-11-23',
      days: 5,
    });
    expect(report.generatedAt).toBe('2026-11-27T17:00:00.000Z');
  });

  it('counts participation per day of the challenge, by the quiz day or the workshop date, with empty days', async () => {
    // Given the week (day 2's quiz answered at 23:30 Paris time)
    const deps = await aWeek();

    // When
    const { byDay } = await finalReport(deps);

    // Then every one of the five days is there, and the late answer counts for day 2
    expect(byDay.map((d) => [d.day, d.date, d.participants, d.participations])).toEqual([
      [1, '2026-11-23', 3, 3],
      [2, '2026-11-24', 2, 3],
      [3, '2026-11-25', 0, 0],
      [4, '2026-11-26', 0, 0],
      [5, '2026-11-27', 0, 0],
    ]);
    expect(byDay[1]).toMatchObject({
      quizParticipations: 1,
      workshopParticipations: 2,
      quizAnswers: 1,
      rightAnswers: 0,
    });
    expect(byDay[0]).toMatchObject({ quizAnswers: 4, rightAnswers: 3 });
  });

  it('counts attendance per workshop format, with the French and English names', async () => {
    const deps = await aWeek();

    const { byFormat } = await finalReport(deps);

    expect(byFormat).toEqual([
      {
        format: 'conference',
        formatName: { fr: 'Conférence', en: 'Talk' },
        workshops: 1,
        workshopsHeld: 1,
        signedUp: 1,
        attended: 2,
      },
      {
        format: 'atelier',
        formatName: { fr: 'Atelier', en: 'Workshop' },
        workshops: 1,
        workshopsHeld: 0,
        signedUp: 0,
        attended: 0,
      },
    ]);
  });

  it('groups agents per direction, most participations first, agents without one last as "not given"', async () => {
    const deps = await aWeek();

    const { byDirection } = await finalReport(deps);

    expect(byDirection).toEqual([
      { direction: 'DSI', registered: 2, participants: 2, participations: 4 },
      { direction: 'Culture', registered: 1, participants: 1, participations: 1 },
      { direction: 'Voirie', registered: 1, participants: 0, participations: 0 },
      { direction: null, registered: 1, participants: 1, participations: 1 },
    ]);
  });

  it('lists every team in the ranking order of the tab, with members, prorated score and participations', async () => {
    const deps = await aWeek();

    const [report, board] = await Promise.all([finalReport(deps), getLeaderboard(deps)]);

    expect(report.byTeam.map((t) => t.teamId)).toEqual(board.rows.map((r) => r.teamId));
    expect(report.byTeam).toEqual([
      expect.objectContaining({
        rank: 1,
        name: 'Les Sobres',
        score: '3.67', // ana 2 + 2 + 1 + 5, bob 1: 11 points / 3 members
        memberNames: ['Ana', 'Bob', 'Ève'],
        participations: 4,
      }),
      expect.objectContaining({
        rank: 2,
        name: 'Les Légers',
        score: '2.33', // (2 + 5) / 3, the minimum team size
        memberNames: ['Cyd', 'Dan'],
        participations: 2,
      }),
    ]);
  });

  it('shows tied teams on the podium as ties, with the same ranks as the tab', async () => {
    // Given three teams, two of which have exactly the same record
    const deps = memoryDeps({ clock: clockAt('2026-11-27T18:00:00+01:00') });
    await givenChallenge(deps);
    for (const id of ['a', 'b', 'c']) {
      await givenTeam(deps, { id, name: `Équipe ${id.toUpperCase()}`, members: 3 });
    }
    const same = { quizId: 'j1', correct: true, points: 2, at: '2026-11-23T09:00:00.000Z' };
    await givenAnswer(deps, 'a-m1', same);
    await givenAnswer(deps, 'b-m1', same);
    await givenAnswer(deps, 'c-m1', { ...same, correct: false, points: 1 });

    // When
    const { podium } = await finalReport(deps);

    // Then
    expect(podium.map((row) => [row.rank, row.name, row.tied])).toEqual([
      [1, 'Équipe A', true],
      [1, 'Équipe B', true],
      [3, 'Équipe C', false],
    ]);
    expect(podium.every((row) => row.mine === false)).toBe(true);
  });

  it('gives zeros, not errors, for a challenge where nothing happened yet', async () => {
    // Given a challenge with no agent, no team, no workshop
    const deps = memoryDeps({ clock: clockAt('2026-11-20T12:00:00+01:00') });
    await givenChallenge(deps);

    // When
    const report = await finalReport(deps);

    // Then
    expect(report.headline).toEqual({
      agentsRegistered: 0,
      participants: 0,
      directions: 0,
      participations: 0,
      teams: 0,
      workshops: 0,
      workshopsHeld: 0,
      quizAnswers: 0,
      rightAnswers: 0,
      rightShare: null,
    });
    expect(report.byDay).toHaveLength(5);
    expect(report.byDay.every((d) => d.participations === 0)).toBe(true);
    expect(report).toMatchObject({ byFormat: [], byDirection: [], byTeam: [], podium: [] });
  });

  it('refuses with challenge_missing when no challenge runs', async () => {
    const deps = memoryDeps({ clock: clockAt('2026-11-20T12:00:00+01:00') });

    await expect(finalReport(deps)).rejects.toMatchObject({ code: 'challenge_missing' });
  });
});
