import { CardFactory, MessageFactory } from 'botbuilder';
import type { Challenge } from '../domain/challenge';
import { quizClose, quizWindow, type DailyQuiz } from '../domain/quiz';
import { localTime } from '../domain/time';
import type { Workshop } from '../domain/workshops';
import type { Recipient, SendRecord } from '../domain/broadcast';
import type { Locale } from '../domain/agents';
import type { OutgoingActivity, PayloadBuilder, PayloadBuilders } from '../domain/ports';
import type { UseCaseDeps } from '../usecases/deps';
import { quizProgress, type QuizProgress } from '../usecases/quiz-progress';
import { announcementPayload } from './announcement-payload';
import { workshopReminderCard } from './cards/workshop-reminder-card';
import { quizCard } from './cards/quiz-card';
import { podiumPayload } from './podium-payload';
import { dateText, t } from './messages';
import { perSend } from './per-send';

/**
 * How long after a quiz opens its morning card is built from the quiz alone, without reading the agent's answers:
 * longer than a send takes (10,000 agents at 50/s: under 4 minutes), short enough that hardly anyone has answered
 * by any other way (see `openingCardFor` below).
 */
export const OPENING_CARD_MS = 15 * 60_000;

/** The quiz card of one agent's progress, as a message. */
function quizPayload(locale: Locale, progress: QuizProgress): OutgoingActivity {
  return {
    ...MessageFactory.attachment(CardFactory.adaptiveCard(quizCard(locale, progress))),
    summary: t(locale, 'quiz.title', { day: '' }),
  };
}

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
  // The quiz's window (time-zone arithmetic: not per card) and its opening card, one per send and language,
  // shared by every delivery (the messenger copies what it sends).
  const openingOf = perSend(async (send) => {
    const [challenge, quiz] = await subjectOf(send);
    return {
      window: challenge && quiz ? quizWindow(challenge, quiz) : null,
      cards: new Map<Locale, OutgoingActivity>(),
    };
  }, minute);
  /**
   * The morning card of a quiz that opened less than OPENING_CARD_MS ago, without a read of the agent's answers:
   * at that point the one card that can differ is that of an agent who asked for the quiz themselves (`quiz`) and
   * answered before their card came. That card starts again at question 1, and its first click says "already
   * answered" with their own card in place (handlers/quiz-answer.ts rebuilds it from their answers): a click, not
   * a wrong score. Later (a send started late, a delivery retried for long) and for reminders, which must skip
   * whoever answered, each card is built from the agent's answers.
   */
  const openingCardFor = async (send: SendRecord, recipient: Recipient) => {
    const [challenge, quiz] = await subjectOf(send);
    const { window, cards } = await openingOf(send);
    if (!challenge || !quiz || !window) return undefined;
    const now = deps.clock.now();
    // Open (as quizState says), and opened less than OPENING_CARD_MS ago.
    if (now < window.opensAt || now >= window.closesAt || now - window.opensAt >= OPENING_CARD_MS)
      return undefined;
    let card = cards.get(recipient.locale);
    if (!card) {
      card = quizPayload(recipient.locale, { challenge, quiz, state: 'open', answers: new Map() });
      cards.set(recipient.locale, card);
    }
    return card;
  };
  return {
    quiz: async (send, recipient) => {
      const opening = await openingCardFor(send, recipient);
      if (opening) return opening;
      const progress = await progressOf(send, recipient);
      if (!progress || progress.state === 'closed') return null;
      return quizPayload(recipient.locale, progress);
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
