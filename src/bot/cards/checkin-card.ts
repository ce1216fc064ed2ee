import type { Locale } from '../../domain/agents';
import { CODE_LENGTH } from '../../domain/teams';
import { t } from '../messages';
import {
  card,
  text,
  universalAction,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './adaptive';

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
    actions: [universalAction(t(locale, 'action.checkin'), CHECKIN_VERB, {}, 'positive')],
  };
}

/** "Pointage": the code field, with the outcome of the last try above it. */
export function checkinCard(locale: Locale, outcome?: { text: string; ok: boolean }): AdaptiveCard {
  const form = checkinForm(locale);
  const body: CardElement[] = [
    text(t(locale, 'checkin.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
  ];
  if (outcome) body.push(text(outcome.text, { weight: 'Bolder' }));
  // Once checked in, the card says so and asks nothing more.
  if (outcome?.ok) return card(body, undefined, locale);
  return card([...body, ...form.body], form.actions, locale);
}
