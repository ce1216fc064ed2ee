import { rankSnapshot } from '../../../src/domain/scoring';
import { memoryDeps } from '../../../src/storage/memory';
import { exportSnapshot, workshopPointsOf } from '../../../src/usecases/export-snapshot';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import {
  givenAnswer,
  givenChallenge,
  givenCheckin,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';

/** Two teams of three; two answers and a check-in at a workshop worth 8 points instead of the usual 5. */
async function aChallengeUnderWay() {
  const deps = memoryDeps();
  await givenChallenge(deps);
  await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', members: 3 });
  await givenTeam(deps, { id: 'econes', name: 'Les Économes', members: 3 });
  await givenWorkshop(deps, { id: 'fresque', points: 8 });
  await givenWorkshop(deps, { id: 'conference' });
  await givenAnswer(deps, 'sobres-m1', {
    questionId: 'j1-q1',
    correct: true,
    points: 2,
    at: '2026-11-23T09:10:00.000Z',
  });
  await givenAnswer(deps, 'econes-m2', {
    questionId: 'j1-q1',
    correct: false,
    points: 1,
    at: '2026-11-23T09:20:00.000Z',
  });
  await givenCheckin(deps, 'econes-m3', {
    workshopId: 'fresque',
    points: 8,
    at: '2026-11-24T13:05:00.000Z',
  });
  return deps;
}

describe('exporting the challenge as the spec’s snapshot', () => {
  it('lists the scoring rules, the teams with their members, every answer and check-in, and unusual workshop points', async () => {
    // given
    const deps = await aChallengeUnderWay();

    // when
    const snapshot = await exportSnapshot(deps, await workshopPointsOf(deps));

    // then
    expect(snapshot.scoring).toEqual({
      quizAnswerPoints: 1,
      quizCorrectBonus: 1,
      checkinPoints: 5,
      minTeamSize: 3,
    });
    expect(snapshot.teams).toEqual([
      { id: 'econes', name: 'Les Économes', members: ['econes-m1', 'econes-m2', 'econes-m3'] },
      { id: 'sobres', name: 'Les Sobres', members: ['sobres-m1', 'sobres-m2', 'sobres-m3'] },
    ]);
    expect(snapshot.workshops).toEqual([{ id: 'fresque', points: 8 }]);
    expect(snapshot.answers).toEqual(
      expect.arrayContaining([
        {
          agentId: 'sobres-m1',
          questionId: 'j1-q1',
          correct: true,
          at: '2026-11-23T09:10:00.000Z',
        },
        {
          agentId: 'econes-m2',
          questionId: 'j1-q1',
          correct: false,
          at: '2026-11-23T09:20:00.000Z',
        },
      ]),
    );
    expect(snapshot.answers).toHaveLength(2);
    expect(snapshot.checkins).toEqual([
      { agentId: 'econes-m3', workshopId: 'fresque', at: '2026-11-24T13:05:00.000Z' },
    ]);
  });

  it('gives, when ranked by the spec’s rule, the ranking the app shows from its kept tallies', async () => {
    // given
    const deps = await aChallengeUnderWay();

    // when
    const fromEvents = rankSnapshot(await exportSnapshot(deps, await workshopPointsOf(deps)));

    // then: Les Économes (9 points) ahead of Les Sobres (2)
    expect(fromEvents).toEqual((await getLeaderboard(deps)).rows);
    expect(fromEvents.map((row) => [row.teamId, row.points])).toEqual([
      ['econes', 9],
      ['sobres', 2],
    ]);
  });

  it('holds only the rules and no team on a fresh challenge', async () => {
    // given
    const deps = memoryDeps();
    await givenChallenge(deps);

    // when
    const snapshot = await exportSnapshot(deps);

    // then
    expect(snapshot).toMatchObject({ teams: [], workshops: [], answers: [], checkins: [] });
  });
});
