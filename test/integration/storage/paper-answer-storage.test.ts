import type { EventRepository, RecordedAnswer } from '../../../src/domain/ports';
import { TableChallengeRepository } from '../../../src/storage/azure/challenge-repository';
import { TableEventRepository } from '../../../src/storage/azure/event-repository';
import { TableQuizRepository } from '../../../src/storage/azure/quiz-repository';
import type { TableSet } from '../../../src/storage/azure/tables';
import { MemoryEventRepository } from '../../../src/storage/memory';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { freshTables } from '../../support/storage';

/**
 * What paper answers, quizzes open until the end and training links add to the store, on Azurite and in the
 * in-memory twin alike: an answer keeps who entered it from paper (no column when the agent answered in Teams), a
 * quiz without an organiser's close reads back without one, a challenge keeps its training links.
 */
let tables: TableSet;
beforeAll(async () => {
  tables = await freshTables();
});

const answer = (questionId: string, enteredBy?: string): RecordedAnswer => ({
  questionId,
  quizId: 'j1',
  choiceIds: ['b'],
  correct: true,
  points: 2,
  at: '2026-11-23T09:30:00.000Z',
  ...(enteredBy !== undefined ? { enteredBy } : {}),
});

describe.each<[string, () => EventRepository]>([
  ['Azure Tables', () => new TableEventRepository(tables)],
  ['in memory', () => new MemoryEventRepository()],
])('an answer entered from paper (%s)', (_name, events) => {
  it('given an answer entered by an organiser, when read back any way, then it says who entered it', async () => {
    const repo = events();
    const challengeId = `c-paper-${Math.random().toString(36).slice(2, 8)}`;

    await repo.recordAnswer(challengeId, 'agent-1', answer('q1', 'orga-1'));
    await repo.recordAnswer(challengeId, 'agent-1', answer('q2'));
    await repo.recordAnswer(challengeId, 'agent-1', answer('q3', ''));

    const byPoint = await repo.answersTo(challengeId, 'agent-1', ['q1', 'q2', 'q3']);
    const byPartition = await repo.answersOf(challengeId, 'agent-1');
    const all: RecordedAnswer[] = [];
    for await (const event of repo.all(challengeId)) if (event.kind === 'answer') all.push(event);
    for (const read of [byPoint, byPartition, all]) {
      const byId = new Map(read.map((a) => [a.questionId, a]));
      expect(byId.get('q1')?.enteredBy).toBe('orga-1');
      expect(byId.get('q2')).not.toHaveProperty('enteredBy');
      expect(byId.get('q3')).not.toHaveProperty('enteredBy');
    }
  });

  it('given an answer entered twice, then the first stays, with its author', async () => {
    const repo = events();
    const challengeId = `c-paper-${Math.random().toString(36).slice(2, 8)}`;
    await repo.recordAnswer(challengeId, 'agent-1', answer('q1', 'orga-1'));
    const again = await repo.recordAnswer(challengeId, 'agent-1', answer('q1', 'orga-2'));
    expect(again.recorded).toBe(false);
    expect(again.answer.enteredBy).toBe('orga-1');
    expect(again.tally.points).toBe(2);
  });
});

describe('quizzes and challenges on Azure Tables', () => {
  it('reads back a quiz without a close of its own, and one with an organiser’s close', async () => {
    const quizzes = new TableQuizRepository(tables);
    const { closeAt: _none, ...open } = buildQuiz(1, { challengeId: 'c-close' });
    await quizzes.save(open);
    await quizzes.save(buildQuiz(2, { challengeId: 'c-close' }));
    const fresh = new TableQuizRepository(tables); // past the cache
    expect(await fresh.get('c-close', 'j1')).not.toHaveProperty('closeAt');
    expect((await fresh.get('c-close', 'j2'))?.closeAt).toBe('18:00');
  });

  it('keeps a challenge’s training links', async () => {
    const challenges = new TableChallengeRepository(tables);
    const trainingLinks = { messagerie: { label: 'Parcours', url: 'https://formation.ville.fr/' } };
    await challenges.saveAsCurrent(buildChallenge({ id: 'c-links', trainingLinks }));
    await challenges.saveAsCurrent(buildChallenge({ id: 'c-none' }));
    const fresh = new TableChallengeRepository(tables);
    expect((await fresh.get('c-links'))?.trainingLinks).toEqual(trainingLinks);
    expect(await fresh.get('c-none')).not.toHaveProperty('trainingLinks');
  });
});
