import { isDomainError } from '../../domain/errors';
import { podiumForOrganiser, publishPodium } from '../../usecases/publish-podium';
import { card, text } from '../cards/adaptive';
import { PODIUM_PUBLISH_VERB, podiumCard } from '../cards/podium-card';
import { errorText, t } from '../messages';
import { cardActionRoute, commandRoute } from '../routing';

/** `podium`: an organiser's preview of the podium, with the button that publishes it to everyone. */
export const podiumPreviewRoute = commandRoute({
  kind: 'podium',
  async handle(context) {
    const { podium, audience } = await podiumForOrganiser(context.deps, {
      by: context.agent.id,
      leaderboard: context.leaderboard,
    });
    await context.replyCard(
      podiumCard(context.locale, podium, {
        publicUrl: context.settings.publicUrl,
        organiser: { audience },
      }),
    );
  },
});

/**
 * The preview's "publish" button: the podium goes to every agent and team channel through the fan-out, and the
 * preview becomes the podium with what was done; a refusal (not an organiser, no point yet) replaces it in words.
 */
export const podiumPublishAction = cardActionRoute({
  verb: PODIUM_PUBLISH_VERB,
  // The podium previewed travels as `podiumKey`, for the record only: what is published is read again.
  fields: {},
  async handle(context) {
    try {
      const published = await publishPodium(context.deps, {
        by: context.agent.id,
        leaderboard: context.leaderboard,
      });
      // Teams waits a few seconds for the card: a large audience goes on being handed to the queue meanwhile.
      const outcome = await Promise.race([
        published.sending,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000)),
      ]);
      return podiumCard(context.locale, published.podium, {
        publicUrl: context.settings.publicUrl,
        notice: !outcome
          ? t(context.locale, 'podium.publishing')
          : outcome.started
            ? t(context.locale, 'podium.published', { total: outcome.total })
            : t(context.locale, 'podium.alreadyPublished'),
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return card(
        [text(errorText(context.locale, error), { weight: 'Bolder' })],
        [],
        context.locale,
      );
    }
  },
});
