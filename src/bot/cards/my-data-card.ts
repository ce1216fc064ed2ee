import type { Locale } from '../../domain/agents';
import { t } from '../messages';
import { card, escapeMarkdown, text, type AdaptiveCard, type CardAction } from './adaptive';

/** What the card counts of the agent's data (the full export is the tab's). */
export interface MyDataSummary {
  answers: number;
  checkins: number;
  signups: number;
  team: string | null;
}

/**
 * `mes données`: what the app keeps about the agent (counts), why and for how long in one sentence each, and the
 * button to the tab's page that downloads it all, when the tab's address is known.
 */
export function myDataCard(
  locale: Locale,
  summary: MyDataSummary,
  options: { publicUrl?: string } = {},
): AdaptiveCard {
  const lines = [
    t(locale, 'myData.identity'),
    t(locale, 'myData.answers', { count: summary.answers }),
    t(locale, 'myData.checkins', { count: summary.checkins }),
    t(locale, 'myData.signups', { count: summary.signups }),
    summary.team === null
      ? t(locale, 'myData.noTeam')
      : t(locale, 'myData.team', { team: escapeMarkdown(summary.team) }),
  ];
  const actions: CardAction[] = [];
  if (options.publicUrl) {
    actions.push({
      type: 'Action.OpenUrl',
      title: t(locale, 'action.exportData'),
      url: `${options.publicUrl}/tab/#mes-donnees`,
    });
  }
  return {
    ...card(
      [
        text(t(locale, 'myData.title'), { size: 'Medium', weight: 'Bolder', style: 'heading' }),
        text(t(locale, 'myData.intro')),
        text(lines.map((line) => `- ${line}`).join('\n'), { spacing: 'Small' }),
        text(t(locale, 'myData.why'), { spacing: 'Medium' }),
        text(t(locale, 'myData.howLong'), { spacing: 'Small' }),
        text(t(locale, 'myData.rights'), { spacing: 'Small', isSubtle: true }),
        text(t(locale, 'myData.export'), { spacing: 'Small', isSubtle: true }),
      ],
      actions,
      locale,
    ),
    fallbackText: t(locale, 'myData.title'),
  };
}
