import { CardFactory, MessageFactory } from 'botbuilder';
import type { SendRecord } from '../domain/broadcast';
import { isDomainError } from '../domain/errors';
import type { Podium } from '../domain/podium';
import type { PayloadBuilder } from '../domain/ports';
import type { UseCaseDeps } from '../usecases/deps';
import {
  isPodiumPreview,
  podiumAudience,
  podiumOf,
  type PodiumAudience,
} from '../usecases/publish-podium';
import { podiumCard } from './cards/podium-card';
import { t } from './messages';

/** How long a send keeps the podium it read first: every recipient of one send gets the same podium. */
const PER_SEND_MS = 10 * 60_000;

/**
 * What a podium send carries to each recipient: the podium card; an organiser's preview (a send of its own) adds
 * the button that publishes it to everyone. Nothing when the podium is gone (no point any more: a reset store).
 */
export function podiumPayload(
  deps: Pick<UseCaseDeps, 'challenges' | 'teams' | 'agents' | 'channels' | 'clock'>,
  options: { publicUrl?: string } = {},
): PayloadBuilder {
  // The ranking is read once per send, not once per agent; sends are few, the map stays small.
  const perSend = new Map<string, { at: number; podium: Promise<Podium | null> }>();
  const podiumFor = (send: SendRecord): Promise<Podium | null> => {
    const now = deps.clock.now();
    for (const [id, kept] of perSend) if (now - kept.at >= PER_SEND_MS) perSend.delete(id);
    const kept = perSend.get(send.id);
    if (kept) return kept.podium;
    const podium = podiumOf(deps).catch((error: unknown) => {
      perSend.delete(send.id);
      if (isDomainError(error, 'podium_empty')) return null;
      throw error;
    });
    perSend.set(send.id, { at: now, podium });
    return podium;
  };
  return async (send, recipient) => {
    const podium = await podiumFor(send);
    if (!podium) return null;
    let organiser: { audience: PodiumAudience } | undefined;
    if (isPodiumPreview(send.subject)) organiser = { audience: await podiumAudience(deps) };
    const card = podiumCard(recipient.locale, podium, { publicUrl: options.publicUrl, organiser });
    return {
      ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
      summary: t(recipient.locale, 'podium.title'),
    };
  };
}
