import { CardFactory, MessageFactory } from 'botbuilder';
import type { Announcement } from '../domain/announcements';
import type { SendRecord } from '../domain/broadcast';
import type { PayloadBuilder } from '../domain/ports';
import type { UseCaseDeps } from '../usecases/deps';
import { announcementCard } from './cards/announcement-card';

/** Read again after this long: an organiser's cancel must stop the cards within about a second. */
const REREAD_MS = 1000;

/**
 * The card of an announcement send, for each recipient. The announcement is read at most once a second per send
 * (thousands of cards, one read each second); a cancelled one sends nothing more (the delivery is skipped).
 */
export function announcementPayload(deps: Pick<UseCaseDeps, 'announcements'>): PayloadBuilder {
  const cache = new Map<string, { at: number; value: Promise<Announcement | null> }>();
  const announcementOf = (send: SendRecord): Promise<Announcement | null> => {
    // Elapsed time, not the challenge's clock (which tests hold still): how fresh a read is.
    const now = performance.now();
    const cached = cache.get(send.id);
    if (cached && now - cached.at < REREAD_MS) return cached.value;
    const value = deps.announcements.get(send.challengeId, send.subject).then((found) => found);
    // A failed read is not kept: the next card reads again.
    value.catch(() => cache.delete(send.id));
    cache.set(send.id, { at: now, value });
    return value;
  };
  return async (send, recipient) => {
    const announcement = await announcementOf(send);
    if (!announcement || announcement.cancelledAt || announcement.state === 'cancelled')
      return null;
    return {
      ...MessageFactory.attachment(
        CardFactory.adaptiveCard(announcementCard(recipient.locale, announcement)),
      ),
      summary: announcement.title,
    };
  };
}
