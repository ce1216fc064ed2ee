import type { Locale } from '../../domain/agents';
import { t } from '../messages';
import { card, escapeMarkdown, text, type AdaptiveCard } from './adaptive';
import { teamFormActions } from './team-form-actions';

/**
 * The list of commands; `unknownText` is what the agent typed when it was not understood. Organisers also see
 * theirs (agents never do: the commands would only refuse them).
 */
export function helpCard(
  locale: Locale,
  unknownText?: string,
  options: { organiser?: boolean } = {},
): AdaptiveCard {
  const intro = unknownText
    ? t(locale, 'help.unknown', { text: escapeMarkdown(unknownText.slice(0, 60)) })
    : t(locale, 'help.intro');
  return card(
    [
      text(t(locale, 'help.title'), { size: 'Medium', weight: 'Bolder', style: 'heading' }),
      text(intro),
      text(
        [
          t(locale, 'help.teamCreate'),
          t(locale, 'help.teamJoin'),
          t(locale, 'help.teamLeave'),
          t(locale, 'help.myTeam'),
          t(locale, 'help.ranking'),
          t(locale, 'help.quiz'),
          t(locale, 'help.workshops'),
          t(locale, 'help.signup'),
          t(locale, 'help.myWorkshops'),
          t(locale, 'help.checkin'),
          t(locale, 'help.teamName'),
          t(locale, 'help.myData'),
          t(locale, 'help.help'),
        ]
          .map((line) => `- ${line}`)
          .join('\n'),
      ),
      ...(options.organiser
        ? [
            text(t(locale, 'help.organiser'), { weight: 'Bolder', spacing: 'Medium' }),
            text(
              [t(locale, 'help.announce'), t(locale, 'help.podium')]
                .map((line) => `- ${line}`)
                .join('\n'),
            ),
          ]
        : []),
    ],
    [
      ...teamFormActions(locale),
      { type: 'Action.Submit', title: t(locale, 'action.myTeam'), data: { action: 'team.show' } },
      {
        type: 'Action.Submit',
        title: t(locale, 'action.workshops'),
        data: { action: 'workshop.list' },
      },
    ],
    locale,
  );
}
