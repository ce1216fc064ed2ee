import { memoryDeps } from '../../../src/storage/memory';
import { importQuizBank } from '../../../src/usecases/import-quiz-bank';
import {
  buildQuestion,
  givenChallenge,
  givenQuiz,
  quizBankCsv,
  quizBankJson,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Monday 23 November 2026 at 10:00: day 1's quiz opened at 09:00, the others are still to come. */
const MONDAY_MORNING = '2026-11-23T10:00:00+01:00';

async function aRunningChallenge() {
  const deps = memoryDeps({ clock: clockAt(MONDAY_MORNING) });
  await givenChallenge(deps);
  return deps;
}

describe('importing the quiz bank', () => {
  it('saves each day of a CSV bank as that day’s quiz, with its questions in file order', async () => {
    // given
    const deps = await aRunningChallenge();
    const csv = quizBankCsv([
      { day: 2, questionId: 'n2-q1' },
      { day: 2, questionId: 'n2-q2', correct: 'a;c' },
      { day: 3, questionId: 'n3-q1', sendAt: '10:00' },
    ]);

    // when
    const result = await importQuizBank(deps, { text: csv, format: 'csv' });

    // then
    expect(result).toEqual({ saved: [2, 3], kept: [] });
    expect((await deps.quizzes.get('c1', 'j2'))?.questions.map((q) => [q.id, q.correct])).toEqual([
      ['n2-q1', ['b']],
      ['n2-q2', ['a', 'c']],
    ]);
    expect(await deps.quizzes.get('c1', 'j3')).toMatchObject({
      day: 3,
      sendAt: '10:00',
      closeAt: '18:00',
    });
  });

  it('reads a JSON bank as well', async () => {
    // given
    const deps = await aRunningChallenge();
    const json = quizBankJson([{ day: 4, questions: [buildQuestion('n4-q1')] }]);

    // when
    const result = await importQuizBank(deps, { text: json, format: 'json' });

    // then
    expect(result).toEqual({ saved: [4], kept: [] });
    expect((await deps.quizzes.get('c1', 'j4'))?.questions).toEqual([buildQuestion('n4-q1')]);
  });

  it('keeps the questions of a day whose quiz has opened: agents may have answered them', async () => {
    // given day 1's quiz, open since 09:00
    const deps = await aRunningChallenge();
    const opened = await givenQuiz(deps, 1);

    // when
    const result = await importQuizBank(deps, {
      text: quizBankCsv([
        { day: 1, questionId: 'n1-q1' },
        { day: 2, questionId: 'n2-q1' },
      ]),
      format: 'csv',
    });

    // then
    expect(result).toEqual({ saved: [2], kept: [1] });
    expect(await deps.quizzes.get('c1', 'j1')).toEqual(opened);
  });

  it('replaces a day whose quiz has not opened yet', async () => {
    // given day 2's quiz, to open tomorrow
    const deps = await aRunningChallenge();
    await givenQuiz(deps, 2);

    // when
    const result = await importQuizBank(deps, {
      text: quizBankCsv([{ day: 2, questionId: 'new' }]),
      format: 'csv',
    });

    // then
    expect(result.saved).toEqual([2]);
    expect((await deps.quizzes.get('c1', 'j2'))?.questions.map((q) => q.id)).toEqual(['new']);
  });

  it('leaves out days beyond the challenge’s length', async () => {
    // given a five-day challenge
    const deps = await aRunningChallenge();

    // when
    const result = await importQuizBank(deps, {
      text: quizBankCsv([{ day: 6, questionId: 'extra' }]),
      format: 'csv',
    });

    // then
    expect(result).toEqual({ saved: [], kept: [] });
    expect(await deps.quizzes.list('c1')).toEqual([]);
  });

  it('refuses a file with broken rows whole, naming each broken row’s line', async () => {
    // given rows 2 and 3 (lines 3 and 4) are broken
    const deps = await aRunningChallenge();
    const csv = quizBankCsv([
      { day: 2, questionId: 'ok-1' },
      { day: 2, questionId: 'bad-1', correct: 'z' },
      { day: 3, questionId: 'bad-2', sourceUrl: 'http://insecure.example' },
      { day: 3, questionId: 'ok-2' },
    ]);

    // when
    const importing = importQuizBank(deps, { text: csv, format: 'csv' });

    // then nothing is saved
    await expect(importing).rejects.toMatchObject({ code: 'invalid_import' });
    await expect(importing).rejects.toThrow('line 3: question bad-1: correct choice "z"');
    await expect(importing).rejects.toThrow(
      'line 4: question bad-2: source URL must start with https://',
    );
    expect(await deps.quizzes.list('c1')).toEqual([]);
  });
});
