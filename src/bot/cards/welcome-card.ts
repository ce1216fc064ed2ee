import type { Locale } from '../../domain/agents';
import { t } from '../messages';
import { card, text, type AdaptiveCard } from './adaptive';
import { teamFormActions } from './team-form-actions';

/** The first thing an agent sees: the challenge in a few lines, where the ranking is, and what to do next. */
export function welcomeCard(locale: Locale): AdaptiveCard {
  return card(
    [
      text(t(locale, 'welcome.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
      text(t(locale, 'welcome.line1')),
      text(t(locale, 'welcome.line2')),
      text(t(locale, 'welcome.line3')),
      text(t(locale, 'welcome.line4')),
    ],
    [
      ...teamFormActions(locale),
      { type: 'Action.Submit', title: t(locale, 'action.help'), data: { action: 'help' } },
    ],
    locale,
  );
}
