import { rankSnapshot } from '../../../src/domain/scoring';
import { answerQuestion } from '../../../src/usecases/answer-question';
import { exportSnapshot } from '../../../src/usecases/export-snapshot';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { FakeClock } from '../../support/clock';
import { countStoreCalls } from '../../support/counting-pipeline';
import { freshTables, tableDeps } from '../../support/storage';

const empty = { points: 0, events: 0, lastAt: null };

async function aTeamOfTen() {
  const tables = await freshTables();
  const store = countStoreCalls(tables);
  const clock = new FakeClock(Date.parse('2026-11-23T10:00:00+01:00'));
  const deps = tableDeps(tables, { clock });
  await deps.challenges.saveAsCurrent(
    buildChallenge({ teamsLockAt: '2026-12-01T00:00:00Z', maxTeamSize: 10 }),
  );
  await deps.quizzes.save(buildQuiz(1));
  const mates = Array.from({ length: 10 }, (_, i) => `mate-${i}`);
  await deps.teams.create(
    'c1',
    { id: 'T', name: 'Les Sobres', nameKey: 'les sobres', joinCode: 'SOBRES', createdAt: '' },
    { agentId: mates[0]!, name: mates[0]! },
    empty,
  );
  for (const mate of mates.slice(1)) {
    await deps.teams.addMember('c1', 'T', { agentId: mate, name: mate }, empty, () => undefined);
  }
  // Someone outside the team answers first: the challenge and the quiz are then in their caches, as they are
  // for every answer but the first of an instance.
  await answerQuestion(deps, {
    agentId: 'someone-else',
    quizId: 'j1',
    questionId: 'j1-q1',
    choiceIds: ['b'],
  });
  store.reset();
  return { deps, store, mates };
}

describe('an answer’s round trips to the store', () => {
  it('given an agent in a team, when they answer, then it takes three store calls and no retry', async () => {
    // given
    const { deps, store, mates } = await aTeamOfTen();

    // when
    await answerQuestion(deps, {
      agentId: mates[3]!,
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // then: the ledger read, the answer with the ledger, the member's column on the team row
    expect(store.counts.byCall).toEqual({
      'Events point read': 1,
      'Events batch': 1,
      'Teams merge': 1,
    });
  });

  it('given ten team mates, when they all answer at once, then no answer retries and the ranking is the spec’s', async () => {
    // given
    const { deps, store, mates } = await aTeamOfTen();

    // when all ten answer the first question at the same moment, then the second
    for (const questionId of ['j1-q1', 'j1-q2']) {
      await Promise.all(
        mates.map((agentId, i) =>
          answerQuestion(deps, {
            agentId,
            quizId: 'j1',
            questionId,
            choiceIds: questionId === 'j1-q1' ? [i % 2 ? 'b' : 'a'] : ['a', 'c'],
          }),
        ),
      );
    }

    // then
    expect(store.counts.stale).toBe(0);
    expect(store.counts.calls).toBe(20 * 3);
    const team = await deps.teams.get('c1', 'T');
    expect(Object.values(team!.tallies).reduce((sum, t) => sum + t.events, 0)).toBe(20);
    const fromEvents = rankSnapshot(await exportSnapshot(deps));
    expect((await getLeaderboard(deps)).rows).toEqual(fromEvents);
  }, 30_000);

  it('given an agent who answers two questions at the same moment, then their team counts both', async () => {
    // given
    const { deps, mates } = await aTeamOfTen();

    // when: two questions clicked at once, ten times over (the copies race to the team row)
    for (let round = 0; round < 10; round++) {
      const agentId = mates[round]!;
      await Promise.all(
        ['j1-q1', 'j1-q2'].map((questionId) =>
          answerQuestion(deps, { agentId, quizId: 'j1', questionId, choiceIds: ['c'] }),
        ),
      );
    }

    // then: every member's copy is their latest tally
    const team = await deps.teams.get('c1', 'T');
    for (const agentId of mates) {
      expect(team!.tallies[agentId]).toEqual(await deps.events.tally('c1', agentId));
    }
  }, 30_000);
});
