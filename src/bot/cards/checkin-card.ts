import type { Locale } from '../../domain/agents';
import { CODE_LENGTH } from '../../domain/teams';
import { t } from '../messages';
import { card, text, type AdaptiveCard, type CardAction, type CardElement } from './adaptive';

export const CHECKIN_VERB = 'workshop.checkin';

/** The code field and its button: the check-in of the card, of the reminder, and of "pointage" without a code. */
export function checkinForm(locale: Locale): { body: CardElement[]; actions: CardAction[] } {
  return {
    body: [
      {
        type: 'Input.Text',
        id: 'code',
        label: t(locale, 'checkin.input'),
        placeholder: t(locale, 'checkin.input.placeholder'),
        maxLength: CODE_LENGTH + 4,
        isRequired: true,
        errorMessage: t(locale, 'checkin.input'),
      },
    ],
    actions: [
      {
        type: 'Action.Execute',
        title: t(locale, 'action.checkin'),
        verb: CHECKIN_VERB,
        data: {},
        style: 'positive',
        fallback: {
          type: 'Action.Submit',
          title: t(locale, 'action.checkin'),
          data: { verb: CHECKIN_VERB },
        },
      },
    ],
  };
}

/** "Pointage": the code field, with the outcome of the last try above it. */
export function checkinCard(locale: Locale, outcome?: { text: string; ok: boolean }): AdaptiveCard {
  const form = checkinForm(locale);
  const body: CardElement[] = [
    text(t(locale, 'checkin.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
  ];
  if (outcome)
    body.push(text(outcome.text, { weight: 'Bolder', color: outcome.ok ? 'Good' : 'Warning' }));
  // Once checked in, the card says so and asks nothing more.
  if (outcome?.ok) return card(body, undefined, locale);
  return card([...body, ...form.body], form.actions, locale);
}
