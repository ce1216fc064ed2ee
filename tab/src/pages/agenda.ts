import type { Agenda, Me } from '../api';
import { h } from '../dom';
import { daysBetween, instantParts, integer } from '../format';
import type { PageContext } from './page';

/** Agenda: today's quiz for me, and the workshops. */
export function agendaView(agenda: Agenda, me: Me | undefined, ctx: PageContext): Node[] {
  const { t, lang } = ctx;
  const day = me ? daysBetween(me.challenge.startDate, agenda.today) + 1 : Number.NaN;
  const workshops = (Array.isArray(agenda.workshops) ? agenda.workshops : []).map(readWorkshop).filter((w) => w !== null);
  return [
    me && day >= 1 && day <= me.challenge.days
      ? h('p', null, t('agenda.day', { day: integer(day, lang), days: integer(me.challenge.days, lang) }))
      : null,
    h('section', { class: 'card', 'aria-labelledby': 'quiz-heading' }, h('h2', { id: 'quiz-heading' }, t('agenda.quiz')), quiz(agenda.quiz, ctx)),
    h(
      'section',
      { 'aria-labelledby': 'workshops-heading' },
      h('h2', { id: 'workshops-heading' }, t('agenda.workshops')),
      workshops.length === 0
        ? h('p', null, t('agenda.workshops.none'))
        : h('ul', { class: 'workshops' }, workshops.map((w) => workshopItem(w, ctx))),
    ),
  ].filter((node): node is HTMLElement => node !== null);
}

function quiz(state: Agenda['quiz'], ctx: PageContext): Node[] {
  const { t, lang } = ctx;
  if (!state) return [h('p', null, t('agenda.quiz.none'))];
  const pill = (key: Parameters<typeof t>[0]) => h('span', { class: `pill ${state.state}` }, t(key));
  const counts = { answered: integer(state.answered, lang), total: integer(state.total, lang) };
  switch (state.state) {
    case 'answered':
      return [h('p', { class: 'status' }, pill('state.answered'), h('span', null, t('agenda.quiz.answered', counts)))];
    case 'open':
      return [
        h('p', { class: 'status' }, pill('state.open'), h('strong', null, t('agenda.quiz.open', { time: state.closeAt }))),
        h('p', null, t('agenda.quiz.open.progress', counts)),
        h('p', { class: 'muted' }, t('agenda.quiz.open.how')),
      ];
    case 'closed':
      return [
        h('p', { class: 'status' }, pill('state.closed'), h('span', null, t('agenda.quiz.closed', { time: state.closeAt }))),
        h('p', null, t('agenda.quiz.open.progress', counts)),
      ];
    case 'upcoming':
      return [h('p', { class: 'status' }, pill('state.upcoming'), h('span', null, t('agenda.quiz.upcoming', { time: state.sendAt })))];
    default:
      return [h('p', null, t('agenda.quiz.none'))];
  }
}

interface Workshop {
  title: string;
  format: string | null;
  start: unknown;
  end: unknown;
  place: string | null;
  online: boolean;
  signedUp: boolean;
}

/** Workshops are not served yet (`workshops: []`): read whatever comes defensively, skip what has no title. */
export function readWorkshop(item: unknown): Workshop | null {
  if (typeof item !== 'object' || item === null) return null;
  const w = item as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const title = text(w.title);
  if (!title) return null;
  return { title, format: text(w.format), start: w.start, end: w.end, place: text(w.place), online: w.online === true, signedUp: w.signedUp === true };
}

function workshopItem(w: Workshop, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const start = instantParts(w.start, lang);
  const end = instantParts(w.end, lang);
  const when = start
    ? end && end.date === start.date
      ? t('agenda.workshop.when', { date: start.date, start: start.time, end: end.time })
      : t('agenda.workshop.at', { date: start.date, start: start.time })
    : null;
  const where = [w.online ? t('agenda.workshop.online') : null, w.place].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'card' },
    h('h3', null, w.title),
    when || w.format ? h('p', null, [w.format, when].filter(Boolean).join(' · ')) : null,
    where ? h('p', null, where) : null,
    w.signedUp ? h('p', null, h('span', { class: 'pill answered' }, t('agenda.workshop.signedUp'))) : null,
  );
}
