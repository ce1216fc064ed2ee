import { reachableRecipients, type StartedSend } from '../domain/broadcast';
import type { Challenge } from '../domain/challenge';
import { dateOfDay } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import { quizClose, quizIdForDay, quizSendingWindow, type DailyQuiz } from '../domain/quiz';
import { daysBetween, zonedInstant } from '../domain/time';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** The quiz of a local date (YYYY-MM-DD) of the running challenge. */
export async function quizOfDate(
  deps: Pick<UseCaseDeps, 'challenges' | 'quizzes'>,
  date: string,
): Promise<{ challenge: Challenge; quiz: DailyQuiz }> {
  const challenge = await currentChallenge(deps);
  const day = daysBetween(challenge.startDate, date) + 1;
  const quiz =
    day >= 1 && day <= challenge.days
      ? await deps.quizzes.get(challenge.id, quizIdForDay(day))
      : null;
  if (!quiz)
    throw new DomainError('quiz_unknown', `no quiz on ${date} in challenge ${challenge.id}`);
  return { challenge, quiz };
}

/**
 * Sends a day's quiz card to every reachable agent — or, for 'reminder', the afternoon nudge to those who have not
 * answered yet (each agent is checked when their turn comes) — once, whoever asks (scheduler, organiser, CLI).
 */
export async function sendDailyQuiz(
  deps: Pick<UseCaseDeps, 'challenges' | 'quizzes' | 'agents' | 'fanOut' | 'clock'>,
  input: { date: string; requestedBy: string; kind?: 'quiz' | 'reminder' },
): Promise<StartedSend> {
  const { challenge, quiz } = await quizOfDate(deps, input.date);
  const close = quizClose(challenge, quiz);
  if (close.at <= deps.clock.now()) {
    throw new DomainError('quiz_closed', 'this quiz is already closed', {
      time: close.time ?? '24:00',
      date: close.lastDate,
    });
  }
  return deps.fanOut.start({
    kind: input.kind ?? 'quiz',
    challengeId: challenge.id,
    subject: quiz.id,
    requestedBy: input.requestedBy,
    recipients: () => reachableRecipients(deps.agents.all()),
  });
}

/**
 * What the scheduler should start now: the day's quiz once its send time has come, the reminder at its time, both
 * on the quiz's own day only (a quiz open for the rest of the week is not sent again).
 */
export function dueSends(
  challenge: Challenge,
  quizzes: readonly DailyQuiz[],
  now: number,
  reminderAt: string | null,
): { kind: 'quiz' | 'reminder'; date: string }[] {
  const due: { kind: 'quiz' | 'reminder'; date: string }[] = [];
  for (const quiz of quizzes) {
    const { opensAt, endsAt } = quizSendingWindow(challenge, quiz);
    if (now < opensAt || now >= endsAt) continue;
    const date = dateOfDay(challenge, quiz.day);
    due.push({ kind: 'quiz', date });
    if (reminderAt) {
      const remindAt = zonedInstant(date, reminderAt, challenge.timeZone);
      if (remindAt > opensAt && now >= remindAt) due.push({ kind: 'reminder', date });
    }
  }
  return due;
}
