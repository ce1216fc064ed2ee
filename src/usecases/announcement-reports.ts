import {
  nextSendingInstant,
  readAnnouncementDraft,
  type Announcement,
  type AnnouncementDraft,
  type SendingHours,
} from '../domain/announcements';
import { sendIdFor } from '../domain/broadcast';
import { DomainError } from '../domain/errors';
import { foldText } from '../domain/text';
import {
  audienceOf,
  checkAudience,
  count,
  requireOrganiser,
  statusOf,
  type AnnouncementStatus,
} from './announcements';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/**
 * What the bot's announcement cards stand on beyond `announcements.ts`: the audiences an organiser may pick, a
 * draft checked before it is sent (its audience counted), and the delivery report of an announcement as its
 * author's card shows it.
 */

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'agents' | 'teams' | 'announcements' | 'fanOut' | 'clock' | 'ids' | 'organiserIds'
>;

/** The audiences offered: every team of the challenge and every direction known among agents. */
export interface AudienceChoices {
  teams: { id: string; name: string }[];
  directions: string[];
}

/** The teams and directions an announcement can go to (organisers only). */
export async function announcementChoices(
  deps: Deps,
  input: { by: string },
): Promise<AudienceChoices> {
  await requireOrganiser(deps, input.by);
  const challenge = await currentChallenge(deps);
  const teams = (await deps.teams.list(challenge.id))
    .map((team) => ({ id: team.id, name: team.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  // A direction is written by hand in the directory: one entry per folded spelling, the first one seen kept.
  const directions = new Map<string, string>();
  for await (const agent of deps.agents.all()) {
    const direction = agent.direction?.trim();
    if (direction && !directions.has(foldText(direction)))
      directions.set(foldText(direction), direction);
  }
  return {
    teams,
    directions: [...directions.values()].sort((a, b) => a.localeCompare(b, 'fr')),
  };
}

/** A draft ready to send: read, its audience known and counted, and when it would go out. */
export interface CheckedAnnouncement {
  draft: AnnouncementDraft;
  audienceSize: number;
  /** When a send confirmed now would start (now, or the next opening of the sending hours). */
  sendAt: number;
  timeZone: string;
}

/**
 * Checks an announcement as `postAnnouncement` will (organisers only; the draft's fields and limits; a known,
 * non-empty audience) without keeping or sending anything: the preview an organiser confirms.
 */
export async function checkAnnouncement(
  deps: Deps,
  input: { by: string; draft: unknown; hours: SendingHours },
): Promise<CheckedAnnouncement> {
  await requireOrganiser(deps, input.by);
  const draft = readAnnouncementDraft(input.draft);
  const challenge = await currentChallenge(deps);
  await checkAudience(deps, challenge, draft.audience);
  const audienceSize = await count(audienceOf(deps, challenge, draft.audience)());
  if (audienceSize === 0)
    throw new DomainError('audience_empty', 'nobody in this audience can be reached', {
      audience: draft.audience.kind,
    });
  return {
    draft,
    audienceSize,
    sendAt: nextSendingInstant(deps.clock.now(), challenge.timeZone, input.hours),
    timeZone: challenge.timeZone,
  };
}

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
