import { rankSnapshot, type ChallengeSnapshot } from '../../../src/domain/scoring';
import { memoryDeps } from '../../../src/storage/memory';
import { eraseAgent } from '../../../src/usecases/erase-agent';
import { exportSnapshot } from '../../../src/usecases/export-snapshot';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import {
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenCheckin,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

const NOW = '2026-11-25T10:00:00+01:00';
const ORGANISER = 'orga';

/**
 * Three teams whose order depends on one agent: "Sobres" (3 members) leads thanks to sobres-m1's answers and
 * check-in; without them "Verts" (3) leads; "Solo" (1) is prorated as if three.
 */
async function aChallenge() {
  const deps = memoryDeps({ clock: clockAt(NOW), organiserIds: [ORGANISER] });
  await givenChallenge(deps);
  for (const id of ['sobres-m1', 'sobres-m2', 'sobres-m3', 'verts-m1', 'verts-m2', 'verts-m3'])
    await givenAgent(deps, { id });
  await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', members: 3 });
  await givenTeam(deps, { id: 'verts', name: 'Les Verts', members: 3 });
  await givenTeam(deps, { id: 'solo', name: 'Solo', members: 1 });
  await givenWorkshop(deps, { id: 'visite', capacity: 3 });
  await deps.signups.signUp(
    'c1',
    'visite',
    { agentId: 'sobres-m1', name: 'Agent', at: '2026-11-23T09:00:00.000Z' },
    () => undefined,
  );
  const answer = (agentId: string, questionId: string, correct = true) =>
    givenAnswer(deps, agentId, {
      questionId,
      correct,
      points: correct ? 2 : 1,
      at: '2026-11-23T09:30:00.000Z',
    });
  await answer('sobres-m1', 'j1-q1');
  await answer('sobres-m1', 'j1-q2');
  await givenCheckin(deps, 'sobres-m1', {
    workshopId: 'visite',
    points: 5,
    at: '2026-11-24T13:10:00.000Z',
  });
  await answer('sobres-m2', 'j1-q1', false);
  await answer('verts-m1', 'j1-q1');
  await answer('verts-m2', 'j1-q1');
  await answer('solo-m1', 'j1-q1');
  await deps.checkinGuards.addWrongAttempt('c1', 'sobres-m1', 1, (a) => a);
  return deps;
}

/** The spec's snapshot with one agent taken out of it, as if they had never taken part. */
function without(snapshot: ChallengeSnapshot, agentId: string): ChallengeSnapshot {
  return {
    ...snapshot,
    teams: snapshot.teams
      .map((team) => ({ ...team, members: team.members.filter((m) => m !== agentId) }))
      .filter((team) => team.members.length > 0),
    answers: snapshot.answers?.filter((a) => a.agentId !== agentId),
    checkins: snapshot.checkins?.filter((c) => c.agentId !== agentId),
  };
}

describe('erasing an agent', () => {
  it("removes their events, seat, guard and record, and takes them out of their team's tally", async () => {
    // given
    const deps = await aChallenge();

    // when
    const erasure = await eraseAgent(deps, { by: ORGANISER, agentId: 'sobres-m1' });

    // then
    expect(erasure).toEqual({
      agentId: 'sobres-m1',
      team: { id: 'sobres', name: 'Les Sobres', members: 2 },
      events: 3,
      signups: ['visite'],
      checkinGuard: true,
      agent: true,
      erased: true,
    });
    expect(await deps.agents.get('sobres-m1')).toBeNull();
    expect(await deps.events.answersOf('c1', 'sobres-m1')).toEqual([]);
    expect(await deps.events.checkinsOf('c1', 'sobres-m1')).toEqual([]);
    expect(await deps.events.tally('c1', 'sobres-m1')).toEqual({
      points: 0,
      events: 0,
      lastAt: null,
    });
    expect(await deps.teams.teamOf('c1', 'sobres-m1')).toBeNull();
    expect((await deps.teams.get('c1', 'sobres'))?.tallies['sobres-m1']).toBeUndefined();
    expect(await deps.signups.taken('c1', 'visite')).toBe(0);
    expect(await deps.checkinGuards.wrongAttempts('c1', 'sobres-m1')).toEqual([]);
    // and the others are untouched
    expect(await deps.events.answersOf('c1', 'sobres-m2')).toHaveLength(1);
    expect(await deps.agents.get('sobres-m2')).not.toBeNull();
  });

  it('leaves the ranking the spec computes from the events without that agent', async () => {
    // given
    const deps = await aChallenge();
    const before = await getLeaderboard(deps);
    expect(before.rows[0]?.teamId).toBe('sobres');
    const expected = rankSnapshot(without(await exportSnapshot(deps), 'sobres-m1'));

    // when
    await eraseAgent(deps, { by: ORGANISER, agentId: 'sobres-m1' });

    // then the kept tallies rank as the spec does, and the events re-derive the same ranking
    const after = await getLeaderboard(deps);
    expect(after.rows).toEqual(expected);
    expect(after.rows[0]?.teamId).toBe('verts');
    expect(rankSnapshot(await exportSnapshot(deps))).toEqual(expected);
  });

  it('drops a team whose only member is erased from the ranking', async () => {
    // given
    const deps = await aChallenge();
    const expected = rankSnapshot(without(await exportSnapshot(deps), 'solo-m1'));

    // when
    const erasure = await eraseAgent(deps, { by: ORGANISER, agentId: 'solo-m1' });

    // then
    expect(erasure.team).toEqual({ id: 'solo', name: 'Solo', members: 0 });
    expect((await getLeaderboard(deps)).rows).toEqual(expected);
    expect((await deps.teams.list('c1')).map((t) => t.id)).not.toContain('solo');
  });

  it('finds nothing to erase the second time', async () => {
    // given
    const deps = await aChallenge();
    await eraseAgent(deps, { by: ORGANISER, agentId: 'sobres-m1' });

    // when
    const again = await eraseAgent(deps, { by: ORGANISER, agentId: 'sobres-m1' });

    // then
    expect(again).toEqual({
      agentId: 'sobres-m1',
      team: null,
      events: 0,
      signups: [],
      checkinGuard: false,
      agent: false,
      erased: false,
    });
  });

  it('removes, the second time, an answer that landed during the first', async () => {
    // given an erasure, and the agent's answer recorded just after it (in flight meanwhile)
    const deps = await aChallenge();
    await eraseAgent(deps, { by: ORGANISER, agentId: 'sobres-m1' });
    await givenAnswer(deps, 'sobres-m1', { questionId: 'j2-q1' });

    // then the answer reached neither a team nor the ranking
    expect(await deps.teams.teamOf('c1', 'sobres-m1')).toBeNull();

    // when
    const again = await eraseAgent(deps, { by: ORGANISER, agentId: 'sobres-m1' });

    // then
    expect(again).toMatchObject({ events: 1, erased: true });
    expect(await deps.events.answersOf('c1', 'sobres-m1')).toEqual([]);
  });

  it('is refused to anyone but an organiser', async () => {
    // given
    const deps = await aChallenge();

    // when
    const erasing = eraseAgent(deps, { by: 'sobres-m2', agentId: 'sobres-m1' });

    // then
    await expect(erasing).rejects.toMatchObject({ code: 'not_organiser' });
    expect(await deps.agents.get('sobres-m1')).not.toBeNull();
  });
});
