import type { Announcement } from '../domain/announcements';
import { sendIdFor } from '../domain/broadcast';
import { statusOf, type AnnouncementStatus } from './announcements';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** The delivery report of an announcement as its author's card in the bot shows it, and when it is final. */

type Deps = Pick<UseCaseDeps, 'challenges' | 'fanOut' | 'clock'>;

/** How long a stopped send's figures may still move (requests already on their way, queued cards skipped). */
const STOPPED_SETTLES_MS = 60_000;

/** An announcement's delivery report, as its author's card shows it. */
export interface AnnouncementReport {
  status: AnnouncementStatus;
  timeZone: string;
  /** What the card shows, in one string: when it changes, the card is drawn again. */
  figures: string;
  /** Nothing will change any more: the card is drawn a last time. */
  settled: boolean;
}

/** The figures that decide whether a report card must be drawn again. */
export function reportFigures(status: AnnouncementStatus): string {
  return [
    status.state,
    status.total,
    status.sent,
    status.failed,
    status.skipped,
    status.pending,
  ].join('/');
}

/**
 * The report of one announcement, for the job that keeps its author's card up to date (no organiser check: the
 * card was asked for by one). A send is settled when it is done, or stopped and either drained or stopped long
 * enough ago that what was on its way has come back.
 */
export async function announcementReportOf(
  deps: Deps,
  announcement: Announcement,
): Promise<AnnouncementReport> {
  const challenge = await currentChallenge(deps);
  const progress = await deps.fanOut.progressOf(
    announcement.sendId ?? sendIdFor('announcement', challenge.id, announcement.id),
  );
  const status = statusOf(announcement, progress);
  const stoppedAt = Date.parse(announcement.cancelledAt ?? '');
  const settled =
    status.state === 'done' ||
    (status.state === 'cancelled' &&
      (progress === null ||
        status.pending === 0 ||
        (!Number.isNaN(stoppedAt) && deps.clock.now() - stoppedAt > STOPPED_SETTLES_MS)));
  return { status, timeZone: challenge.timeZone, figures: reportFigures(status), settled };
}
