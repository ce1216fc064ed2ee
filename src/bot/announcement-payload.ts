import { CardFactory, MessageFactory } from 'botbuilder';
import type { PayloadBuilder } from '../domain/ports';
import type { UseCaseDeps } from '../usecases/deps';
import { announcementCard } from './cards/announcement-card';
import { perSend } from './per-send';

/** Read again after this long: an organiser's cancel must stop the cards within about a second. */
const REREAD_MS = 1000;

/**
 * The card of an announcement send, for each recipient. The announcement is read at most once a second per send
 * (thousands of cards, one read each second); a cancelled one sends nothing more (the delivery is skipped).
 */
export function announcementPayload(deps: Pick<UseCaseDeps, 'announcements'>): PayloadBuilder {
  // Elapsed time, not the challenge's clock (which tests hold still): a cancel shows within a second.
  const announcementOf = perSend((send) => deps.announcements.get(send.challengeId, send.subject), {
    ttlMs: REREAD_MS,
    now: () => performance.now(),
  });
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
