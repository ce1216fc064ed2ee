import { isDomainError } from '../../../src/domain/errors';
import { importQuizBank } from '../../../src/usecases/import-quiz-bank';
import { buildChallenge, buildQuiz, quizBankCsv } from '../../support/builders';
import { FakeClock } from '../../support/clock';
import { freshTables, tableDeps } from '../../support/storage';

describe('importQuizBank', () => {
  async function setup() {
    const clock = new FakeClock(Date.parse('2026-11-23T10:00:00+01:00'));
    const deps = tableDeps(await freshTables(), { clock });
    await deps.challenges.saveAsCurrent(buildChallenge());
    return { deps, clock };
  }

  it('imports a CSV bank, and keeps a day whose quiz has already opened', async () => {
    const { deps } = await setup();
    await deps.quizzes.save(buildQuiz(1)); // day 1 opened at 09:00 today
    const csv = quizBankCsv([
      { day: 1, questionId: 'n1-q1' },
      { day: 2, questionId: 'n2-q1' },
      { day: 2, questionId: 'n2-q2', correct: 'a;c' },
      { day: 3, questionId: 'n3-q1' },
    ]);
    const result = await importQuizBank(deps, { text: csv, format: 'csv' });
    expect(result).toEqual({ saved: [2, 3], kept: [1] });
    expect((await deps.quizzes.get('c1', 'j1'))!.questions[0]!.id).toBe('j1-q1');
    expect((await deps.quizzes.get('c1', 'j2'))!.questions.map((q) => q.correct)).toEqual([
      ['b'],
      ['a', 'c'],
    ]);
  });

  it('refuses a file with broken rows whole, naming each row’s line', async () => {
    const { deps } = await setup();
    const csv = quizBankCsv([
      { day: 2, questionId: 'ok-1' },
      { day: 2, questionId: 'bad-1', correct: 'z' },
      { day: 3, questionId: 'bad-2', sourceUrl: 'http://insecure.example' },
      { day: 3, questionId: 'ok-2' },
    ]);
    let thrown: unknown;
    try {
      await importQuizBank(deps, { text: csv, format: 'csv' });
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, 'invalid_import')).toBe(true);
    expect((thrown as Error).message).toContain('line 3: question bad-1: correct choice "z"');
    expect((thrown as Error).message).toContain(
      'line 4: question bad-2: source URL must start with https://',
    );
    expect(await deps.quizzes.list('c1')).toEqual([]);
  });
});
