import type { StartedSend } from '../domain/broadcast';
import { dueWorkshopReminders } from '../domain/workshops';
import { startDueAnnouncements } from './announcements';
import type { UseCaseDeps } from './deps';
import { dueSends, sendDailyQuiz } from './send-daily-quiz';
import { sendWorkshopReminder } from './workshop-reminders';

export interface ScheduledSendsSettings {
  /** Local time (HH:MM) of the afternoon quiz reminder, or null when there is none. */
  reminderAt: string | null;
}

/**
 * The scheduler's policy: each call starts the sends due now — the day's quiz and its reminder, each workshop's
 * reminder, the announcements whose sending hour has come — and returns what it started or found started. A send seen fully enqueued is remembered, so later
 * ticks of this process do not ask the store about it again; sends are claimed once anyway, so another instance
 * ticking too changes nothing.
 */
export function scheduledSends(
  deps: Pick<
    UseCaseDeps,
    | 'challenges'
    | 'quizzes'
    | 'workshops'
    | 'signups'
    | 'agents'
    | 'teams'
    | 'announcements'
    | 'fanOut'
    | 'clock'
    | 'ids'
    | 'organiserIds'
  >,
  settings: ScheduledSendsSettings,
): () => Promise<StartedSend[]> {
  const enqueued = new Set<string>();
  const once = async (
    key: string,
    start: () => Promise<StartedSend>,
  ): Promise<StartedSend | null> => {
    if (enqueued.has(key)) return null;
    const result = await start();
    if (result.send.state === 'enqueued') enqueued.add(key);
    return result;
  };
  return async () => {
    const challenge = await deps.challenges.current();
    if (!challenge) return [];
    const started: StartedSend[] = [];
    const quizzes = await deps.quizzes.list(challenge.id);
    for (const due of dueSends(challenge, quizzes, deps.clock.now(), settings.reminderAt)) {
      const result = await once(`${due.kind}.${challenge.id}.${due.date}`, () =>
        sendDailyQuiz(deps, { date: due.date, requestedBy: 'scheduler', kind: due.kind }),
      );
      if (result) started.push(result);
    }
    for (const workshop of dueWorkshopReminders(
      await deps.workshops.list(challenge.id),
      deps.clock.now(),
    )) {
      const result = await once(`workshop-reminder.${challenge.id}.${workshop.id}`, () =>
        sendWorkshopReminder(deps, { workshopId: workshop.id, requestedBy: 'scheduler' }),
      );
      if (result) started.push(result);
    }
    await startDueAnnouncements(deps);
    return started;
  };
}
