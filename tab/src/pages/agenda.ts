import type { AgendaView, MeView } from '../../../src/api/views';
import { h } from '../dom';
import { dayLabel, daysBetween, instantParts, integer } from '../format';
import type { Lang, MessageKey } from '../i18n';
import type { PageContext } from './page';

/** Agenda: today's quiz for me, the check-in, and today's and upcoming workshops with my seats. */
export function agendaView(agenda: AgendaView, me: MeView | undefined, ctx: PageContext): Node[] {
  const { t, lang } = ctx;
  const day = me ? daysBetween(me.challenge.startDate, agenda.today) + 1 : Number.NaN;
  const workshops = (Array.isArray(agenda.workshops) ? agenda.workshops : [])
    .map((item) => readWorkshop(item, lang))
    .filter((w) => w !== null);
  return [
    me && day >= 1 && day <= me.challenge.days
      ? h(
          'p',
          null,
          t('agenda.day', { day: integer(day, lang), days: integer(me.challenge.days, lang) }),
        )
      : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'quiz-heading' },
      h('h2', { id: 'quiz-heading' }, t('agenda.quiz')),
      quiz(agenda.quiz, ctx),
    ),
    h(
      'section',
      { 'aria-labelledby': 'workshops-heading' },
      h('h2', { id: 'workshops-heading' }, t('agenda.workshops')),
      outcome(ctx),
      checkinForm(ctx),
      workshops.length === 0
        ? h('p', null, t('agenda.workshops.none'))
        : h(
            'ul',
            { class: 'workshops' },
            workshops.map((w) => workshopItem(w, ctx)),
          ),
    ),
  ].filter((node): node is HTMLElement => node !== null);
}

function quiz(state: AgendaView['quiz'], ctx: PageContext): Node[] {
  const { t, lang } = ctx;
  if (!state) return [h('p', null, t('agenda.quiz.none'))];
  const pill = (key: Parameters<typeof t>[0]) =>
    h('span', { class: `pill ${state.state}` }, t(key));
  const counts = { answered: integer(state.answered, lang), total: integer(state.total, lang) };
  switch (state.state) {
    case 'answered':
      return [
        h(
          'p',
          { class: 'status' },
          pill('state.answered'),
          h('span', null, t('agenda.quiz.answered', counts)),
        ),
      ];
    case 'open':
      return [
        h(
          'p',
          { class: 'status' },
          pill('state.open'),
          h(
            'strong',
            null,
            // Open until the end of the challenge unless an organiser closes it earlier: a date, never a countdown.
            state.closeAt
              ? t('agenda.quiz.open', { time: state.closeAt })
              : t('agenda.quiz.openUntilEnd', { date: dayLabel(state.closesOn, lang, true) }),
          ),
        ),
        h('p', null, t('agenda.quiz.open.progress', counts)),
        h('p', { class: 'muted' }, t('agenda.quiz.open.how')),
      ];
    case 'closed':
      return [
        h(
          'p',
          { class: 'status' },
          pill('state.closed'),
          h('span', null, t('agenda.quiz.closed', { time: state.closeAt ?? '24:00' })),
        ),
        h('p', null, t('agenda.quiz.open.progress', counts)),
      ];
    case 'upcoming':
      return [
        h(
          'p',
          { class: 'status' },
          pill('state.upcoming'),
          h('span', null, t('agenda.quiz.upcoming', { time: state.sendAt })),
        ),
      ];
    default:
      return [h('p', null, t('agenda.quiz.none'))];
  }
}

type CheckinState = 'not_open' | 'open' | 'closed';

interface Workshop {
  id: string | null;
  number: number | null;
  title: string;
  /** The format's name in the reader's language, as the server names it (the stored word when it names none). */
  format: string | null;
  description: string | null;
  host: string | null;
  start: unknown;
  end: unknown;
  place: string | null;
  online: boolean;
  link: string | null;
  seatsLeft: number | null;
  signedUp: boolean;
  checkedIn: boolean;
  checkin: CheckinState | null;
}

