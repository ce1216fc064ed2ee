import type { Locale } from '../../domain/agents';
import { localTime } from '../../domain/time';
import type { Workshop } from '../../domain/workshops';
import { t } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './adaptive';
import { checkinForm } from './checkin-card';
import { workshopLines } from './workshop-list-card';

/** The reminder 15 minutes before a workshop: when, where (or the link), and the check-in form. */
export function workshopReminderCard(
  locale: Locale,
  workshop: Workshop,
  timeZone: string,
): AdaptiveCard {
  const form = checkinForm(locale);
  const time = localTime(Date.parse(workshop.startsAt), timeZone);
  const body: CardElement[] = [
    text(t(locale, 'workshop.reminder.title', { title: escapeMarkdown(workshop.title), time }), {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
    }),
    ...workshopLines(locale, workshop, timeZone),
  ];
  if (workshop.place)
    body.push(
      text(t(locale, 'workshop.reminder.place', { place: escapeMarkdown(workshop.place) }), {
        weight: 'Bolder',
      }),
    );
  if (workshop.link)
    body.push(
      text(t(locale, 'workshop.reminder.online', { link: workshop.link }), { weight: 'Bolder' }),
    );
  body.push(text(t(locale, 'workshop.reminder.checkin'), { spacing: 'Medium' }), ...form.body);
  const actions: CardAction[] = [...form.actions];
  if (workshop.link)
    actions.push({
      type: 'Action.OpenUrl',
      title: t(locale, 'action.openLink'),
      url: workshop.link,
    });
  return card(body, actions, locale);
}
