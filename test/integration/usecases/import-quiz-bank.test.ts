import { createDeps } from '../../../src/app';
import { isDomainError } from '../../../src/domain/errors';
import { importQuizBank } from '../../../src/usecases/import-quiz-bank';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { freshTables } from '../../support/storage';
import { FakeClock } from '../../support/test-app';

const HEADER = 'day,sendAt,closeAt,questionId,theme,text,choiceA,choiceB,choiceC,choiceD,choiceE,choiceF,correct,explanation,sourceTitle,sourceUrl';
const row = (day: number, id: string, correct = 'b', url = 'https://www.ademe.fr/') =>
  `${day},09:00,18:00,${id},energie-donnees,"Question ${id}, vraiment ?",Oui,Non,Peut-être,,,,${correct},"Parce que.",ADEME,${url}`;

describe('importQuizBank', () => {
  async function setup() {
    const clock = new FakeClock(Date.parse('2026-11-23T10:00:00+01:00'));
    const deps = createDeps(await freshTables(), { clock });
    await deps.challenges.saveAsCurrent(buildChallenge());
    return { deps, clock };
  }

  it('imports a CSV bank, and keeps a day whose quiz has already opened', async () => {
    const { deps } = await setup();
    await deps.quizzes.save(buildQuiz(1)); // day 1 opened at 09:00 today
    const csv = [HEADER, row(1, 'n1-q1'), row(2, 'n2-q1'), row(2, 'n2-q2', 'a;c'), row(3, 'n3-q1')].join('\n');
    const result = await importQuizBank(deps, { text: csv, format: 'csv' });
    expect(result).toEqual({ saved: [2, 3], kept: [1] });
    expect((await deps.quizzes.get('c1', 'j1'))!.questions[0]!.id).toBe('j1-q1');
    expect((await deps.quizzes.get('c1', 'j2'))!.questions.map((q) => q.correct)).toEqual([['b'], ['a', 'c']]);
  });

  it('refuses a file with broken rows whole, naming each row’s line', async () => {
    const { deps } = await setup();
    const csv = [HEADER, row(2, 'ok-1'), row(2, 'bad-1', 'z'), row(3, 'bad-2', 'b', 'http://insecure.example'), row(3, 'ok-2')].join('\n');
    let thrown: unknown;
    try {
      await importQuizBank(deps, { text: csv, format: 'csv' });
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, 'invalid_import')).toBe(true);
    expect((thrown as Error).message).toContain('line 3: question bad-1: correct choice "z"');
    expect((thrown as Error).message).toContain('line 4: question bad-2: source URL must start with https://');
    expect(await deps.quizzes.list('c1')).toEqual([]);
  });
});
