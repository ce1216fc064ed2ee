import { CardFactory, MessageFactory } from 'botbuilder';
import type { Challenge } from '../domain/challenge';
import { quizClose, type DailyQuiz } from '../domain/quiz';
import { localTime } from '../domain/time';
import type { Workshop } from '../domain/workshops';
import type { Recipient, SendRecord } from '../domain/broadcast';
import type { PayloadBuilder, PayloadBuilders } from '../domain/ports';
import type { UseCaseDeps } from '../usecases/deps';
import { quizProgress } from '../usecases/quiz-progress';
import { announcementPayload } from './announcement-payload';
import { workshopReminderCard } from './cards/workshop-reminder-card';
import { quizCard } from './cards/quiz-card';
import { podiumPayload } from './podium-payload';
import { dateText, t } from './messages';
import { perSend } from './per-send';

/** What each kind of send says to one agent, built at send time from what they have already done. */
export function broadcastPayloads(
  deps: UseCaseDeps,
  announcements: PayloadBuilder = announcementPayload(deps),
  podium: PayloadBuilder = podiumPayload(deps),
): PayloadBuilders {
  // A send's challenge and subject (quiz, workshop) do not change while it runs: read them once a minute, not
  // once per agent.
  const minute = { ttlMs: 60_000, now: () => deps.clock.now() };
  const subjectOf = perSend(async (send): Promise<[Challenge | null, DailyQuiz | null]> => {
    const challenge = await deps.challenges.get(send.challengeId);
    return [challenge, challenge ? await deps.quizzes.get(challenge.id, send.subject) : null];
  }, minute);
  const workshopOf = perSend(async (send): Promise<[Challenge | null, Workshop | null]> => {
    const challenge = await deps.challenges.get(send.challengeId);
    return [challenge, challenge ? await deps.workshops.get(challenge.id, send.subject) : null];
  }, minute);
  const progressOf = async (send: SendRecord, recipient: Recipient) => {
    const [challenge, quiz] = await subjectOf(send);
    return challenge && quiz ? quizProgress(deps, challenge, quiz, recipient.agentId) : null;
  };
  return {
    quiz: async (send, recipient) => {
      const progress = await progressOf(send, recipient);
      if (!progress || progress.state === 'closed') return null;
      const card = quizCard(recipient.locale, progress);
      return {
        ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
        summary: t(recipient.locale, 'quiz.title', { day: '' }),
      };
    },
    reminder: async (send, recipient) => {
      const progress = await progressOf(send, recipient);
      if (!progress || progress.state !== 'open') return null;
      if (progress.quiz.questions.every((q) => progress.answers.has(q.id))) return null;
      // A close set by an organiser is said as a time; by default the quiz stays open until the challenge ends.
      const close = quizClose(progress.challenge, progress.quiz);
      return {
        ...MessageFactory.text(
          close.time
            ? t(recipient.locale, 'quiz.reminder', { time: close.time })
            : t(recipient.locale, 'quiz.reminder.open', {
                date: dateText(recipient.locale, close.lastDate),
              }),
        ),
      };
    },
    announcement: announcements,
    podium,
    'workshop-reminder': async (send, recipient) => {
      const [challenge, workshop] = await workshopOf(send);
      if (!challenge || !workshop || deps.clock.now() >= Date.parse(workshop.startsAt)) return null;
      // Someone who gave their seat back since the send started is not reminded.
      if (!(await deps.signups.isSignedUp(challenge.id, workshop.id, recipient.agentId)))
        return null;
      const reminder = workshopReminderCard(recipient.locale, workshop, challenge.timeZone);
      return {
        ...MessageFactory.attachment(CardFactory.adaptiveCard(reminder)),
        summary: t(recipient.locale, 'workshop.reminder.title', {
          title: workshop.title,
          time: localTime(Date.parse(workshop.startsAt), challenge.timeZone),
        }),
      };
    },
  };
}
