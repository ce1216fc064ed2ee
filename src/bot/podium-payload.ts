import { CardFactory, MessageFactory } from 'botbuilder';
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
import { perSend } from './per-send';

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
  // The ranking is read once per send, not once per agent: every recipient of one send gets the same podium.
  const podiumFor = perSend(
    (): Promise<Podium | null> =>
      podiumOf(deps).catch((error: unknown) => {
        if (isDomainError(error, 'podium_empty')) return null;
        throw error;
      }),
    { ttlMs: PER_SEND_MS, now: () => deps.clock.now() },
  );
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
