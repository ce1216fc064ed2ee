import type { Locale } from '../../domain/agents';
import type { Podium, PodiumPlace } from '../../domain/podium';
import type { PodiumAudience } from '../../usecases/publish-podium';
import { scoreText, t } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  universalAction,
} from './adaptive';

export const PODIUM_PUBLISH_VERB = 'podium.publish';

const MEDALS: Record<number, string> = { 1: '🥇', 2: '🥈', 3: '🥉' };

/** A podium rank in words: "1er", "2e" / "1st", "2nd" (a podium never goes past a few places). */
export function podiumRankText(locale: Locale, rank: number): string {
  if (rank === 1) return t(locale, 'podium.rank.1');
  if (rank === 2) return t(locale, 'podium.rank.2');
  if (rank === 3) return t(locale, 'podium.rank.3');
  return t(locale, 'podium.rank.n', { rank });
}

function placeLine(locale: Locale, place: PodiumPlace): string {
  const line = t(locale, 'podium.place', {
    medal: MEDALS[place.rank] ?? '🏅',
    rank: podiumRankText(locale, place.rank),
    team: escapeMarkdown(place.name),
    score: scoreText(locale, place.score),
  });
  return place.tied ? `${line} · **${t(locale, 'podium.tied')}**` : line;
}

/**
 * The podium card: each place with its rank, team and score, ties marked, the rule in one sentence, and the
 * tab's ranking when its address is known. The organiser's preview adds the button that publishes it to
 * everyone; `notice` says what a click did.
 */
export function podiumCard(
  locale: Locale,
  podium: Podium,
  options: { publicUrl?: string; organiser?: { audience: PodiumAudience }; notice?: string } = {},
): AdaptiveCard {
  const body: CardElement[] = [];
  if (options.notice) body.push(text(options.notice, { weight: 'Bolder' }));
  else if (options.organiser) body.push(text(t(locale, 'podium.preview'), { weight: 'Bolder' }));
  body.push(
    text(t(locale, 'podium.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    text(t(locale, 'podium.intro'), { isSubtle: true, spacing: 'Small' }),
    ...podium.places.map((place, index) =>
      text(placeLine(locale, place), {
        spacing: index === 0 ? 'Medium' : 'Small',
        ...(place.rank === 1 ? { size: 'Medium' as const } : {}),
      }),
    ),
    text(t(locale, 'podium.rule', { min: podium.rule.minTeamSize }), {
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    }),
  );
  const actions: CardAction[] = [];
  if (options.organiser) {
    const title = t(locale, 'podium.publish', {
      agents: options.organiser.audience.agents,
      channels: options.organiser.audience.channels,
    });
    // The key of the podium previewed travels with the click, for the record; what is published is the podium
    // of the moment, keyed again, so that a podium changed since is never sent under the old one's key.
    const data = { podiumKey: podium.key };
    actions.push(universalAction(title, PODIUM_PUBLISH_VERB, data, 'positive'));
  }
  if (options.publicUrl) {
    actions.push({
      type: 'Action.OpenUrl',
      title: t(locale, 'action.ranking'),
      url: `${options.publicUrl}/tab/#classement`,
    });
  }
  return { ...card(body, actions, locale), fallbackText: t(locale, 'podium.title') };
}
