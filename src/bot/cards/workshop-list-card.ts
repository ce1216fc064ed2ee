import type { Locale } from '../../domain/agents';
import type { Workshop } from '../../domain/workshops';
import type { ProgrammeItem } from '../../usecases/workshop-programme';
import { formatText, t, workshopWhen } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  universalAction,
} from './adaptive';

export const WORKSHOP_SIGNUP_VERB = 'workshop.signup';
export const WORKSHOP_CANCEL_VERB = 'workshop.cancel';

/** Which list a card shows, so that a button press redraws the same one. */
export type WorkshopListView = 'upcoming' | 'mine';

/** What a workshop is, when and where: the lines every workshop card shares. */
export function workshopLines(locale: Locale, workshop: Workshop, timeZone: string): CardElement[] {
  const where = [
    workshop.place ? escapeMarkdown(workshop.place) : null,
    workshop.link ? t(locale, 'workshop.online') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    text(`${formatText(locale, workshop.format)} · ${workshopWhen(locale, workshop, timeZone)}`, {
      spacing: 'Small',
    }),
    text(where, { spacing: 'None' }),
    text(
      `${escapeMarkdown(workshop.description)} — ${t(locale, 'workshop.host', { host: escapeMarkdown(workshop.host) })}`,
      {
        isSubtle: true,
        size: 'Small',
        spacing: 'Small',
      },
    ),
  ];
}

function item(
  locale: Locale,
  entry: ProgrammeItem,
  timeZone: string,
  view: WorkshopListView,
): CardElement {
  const { workshop } = entry;
  const status: string[] = [];
  if (entry.checkedIn) status.push(t(locale, 'workshop.checkedInMark'));
  else if (entry.signedUp) status.push(t(locale, 'workshop.signedUpMark'));
  if (entry.seatsLeft !== null && !entry.signedUp) {
    status.push(
      entry.seatsLeft > 0
        ? t(locale, 'workshop.seats', { count: entry.seatsLeft })
        : t(locale, 'workshop.full'),
    );
  }
  const actions: CardAction[] = [];
  // Seats change until the workshop starts; afterwards only the check-in matters.
  if (entry.checkin === 'not_open') {
    const data = { workshopId: workshop.id, view };
    if (entry.signedUp)
      actions.push(universalAction(t(locale, 'action.cancelSignup'), WORKSHOP_CANCEL_VERB, data));
    else if (entry.seatsLeft !== 0)
      actions.push(
        universalAction(t(locale, 'action.signUp'), WORKSHOP_SIGNUP_VERB, data, 'positive'),
      );
  }
  if (workshop.link && (entry.signedUp || entry.checkin === 'open')) {
    actions.push({
      type: 'Action.OpenUrl',
      title: t(locale, 'action.openLink'),
      url: workshop.link,
    });
  }
  return {
    type: 'Container',
    spacing: 'Medium',
    items: [
      // "N° 12 ·", not "12.": a workshop keeps its number when the programme changes, so the numbers down the
      // list need not follow each other, and must not read (or render) as a numbered list.
      text(
        t(locale, 'workshop.numbered', {
          number: entry.number,
          title: escapeMarkdown(workshop.title),
        }),
        { weight: 'Bolder' },
      ),
      ...workshopLines(locale, workshop, timeZone),
      ...(status.length
        ? [
            text(status.join(' · '), {
              spacing: 'Small',
              weight: 'Bolder',
            }),
          ]
        : []),
      ...(actions.length ? [{ type: 'ActionSet' as const, actions }] : []),
    ],
  };
}

/** The programme (or the agent's own), numbered, each workshop with its sign-up or cancel button. */
export function workshopListCard(
  locale: Locale,
  items: readonly ProgrammeItem[],
  options: { view: WorkshopListView; timeZone: string; notice?: string },
): AdaptiveCard {
  const mine = options.view === 'mine';
  const body: CardElement[] = [
    text(t(locale, mine ? 'workshop.mine.title' : 'workshop.list.title'), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
  ];
  if (options.notice) body.push(text(options.notice, { weight: 'Bolder' }));
  if (items.length === 0)
    body.push(text(t(locale, mine ? 'workshop.mine.none' : 'workshop.list.none')));
  else if (!mine) body.push(text(t(locale, 'workshop.list.intro'), { isSubtle: true }));
  body.push(...items.map((entry) => item(locale, entry, options.timeZone, options.view)));
  const other: CardAction = mine
    ? {
        type: 'Action.Submit',
        title: t(locale, 'action.workshops'),
        data: { action: 'workshop.list' },
      }
    : {
        type: 'Action.Submit',
        title: t(locale, 'action.myWorkshops'),
        data: { action: 'workshop.mine' },
      };
  return card(body, [other], locale);
}
