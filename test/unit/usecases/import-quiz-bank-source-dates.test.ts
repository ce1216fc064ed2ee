import { isDomainError } from '../../../src/domain/errors';
import { memoryDeps } from '../../../src/storage/memory';
import { importQuizBank } from '../../../src/usecases/import-quiz-bank';
import { buildQuestion, givenChallenge, quizBankJson } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Monday 23 November 2026, 10:00 in Paris: "today" for the sources of an imported bank. */
const MONDAY_MORNING = '2026-11-23T10:00:00+01:00';

async function aRunningChallenge() {
  const deps = memoryDeps({ clock: clockAt(MONDAY_MORNING) });
  await givenChallenge(deps);
  return deps;
}

const source = (consultedOn?: string) => ({
  title: 'CNIL',
  url: 'https://www.cnil.fr/',
  ...(consultedOn ? { consultedOn } : {}),
});

describe('importing a quiz bank: the dates its sources were consulted', () => {
  it('keeps a date that is given, and accepts a bank written before sources had dates', async () => {
    // given a bank with a dated source and an undated one
    const deps = await aRunningChallenge();
    const json = quizBankJson([
      {
        day: 2,
        questions: [
          buildQuestion('n2-q1', { source: source('2026-11-20') }),
          buildQuestion('n2-q2', { source: source() }),
        ],
      },
    ]);

    // when it is imported
    await importQuizBank(deps, { text: json, format: 'json' });

    // then the date travels with the question, and the undated source stays undated
    expect((await deps.quizzes.get('c1', 'j2'))?.questions.map((q) => q.source)).toEqual([
      source('2026-11-20'),
      source(),
    ]);
  });

  it('refuses a source consulted after today, naming the question', async () => {
    const deps = await aRunningChallenge();
    const json = quizBankJson([
      { day: 2, questions: [buildQuestion('n2-q1', { source: source('2026-11-24') })] },
    ]);

    let thrown: unknown;
    try {
      await importQuizBank(deps, { text: json, format: 'json' });
    } catch (error) {
      thrown = error;
    }

    expect(isDomainError(thrown, 'invalid_import')).toBe(true);
    expect((thrown as Error).message).toContain(
      'question n2-q1: source consulted on 2026-11-24, after today (2026-11-23)',
    );
    expect(await deps.quizzes.get('c1', 'j2')).toBeNull();
  });
});