/** Reads a workshop of the agenda defensively: whatever is missing or odd is left out, no title skips it. */
export function readWorkshop(item: unknown, lang: Lang): Workshop | null {
  if (typeof item !== 'object' || item === null) return null;
  const w = item as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const count = (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
  const title = text(w.title);
  if (!title) return null;
  const id = text(w.id);
  const link = text(w.link);
  const formatNames =
    typeof w.formatName === 'object' && w.formatName !== null
      ? (w.formatName as Record<string, unknown>)
      : {};
  return {
    id: id && /^[\w-]{1,80}$/.test(id) ? id : null,
    number: count(w.number),
    title,
    format: text(formatNames[lang]) ?? text(w.format),
    description: text(w.description),
    host: text(w.host),
    start: w.start,
    end: w.end,
    place: text(w.place),
    online: w.online === true,
    link: link && /^https:\/\//.test(link) ? link : null,
    seatsLeft: count(w.seatsLeft),
    signedUp: w.signedUp === true,
    checkedIn: w.checkedIn === true,
    checkin:
      w.checkin === 'not_open' || w.checkin === 'open' || w.checkin === 'closed' ? w.checkin : null,
  };
}

/** The API's refusal in the reader's words (the server's details fill the blanks). */
function refusal(body: Record<string, unknown>, ctx: PageContext): string {
  const { t, lang } = ctx;
  const details = (
    typeof body.details === 'object' && body.details !== null ? body.details : {}
  ) as Record<string, string | number>;
  const values = {
    ...details,
    ...(typeof details.date === 'string' ? { date: dayLabel(details.date, lang, true) } : {}),
  };
  const code =
    body.error === 'workshop_code_unknown' && details.time !== undefined
      ? 'checkin_locked'
      : body.error;
  const key = `error.${String(code)}` as MessageKey;
  return KNOWN_REFUSALS.includes(key) ? t(key, values) : t('error.action');
}

const KNOWN_REFUSALS: MessageKey[] = [
  'error.workshop_code_unknown',
  'error.checkin_locked',
  'error.checkin_not_open',
  'error.checkin_closed',
  'error.already_checked_in',
  'error.workshop_full',
  'error.signup_closed',
  'error.already_signed_up',
  'error.not_signed_up',
];

/** What the agent did last, where they look: focused once so that keyboard and screen reader users land on it. */
function outcome(ctx: PageContext): HTMLElement | null {
  const last = ctx.ui.outcome;
  if (!last) return null;
  const element = h(
    'p',
    { id: 'action-outcome', class: `outcome ${last.ok ? 'ok' : 'refused'}`, tabindex: -1 },
    last.text,
  );
  if (last.focus) {
    last.focus = false;
    ctx.attached(() => element.focus());
  }
  return element;
}

/** Check-in with the code the host shows; prefilled when the tab was opened from a workshop's QR code. */
function checkinForm(ctx: PageContext): HTMLElement {
  const { t, ui } = ctx;
  const input = h('input', {
    id: 'checkin-code',
    class: 'code-input',
    type: 'text',
    name: 'code',
    required: true,
    maxlength: 10,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    'aria-describedby': 'checkin-help',
  });
  input.value = ui.checkinCode;
  input.addEventListener('input', () => {
    ui.checkinCode = input.value;
  });
  const button = h(
    'button',
    { id: 'checkin-submit', type: 'submit', class: 'button' },
    t('checkin.submit'),
  );
  const form = h(
    'form',
    { class: 'checkin-form' },
    h('label', { for: 'checkin-code' }, t('checkin.label')),
    h('span', { class: 'checkin-row' }, input, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    void ctx.act('POST', '/api/checkin', { code: input.value }, ({ status, body }) => {
      if (status !== 200) return { text: refusal(body, ctx), ok: false };
      ui.checkinCode = '';
      ui.checkinFromLink = false;
      const workshop = (body.workshop ?? {}) as { title?: string };
      const team = body.team as { name?: string } | null;
      const values = { title: workshop.title ?? '', points: Number(body.points) || 0 };
      return {
        text: team
          ? t('checkin.done', { ...values, team: team.name ?? '' })
          : t('checkin.done.noTeam', values),
        ok: true,
      };
    });
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'checkin-heading' },
    h('h3', { id: 'checkin-heading' }, t('checkin.title')),
    ui.checkinFromLink ? h('p', { class: 'from-link' }, t('checkin.fromLink')) : null,
    h('p', { id: 'checkin-help', class: 'muted' }, t('checkin.help')),
    form,
  );
}

/** Sign up or give the seat back, until the workshop's check-in opens. */
function seatButton(w: Workshop, ctx: PageContext): HTMLElement | null {
  const { t } = ctx;
  if (!w.id || w.checkin !== 'not_open' || (!w.signedUp && w.seatsLeft === 0)) return null;
  const cancel = w.signedUp;
  const button = h(
    'button',
    { id: `seat-${w.id}`, type: 'button', class: cancel ? 'button secondary' : 'button' },
    t(cancel ? 'agenda.workshop.cancel' : 'agenda.workshop.signUp'),
    // The same words on every workshop: the title tells them apart for screen readers.
    h('span', { class: 'sr-only' }, ` — ${w.title}`),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    void ctx.act(
      cancel ? 'DELETE' : 'POST',
      `/api/workshops/${encodeURIComponent(w.id!)}/signup`,
      undefined,
      ({ status, body }) =>
        status === 200
          ? { text: t(cancel ? 'signup.cancelled' : 'signup.done', { title: w.title }), ok: true }
          : { text: refusal(body, ctx), ok: false },
    );
  });
  return h('p', null, button);
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
  const where = [w.online ? t('agenda.workshop.online') : null, w.place]
    .filter(Boolean)
    .join(' · ');
  // A mark and words for each state, not a colour alone.
  const states = [
    w.checkedIn
      ? h('span', { class: 'pill answered' }, `✓ ${t('agenda.workshop.checkedIn')}`)
      : null,
    w.signedUp ? h('span', { class: 'pill answered' }, `✓ ${t('agenda.workshop.signedUp')}`) : null,
    w.checkin === 'open' && !w.checkedIn
      ? h('span', { class: 'pill open' }, t('agenda.workshop.checkinOpen'))
      : null,
    !w.signedUp && w.seatsLeft === 0
      ? h('span', { class: 'pill closed' }, t('agenda.workshop.full'))
      : null,
    !w.signedUp && w.seatsLeft !== null && w.seatsLeft > 0 && w.checkin === 'not_open'
      ? h('span', null, t('agenda.workshop.seats', { count: integer(w.seatsLeft, lang) }))
      : null,
  ].filter((node): node is HTMLElement => node !== null);
  return h(
    'li',
    { class: 'card workshop' },
    h('h3', null, w.title),
    when || w.format
      ? h(
          'p',
          null,
          [
            w.number !== null ? t('agenda.workshop.number', { number: w.number }) : null,
            w.format,
            when,
          ]
            .filter(Boolean)
            .join(' · '),
        )
      : null,
    where ? h('p', null, where) : null,
    w.description ? h('p', { class: 'muted' }, w.description) : null,
    w.host ? h('p', { class: 'muted' }, t('agenda.workshop.host', { host: w.host })) : null,
    states.length ? h('p', { class: 'status' }, states) : null,
    w.link && (w.signedUp || w.checkin === 'open')
      ? h(
          'p',
          null,
          h(
            'a',
            { href: w.link, target: '_blank', rel: 'noopener' },
            t('agenda.workshop.join'),
            h('span', { class: 'sr-only' }, ` — ${w.title}`),
          ),
        )
      : null,
    seatButton(w, ctx),
  );
}
