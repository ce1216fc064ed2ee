import { parseQuizBankCsv, parseQuizBankJson, quizzesFromBank } from '../domain/quiz-bank';
import { quizWindow } from '../domain/quiz';
import { localDate } from '../domain/time';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/**
 * Replaces the running challenge's quiz bank with a JSON or CSV file. A file with any broken row is refused whole
 * (every problem with its line); a day whose quiz has already opened keeps the questions agents answered.
 */
export async function importQuizBank(
  deps: Pick<UseCaseDeps, 'challenges' | 'quizzes' | 'clock'>,
  input: { text: string; format: 'json' | 'csv' },
): Promise<{ saved: number[]; kept: number[] }> {
  const challenge = await currentChallenge(deps);
  // A source's consultation date is optional here: banks a city wrote before the date existed still import, and
  // their cards simply show no date. A date that is given must be a real one and not after today. The bundled bank
  // is held to more (every source dated) by its content test, test/unit/content/quiz-bank-content.test.ts.
  const options = { today: localDate(deps.clock.now(), challenge.timeZone) };
  const bank =
    input.format === 'csv'
      ? parseQuizBankCsv(input.text, challenge.title, options)
      : parseQuizBankJson(input.text, options);
  const saved: number[] = [];
  const kept: number[] = [];
  for (const quiz of quizzesFromBank(bank, challenge.id, challenge.days)) {
    const current = await deps.quizzes.get(challenge.id, quiz.id);
    if (current && quizWindow(challenge, current).opensAt <= deps.clock.now()) {
      kept.push(quiz.day);
      continue;
    }
    await deps.quizzes.save(quiz);
    saved.push(quiz.day);
  }
  return { saved, kept };
}
