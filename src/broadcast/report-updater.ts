import type { Announcement } from '../domain/announcements';
import type {
  AnnouncementRepository,
  ChallengeRepository,
  Messenger,
  OutgoingActivity,
} from '../domain/ports';
import type { Logger } from '../log';
import type { RateLimiter } from './rate-limiter';

/** What an announcement's report card shows now, as the bot edge draws it (this side knows no card). */
export interface ReportView {
  /** The figures shown, in one string: the card is drawn again only when they change. */
  figures: string;
  /** Nothing will change any more: this drawing is the last. */
  final: boolean;
  activity: OutgoingActivity;
}

/** The ports the report job stands on. */
export interface ReportUpdaterPorts {
  challenges: Pick<ChallengeRepository, 'current'>;
  announcements: AnnouncementRepository;
  messenger: Pick<Messenger, 'update'>;
  /** The instance's one rate limiter: a card update is a request like any other. */
  limiter: Pick<RateLimiter, 'acquire' | 'used' | 'refund'>;
  /** Draws the report of an announcement that has a report card (built by the bot edge). */
  report(announcement: Announcement): Promise<ReportView>;
  log: Logger;
}

export const REPORT_INTERVAL_MS = 10_000;

/** A refusal that will not change on a retry: the card is gone or the bot may no longer write there. */
function isPermanent(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return status === 400 || status === 403 || status === 404;
}

/**
 * Keeps organisers' report cards up to date: every 10 s, each announcement with a report card whose figures
 * changed since the card last showed them is drawn again in place, and a last time when its send is over.
 *
 * Several instances run it: the right to update a card is taken by writing the new figures on the announcement
 * against the version read, so two jobs seeing the same change make one update. A card is first touched the tick
 * after the one that first saw it, so that no update can land before the invoke response that drew it.
 */
export class ReportUpdater {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  /** Announcements seen at an earlier tick of this job. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly ports: ReportUpdaterPorts,
    private readonly options: { intervalMs?: number } = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? REPORT_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the current challenge's announcements; returns how many cards it updated. Never throws. */
  tick(): Promise<number> {
    // One pass at a time per instance: a slow store must not stack passes.
    this.running ??= this.pass()
      .catch((error: unknown) => {
        this.ports.log.warn('report cards not updated', { error });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(): Promise<number> {
    const challenge = await this.ports.challenges.current();
    if (!challenge) return 0;
    let updated = 0;
    for (const announcement of await this.ports.announcements.list(challenge.id)) {
      if (announcement.preview || !announcement.reportCard) continue;
      if (announcement.reportedFinal) {
        this.seen.delete(announcement.id);
        continue;
      }
      if (!this.seen.has(announcement.id)) {
        this.seen.add(announcement.id);
        continue;
      }
      if (await this.update(announcement)) updated += 1;
    }
    return updated;
  }

  /** Draws one card again if its figures changed; false when there was nothing to do or another job did it. */
  private async update(announcement: Announcement): Promise<boolean> {
    const { announcements, limiter, messenger, log } = this.ports;
    const card = announcement.reportCard!;
    const view = await this.ports.report(announcement);
    const fresh = await announcements.get(announcement.challengeId, announcement.id);
    if (!fresh || fresh.reportedFinal) return false;
    if (fresh.reported === view.figures) {
      // Already showing these figures: when they are the last, say so, and the card is never looked at again.
      if (view.final)
        await announcements.update(
          fresh.challengeId,
          fresh.id,
          { reportedFinal: true },
          fresh.etag,
        );
      return false;
    }
    const slot = await limiter.acquire();
    if (!slot) return false; // closing
    const taken = await announcements
      .update(
        fresh.challengeId,
        fresh.id,
        { reported: view.figures, reportedFinal: view.final },
        fresh.etag,
      )
      .catch((error: unknown) => {
        limiter.refund(slot);
        throw error;
      });
    if (taken === null) {
      limiter.refund(slot); // another job took this change
      return false;
    }
    limiter.used(slot);
    try {
      await messenger.update(card.conversationReference, card.activityId, view.activity);
      return true;
    } catch (error) {
      log.warn('report card not updated', { announcement: fresh.id, error });
      // Drawn again at the next tick, unless the card can no longer be written to.
      if (!isPermanent(error))
        await announcements
          .update(fresh.challengeId, fresh.id, { reported: '', reportedFinal: false })
          .catch(() => undefined);
      return false;
    }
  }
}
