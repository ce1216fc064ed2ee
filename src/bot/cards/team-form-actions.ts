import type { Locale } from '../../domain/agents';
import { CODE_LENGTH, TEAM_NAME_MAX } from '../../domain/teams';
import { t } from '../messages';
import { card, type CardAction } from './adaptive';

/** "Create a team" and "Join a team" buttons, each opening a one-field form in the card. */
export function teamFormActions(locale: Locale): CardAction[] {
  return [
    {
      type: 'Action.ShowCard',
      title: t(locale, 'action.createTeam'),
      card: card(
        [
          {
            type: 'Input.Text',
            id: 'name',
            label: t(locale, 'input.teamName'),
            placeholder: t(locale, 'input.teamName.placeholder'),
            maxLength: TEAM_NAME_MAX,
            isRequired: true,
            errorMessage: t(locale, 'error.team_name_invalid.length', {
              min: 3,
              max: TEAM_NAME_MAX,
            }),
          },
        ],
        [
          {
            type: 'Action.Submit',
            title: t(locale, 'action.create'),
            data: { action: 'team.create' },
            style: 'positive',
          },
        ],
      ),
    },
    {
      type: 'Action.ShowCard',
      title: t(locale, 'action.joinTeam'),
      card: card(
        [
          {
            type: 'Input.Text',
            id: 'code',
            label: t(locale, 'input.joinCode'),
            placeholder: t(locale, 'input.joinCode.placeholder'),
            maxLength: CODE_LENGTH + 4,
            isRequired: true,
            errorMessage: t(locale, 'error.team_code_unknown'),
          },
        ],
        [
          {
            type: 'Action.Submit',
            title: t(locale, 'action.join'),
            data: { action: 'team.join' },
            style: 'positive',
          },
        ],
      ),
    },
  ];
}
