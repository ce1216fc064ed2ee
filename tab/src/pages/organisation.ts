import type {
  AnnouncementBlockView,
  AnnouncementSpanView,
  AnnouncementStatusView,
  AttendanceCandidateView,
  AttendanceRecordView,
  OrganiserGroupView,
  OrganiserOverviewView,
  OrganiserSendView,
  OrganiserWorkshopView,
  PostedAnnouncementView,
} from '../../../src/api/views';
import type { ActionResult } from '../api';
import { h } from '../dom';
import { dayLabel, instantParts, integer } from '../format';
import type { MessageKey } from '../i18n';
import type { PageContext } from './page';

/**
 * Organisation: the challenge's live figures, every send with its progress, the workshops with attendance by hand,
 * and the announcement composer. One request (/api/admin/overview) draws it; actions reload it.
 */

// What the organiser typed and chose lives here, not in the DOM: every action and refresh redraws the page.
type Field = 'title' | 'text' | 'linkLabel' | 'linkUrl' | 'team' | 'direction';
type AudienceKind = 'all' | 'team' | 'direction';

const LIMITS = { title: 120, text: 2000, linkLabel: 40 } as const;
const POLL_MS = 5000;

const composer = {
  title: '',
  text: '',
  linkLabel: '',
  linkUrl: '',
  audience: 'all' as AudienceKind,
  teamId: '',
  direction: '',
  errors: {} as Partial<Record<Field, string>>,
  /** The last preview, for the draft it was made of (`key`): a changed draft needs a new preview. */
  preview: null as { key: string; blocks: AnnouncementBlockView[]; audienceSize: number } | null,
  /** The announcement sent from this page, followed until it is done. */
  watched: null as AnnouncementStatusView | null,
};

const attendance = {
  /** The workshop whose "record by hand" disclosure is open. */
  open: null as string | null,
  search: '',
  candidates: null as AttendanceCandidateView[] | null,
  chosen: new Set<string>(),
};

/** Where the last action's outcome shows ('poll' outcomes are not shown: the progress says it). */
let pendingAt = '';
let message: { at: string; text: string; ok: boolean; focus: boolean } | null = null;
/** Kept across redraws so that screen readers hear progress as it changes, not a new region each time. */
let liveProgress: HTMLElement | null = null;

export function organisationView(view: OrganiserOverviewView, ctx: PageContext): Node[] {
  const { t } = ctx;
  // The shell keeps one outcome for every page: this page places it itself, and does not leave it to the agenda.
  if (ctx.ui.outcome) {
    if (pendingAt !== 'poll') message = { at: pendingAt, ...ctx.ui.outcome };
    ctx.ui.outcome = null;
  }
  schedulePoll(ctx);
  return [
    figures(view, ctx),
    groups(
      'organisation-directions',
      t('organisation.directions'),
      t('organisation.col.direction'),
      view.directions.map((d) => ({ name: d.direction ?? t('organisation.noDirection'), ...d })),
      ctx,
    ),
    groups(
      'organisation-teams',
      t('organisation.teams'),
      t('organisation.col.team'),
      view.teams,
      ctx,
    ),
    ...[reachSection(view, ctx)].filter((node): node is HTMLElement => node !== null),
    composerSection(view, ctx),
    sendsSection(view.sends, ctx),
    workshopsSection(view.workshops, ctx),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/**
 * A one-off read (a send's progress, a search): the overview is not fetched again (it refreshes once a minute);
 * the page is drawn again with what the read brought, and its outcome where it belongs.
 */
async function read(ctx: PageContext, at: string, path: string, describe: Describe): Promise<void> {
  pendingAt = at;
  let outcome: { text: string; ok: boolean };
  try {
    outcome = describe(await ctx.read(path));
  } catch {
    outcome = { text: ctx.t('error.network'), ok: false };
  }
  ctx.ui.outcome = { ...outcome, focus: at !== 'poll' };
  ctx.redraw();
}

type Describe = (result: ActionResult) => { text: string; ok: boolean };

function act(ctx: PageContext, at: string, path: string, body: unknown, describe: Describe) {
  pendingAt = at;
  return ctx.act('POST', path, body, describe);
}

/** While this page's announcement is on its way, its status every 5 s, only while the tab is seen. */
function schedulePoll(ctx: PageContext): void {
  const watched = composer.watched;
  if (!watched || watched.state !== 'sending') return;
  let timer = 0;
  const tick = () => {
    if (document.visibilityState !== 'visible') {
      timer = window.setTimeout(tick, POLL_MS);
      return;
    }
    void read(
      ctx,
      'poll',
      `/api/admin/announcements/${encodeURIComponent(watched.id)}`,
      ({ status, body }) => {
        if (status === 200) composer.watched = body as unknown as AnnouncementStatusView;
        return { text: '', ok: status === 200 };
      },
    );
  };
  timer = window.setTimeout(tick, POLL_MS);
  ctx.cleanup(() => window.clearTimeout(timer));
}

/** The API's refusal in plain words, with the limit when one was passed. */
function refusal(body: Record<string, unknown>, ctx: PageContext): string {
  const { t } = ctx;
  const details = (typeof body.details === 'object' && body.details ? body.details : {}) as Record<
    string,
    unknown
  >;
  switch (body.error) {
    case 'announcement_invalid':
      return typeof details.limit === 'number'
        ? t('organisation.error.tooLong', { limit: integer(details.limit, ctx.lang) })
        : t('organisation.error.invalid');
    case 'audience_unknown':
      return t('organisation.error.audienceUnknown');
    case 'audience_empty':
      return t('organisation.error.audienceEmpty');
    case 'send_finished':
      return t('organisation.error.sendFinished');
    case 'checkin_not_open':
      return t('organisation.error.recordNotOpen', { from: String(details.from ?? '') });
    case 'checkin_closed':
      return t('organisation.error.recordClosed', { until: String(details.until ?? '') });
    case 'not_organiser':
    case 'not_host':
      return t('organisation.error.notOrganiser');
    case 'attendance_invalid':
      return t('organisation.error.attendanceInvalid', {
        max: typeof details.max === 'number' ? details.max : 50,
      });
    default:
      return t('error.action');
  }
}

/** The outcome of the last action at `at`, focused once so that keyboard and screen reader users land on it. */
function outcome(at: string, ctx: PageContext): HTMLElement | null {
  if (!message || message.at !== at || !message.text) return null;
  const element = h(
    'p',
    { id: `outcome-${at}`, class: `outcome ${message.ok ? 'ok' : 'refused'}`, tabindex: -1 },
    message.text,
  );
  if (message.focus) {
    message.focus = false;
    ctx.attached(() => element.focus());
  }
  return element;
}

// ---------------------------------------------------------------------------------------------------------------
// Reaching everyone (the directory's roster, with Microsoft Graph)

const REACH_REASONS = [
  'no_teams',
  'blocked_by_policy',
  'user_gone',
  'not_permitted',
  'error',
] as const;

/** The roster's installation figures and who could not be reached, by direction: shown once a roster exists. */
function reachSection(view: OrganiserOverviewView, ctx: PageContext): HTMLElement | null {
  const { t, lang } = ctx;
  const reach = view.reach;
  if (reach.members === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'organisation-reach' },
    h('h2', { id: 'organisation-reach' }, t('organisation.reach')),
    h(
      'p',
      null,
      t('organisation.reach.summary', {
        members: integer(reach.members, lang),
        installed: integer(reach.installed, lang),
        pending: integer(reach.pending, lang),
        failed: integer(reach.failed, lang),
      }),
    ),
    reach.byDirection.length === 0
      ? h('p', null, t('organisation.reach.none'))
      : h(
          'div',
          { class: 'table-box' },
          h(
            'table',
            { class: 'groups' },
            h('caption', null, t('organisation.reach.caption')),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t('organisation.col.direction')),
                ...REACH_REASONS.map((reason) =>
                  h('th', { scope: 'col', class: 'num' }, t(`organisation.reach.${reason}`)),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              reach.byDirection.map((row) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, row.direction ?? t('organisation.noDirection')),
                  ...REACH_REASONS.map((reason) =>
                    h('td', { class: 'num' }, integer(row.byReason[reason] ?? 0, lang)),
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

function figures(view: OrganiserOverviewView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const item = (value: number, label: string, detail?: string) =>
    h(
      'li',
      { class: 'card' },
      h('strong', { class: 'figure' }, integer(value, lang)),
      h('span', null, label),
      detail ? h('span', { class: 'muted' }, detail) : null,
    );
  return h(
    'section',
    { 'aria-labelledby': 'organisation-figures' },
    h(
      'h2',
      { id: 'organisation-figures' },
      t('organisation.figures', { date: dayLabel(view.today, lang, true) }),
    ),
    h(
      'ul',
      { class: 'figures' },
      item(
        view.agents.registered,
        t('organisation.figures.registered'),
        t('organisation.figures.reachable', { count: integer(view.agents.reachable, lang) }),
      ),
      item(view.agents.answeredToday, t('organisation.figures.answered')),
      item(view.agents.checkedInToday, t('organisation.figures.checkedIn')),
    ),
  );
}

/** A table of groups (directions or teams); the share who answered today as a number and a bar (not colour alone). */
function groups(
  id: string,
  title: string,
  column: string,
  rows: (OrganiserGroupView & { name: string })[],
  ctx: PageContext,
): HTMLElement {
  const { t, lang } = ctx;
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, title),
    rows.length === 0
      ? h('p', null, t('organisation.none'))
      : h(
          'div',
          { class: 'table-box' },
          h(
            'table',
            { class: 'groups' },
            h('caption', { class: 'sr-only' }, title),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, column),
                h('th', { scope: 'col', class: 'num' }, t('organisation.col.agents')),
                h('th', { scope: 'col' }, t('organisation.col.answered')),
                h('th', { scope: 'col', class: 'num' }, t('organisation.col.points')),
              ),
            ),
            h(
              'tbody',
              null,
              rows.map((row) => {
                const share =
                  row.agents > 0 ? Math.round((row.answeredToday / row.agents) * 100) : 0;
                return h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, row.name),
                  h('td', { class: 'num' }, integer(row.agents, lang)),
                  h(
                    'td',
                    null,
                    h(
                      'span',
                      { class: 'share' },
                      h(
                        'span',
                        { class: 'share-bar', 'aria-hidden': 'true' },
                        h('span', { style: `width: ${share}%` }),
                      ),
                      t('organisation.answered', {
                        count: integer(row.answeredToday, lang),
                        share: integer(share, lang),
                      }),
                    ),
                  ),
                  h('td', { class: 'num' }, integer(row.points, lang)),
                );
              }),
            ),
          ),
        ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Sends

function progressText(
  p: Pick<OrganiserSendView, 'total' | 'sent' | 'failed' | 'skipped' | 'pending'>,
  ctx: PageContext,
) {
  const { t, lang } = ctx;
  return [
    t('organisation.send.sent', { sent: integer(p.sent, lang), total: integer(p.total, lang) }),
    p.failed ? t('organisation.send.failed', { count: integer(p.failed, lang) }) : null,
    p.skipped ? t('organisation.send.skipped', { count: integer(p.skipped, lang) }) : null,
    p.pending ? t('organisation.send.pending', { count: integer(p.pending, lang) }) : null,
  ]
    .filter(Boolean)
    .join(', ');
}

function progressBar(
  p: Pick<OrganiserSendView, 'total' | 'sent' | 'failed' | 'skipped'>,
  label: string,
) {
  const done = p.sent + p.failed + p.skipped;
  return h('progress', {
    max: Math.max(p.total, 1),
    value: Math.min(done, Math.max(p.total, 1)),
    'aria-label': label,
  });
}

/** Why deliveries failed, in plain words. */
function failureWords(reason: string, ctx: PageContext): string {
  const { t } = ctx;
  if (/^unreachable|agent unreachable/.test(reason)) return t('organisation.failure.unreachable');
  if (/after \d+ tries/.test(reason)) return t('organisation.failure.tries');
  if (/^unconfirmed/.test(reason)) return t('organisation.failure.unconfirmed');
  return t('organisation.failure.other', { reason });
}

function failures(record: Record<string, number>, ctx: PageContext): HTMLElement | null {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  return h(
    'ul',
    { class: 'failures' },
    entries.map(([reason, count]) =>
      h(
        'li',
        null,
        ctx.t('organisation.failure.line', {
          reason: failureWords(reason, ctx),
          count: integer(count, ctx.lang),
        }),
      ),
    ),
  );
}

function sendTitle(send: OrganiserSendView, ctx: PageContext): string {
  const { t } = ctx;
  const title = send.title ?? '';
  switch (send.kind) {
    case 'quiz':
      return send.day
        ? t('organisation.kind.quiz', { day: send.day })
        : t('organisation.kind.quizAny');
    case 'reminder':
      return send.day
        ? t('organisation.kind.reminder', { day: send.day })
        : t('organisation.kind.reminderAny');
    case 'workshop-reminder':
      return t('organisation.kind.workshopReminder', { title });
    case 'announcement':
      return t('organisation.kind.announcement', { title });
    case 'podium':
      return t('organisation.kind.podium');
    default:
      return send.kind;
  }
}

function stateWord(
  state: 'done' | 'cancelled' | 'sending' | 'scheduled',
  ctx: PageContext,
): HTMLElement {
  const mark = { done: '✓ ', cancelled: '■ ', sending: '… ', scheduled: '◷ ' }[state];
  const css = { done: 'answered', cancelled: 'closed', sending: 'open', scheduled: 'open' }[state];
  return h(
    'span',
    { class: `pill ${css}` },
    `${mark}${ctx.t(`organisation.state.${state}` as MessageKey)}`,
  );
}

function sendsSection(sends: OrganiserSendView[], ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  return h(
    'section',
    { 'aria-labelledby': 'organisation-sends' },
    h('h2', { id: 'organisation-sends' }, t('organisation.sends')),
    sends.length === 0
      ? h('p', null, t('organisation.sends.none'))
      : h(
          'ul',
          { class: 'sends' },
          sends.map((send) => {
            const title = sendTitle(send, ctx);
            const when = instantParts(send.createdAt, lang);
            const text = progressText(send, ctx);
            const state = send.state === 'cancelled' ? 'cancelled' : send.done ? 'done' : 'sending';
            return h(
              'li',
              { class: 'card' },
              h('h3', null, title),
              h(
                'p',
                { class: 'status' },
                stateWord(state, ctx),
                when ? h('span', { class: 'muted' }, t('organisation.send.started', when)) : null,
              ),
              progressBar(send, `${title} : ${text}`),
              h('p', null, text),
              failures(send.failures, ctx),
            );
          }),
        ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Announcement composer

function draftBody(): Record<string, unknown> {
  const c = composer;
  return {
    title: c.title.trim(),
    text: c.text.trim(),
    ...(c.linkLabel.trim() || c.linkUrl.trim()
      ? { link: { label: c.linkLabel.trim(), url: c.linkUrl.trim() } }
      : {}),
    audience:
      c.audience === 'team'
        ? { kind: 'team', teamId: c.teamId }
        : c.audience === 'direction'
          ? { kind: 'direction', direction: c.direction }
          : { kind: 'all' },
  };
}

/** What the server would refuse, said before asking it (it checks again). */
function check(ctx: PageContext): Partial<Record<Field, string>> {
  const { t, lang } = ctx;
  const c = composer;
  const errors: Partial<Record<Field, string>> = {};
  const tooLong = (limit: number) =>
    t('organisation.error.tooLong', { limit: integer(limit, lang) });
  const length = (s: string) => [...s.trim()].length;
  if (length(c.title) === 0) errors.title = t('organisation.error.titleRequired');
  else if (length(c.title) > LIMITS.title) errors.title = tooLong(LIMITS.title);
  if (length(c.text) === 0) errors.text = t('organisation.error.textRequired');
  else if (length(c.text) > LIMITS.text) errors.text = tooLong(LIMITS.text);
  const label = c.linkLabel.trim();
  const url = c.linkUrl.trim();
  if (url && !label) errors.linkLabel = t('organisation.error.linkLabelRequired');
  else if (length(label) > LIMITS.linkLabel) errors.linkLabel = tooLong(LIMITS.linkLabel);
  if (label && !url) errors.linkUrl = t('organisation.error.linkUrlRequired');
  else if (url && !/^https:\/\/[^\s]+\.[^\s]+$/.test(url))
    errors.linkUrl = t('organisation.error.https');
  if (c.audience === 'team' && !c.teamId) errors.team = t('organisation.error.teamRequired');
  if (c.audience === 'direction' && !c.direction)
    errors.direction = t('organisation.error.directionRequired');
  return errors;
}

/** The server's announcement_invalid names the field: put its words beside that field. */
function fieldOf(details: unknown): Field | null {
  const field = String((details as { field?: unknown } | null)?.field ?? '');
  if (/label/i.test(field)) return 'linkLabel';
  if (/url|link/i.test(field)) return 'linkUrl';
  if (/title/.test(field)) return 'title';
  if (/text/.test(field)) return 'text';
  if (/team/i.test(field)) return 'team';
  if (/direction/.test(field)) return 'direction';
  return null;
}

function composerSection(view: OrganiserOverviewView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const c = composer;
  const key = JSON.stringify(draftBody());
  const preview = c.preview && c.preview.key === key ? c.preview : null;

  const field = (
    name: Field,
    label: string,
    control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
    help?: string,
  ) => {
    const error = c.errors[name];
    const described = [help ? `${control.id}-help` : null, error ? `${control.id}-error` : null]
      .filter(Boolean)
      .join(' ');
    if (described) control.setAttribute('aria-describedby', described);
    if (error) control.setAttribute('aria-invalid', 'true');
    return h(
      'p',
      { class: 'field' },
      h('label', { for: control.id }, label),
      help ? h('span', { id: `${control.id}-help`, class: 'muted' }, help) : null,
      control,
      error ? h('span', { id: `${control.id}-error`, class: 'field-error' }, `⚠ ${error}`) : null,
    );
  };
  const input = (id: string, name: 'title' | 'linkLabel' | 'linkUrl', type = 'text') => {
    const element = h('input', { id, type, name, autocomplete: 'off' });
    element.value = c[name];
    element.addEventListener('input', () => {
      c[name] = element.value;
      delete c.errors[name];
    });
    return element;
  };
  const text = h('textarea', { id: 'announce-text', name: 'text', rows: 6 });
  text.value = c.text;
  text.addEventListener('input', () => {
    c.text = text.value;
    delete c.errors.text;
  });

  const radio = (kind: AudienceKind, label: string, extra?: HTMLElement) => {
    const element = h('input', {
      type: 'radio',
      name: 'audience',
      id: `audience-${kind}`,
      value: kind,
    });
    element.checked = c.audience === kind;
    element.addEventListener('change', () => {
      if (element.checked) c.audience = kind;
    });
    return h(
      'p',
      { class: 'choice' },
      element,
      h('label', { for: `audience-${kind}` }, label),
      extra ?? null,
    );
  };
  const select = (
    id: string,
    options: { value: string; label: string }[],
    value: string,
    set: (v: string) => void,
    kind: AudienceKind,
  ) => {
    const element = h(
      'select',
      { id, name: id },
      h('option', { value: '' }, t('organisation.compose.choose')),
      options.map((o) => h('option', { value: o.value }, o.label)),
    );
    element.value = value;
    element.addEventListener('change', () => {
      set(element.value);
      // Choosing a team is choosing to send to a team.
      c.audience = kind;
      const chosen = document.getElementById(`audience-${kind}`) as HTMLInputElement | null;
      if (chosen) chosen.checked = true;
    });
    return element;
  };
  const teamSelect = select(
    'announce-team',
    view.audiences.teams.map((tm) => ({ value: tm.id, label: tm.name })),
    c.teamId,
    (v) => (c.teamId = v),
    'team',
  );
  const directionSelect = select(
    'announce-direction',
    view.audiences.directions.map((d) => ({ value: d, label: d })),
    c.direction,
    (v) => (c.direction = v),
    'direction',
  );

  const previewButton = h(
    'button',
    { id: 'announce-preview', type: 'submit', class: preview ? 'button secondary' : 'button' },
    t('organisation.compose.preview'),
  );
  const form = h(
    'form',
    { class: 'composer', novalidate: true },
    field(
      'title',
      t('organisation.compose.title'),
      input('announce-title', 'title'),
      t('organisation.compose.limit', { limit: LIMITS.title }),
    ),
    field(
      'text',
      t('organisation.compose.text'),
      text,
      t('organisation.compose.markdown', { limit: integer(LIMITS.text, lang) }),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, t('organisation.compose.link')),
      field(
        'linkLabel',
        t('organisation.compose.linkLabel'),
        input('announce-link-label', 'linkLabel'),
        t('organisation.compose.limit', { limit: LIMITS.linkLabel }),
      ),
      field(
        'linkUrl',
        t('organisation.compose.linkUrl'),
        input('announce-link-url', 'linkUrl', 'url'),
        t('organisation.compose.linkUrl.help'),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, t('organisation.compose.audience')),
      radio('all', t('organisation.compose.audience.all')),
      radio('team', t('organisation.compose.audience.team')),
      field('team', t('organisation.compose.team'), teamSelect),
      radio('direction', t('organisation.compose.audience.direction')),
      view.audiences.directions.length
        ? field('direction', t('organisation.compose.direction'), directionSelect)
        : h('p', { class: 'muted' }, t('organisation.compose.noDirection')),
    ),
    h('p', null, previewButton),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    c.errors = check(ctx);
    const first = (Object.keys(c.errors) as Field[])[0];
    if (first) {
      message = { at: 'composer', text: t('organisation.error.fix'), ok: false, focus: false };
      const section = composerSection(view, ctx);
      form.closest('section')?.replaceWith(section);
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    previewButton.disabled = true;
    // The draft as it is now (typed since this form was drawn), not as it was drawn.
    const sentKey = JSON.stringify(draftBody());
    void act(
      ctx,
      'composer',
      '/api/admin/announcements',
      { ...draftBody(), preview: true },
      ({ status, body }) => {
        if (status !== 202) return refused(body, ctx);
        const posted = body as unknown as PostedAnnouncementView;
        // A preview goes to its author alone: how many the real send reaches comes from the figures.
        c.preview = { key: sentKey, blocks: posted.blocks, audienceSize: audienceSize(view) };
        return { text: t('organisation.compose.previewed'), ok: true };
      },
    );
  });

  return h(
    'section',
    { 'aria-labelledby': 'organisation-compose' },
    h('h2', { id: 'organisation-compose' }, t('organisation.compose')),
    h(
      'div',
      { class: 'card' },
      outcome('composer', ctx),
      form,
      c.preview && !preview ? h('p', { class: 'muted' }, t('organisation.compose.stale')) : null,
      preview ? previewCard(preview, ctx) : null,
      c.watched ? watchedCard(c.watched, ctx) : null,
    ),
  );
}

/** Agents the chosen audience holds (reachable, for everyone); the send's answer gives the exact count. */
function audienceSize(view: OrganiserOverviewView): number {
  const c = composer;
  if (c.audience === 'team') return view.teams.find((tm) => tm.id === c.teamId)?.agents ?? 0;
  if (c.audience === 'direction')
    return view.directions.find((d) => d.direction === c.direction)?.agents ?? 0;
  return view.agents.reachable;
}

const FIELD_IDS: Record<Field, string> = {
  title: 'announce-title',
  text: 'announce-text',
  linkLabel: 'announce-link-label',
  linkUrl: 'announce-link-url',
  team: 'announce-team',
  direction: 'announce-direction',
};

/** A refusal of the composer: beside its field when the server names one, and said in the outcome. */
function refused(body: Record<string, unknown>, ctx: PageContext) {
  const text = refusal(body, ctx);
  const field =
    body.error === 'announcement_invalid'
      ? fieldOf(body.details)
      : body.error === 'audience_unknown'
        ? composer.audience === 'direction'
          ? 'direction'
          : 'team'
        : null;
  if (field) composer.errors = { ...composer.errors, [field]: text };
  return { text, ok: false };
}

function spans(line: AnnouncementSpanView[]): Node[] {
  return line.map((span) => {
    let node: Node = document.createTextNode(span.text);
    if (span.italic) node = h('em', null, node);
    if (span.bold) node = h('strong', null, node);
    if (span.href && /^https:\/\//.test(span.href))
      node = h('a', { href: span.href, target: '_blank', rel: 'noopener' }, node);
    return node;
  });
}

/** The announcement as agents will read it (DOM text only: nothing typed becomes markup). */
function previewCard(
  preview: { blocks: AnnouncementBlockView[]; audienceSize: number },
  ctx: PageContext,
): HTMLElement {
  const { t, lang } = ctx;
  const c = composer;
  const body: Node[] = [];
  let list: HTMLElement | null = null;
  for (const block of preview.blocks) {
    const lines = block.lines.flatMap((line, i) =>
      i === 0 ? spans(line) : [h('br'), ...spans(line)],
    );
    if (block.kind === 'paragraph') {
      list = null;
      body.push(h('p', null, lines));
      continue;
    }
    const tag = block.kind === 'bullet' ? 'ul' : 'ol';
    if (!list || list.tagName.toLowerCase() !== tag) {
      list = h(tag, block.kind === 'numbered' && block.number ? { start: block.number } : null);
      body.push(list);
    }
    list.append(h('li', null, lines));
  }
  const send = h(
    'button',
    { id: 'announce-send', type: 'button', class: 'button' },
    t('organisation.compose.send', { count: integer(preview.audienceSize, lang) }),
  );
  send.addEventListener('click', () => {
    send.disabled = true;
    void act(
      ctx,
      'composer',
      '/api/admin/announcements',
      draftBody(),
      ({ status, body: answer }) => {
        if (status !== 202) return refused(answer, ctx);
        const posted = answer as unknown as PostedAnnouncementView;
        const title = c.title.trim();
        c.watched = {
          id: posted.id,
          title,
          audience: draftBody().audience as AnnouncementStatusView['audience'],
          state: posted.state,
          preview: false,
          sendAt: posted.sendAt,
          createdAt: posted.sendAt,
          createdBy: '',
          total: posted.audienceSize,
          sent: 0,
          failed: 0,
          skipped: 0,
          pending: posted.audienceSize,
          failures: {},
        };
        Object.assign(c, {
          title: '',
          text: '',
          linkLabel: '',
          linkUrl: '',
          preview: null,
          errors: {},
        });
        const when = instantParts(posted.sendAt, lang);
        return {
          text: posted.duplicate
            ? t('organisation.compose.duplicate')
            : posted.state === 'scheduled' && when
              ? t('organisation.compose.scheduled', when)
              : t('organisation.compose.sending', { count: integer(posted.audienceSize, lang) }),
          ok: true,
        };
      },
    );
  });
  return h(
    'div',
    { class: 'preview', 'aria-labelledby': 'announce-preview-title', role: 'group' },
    h('h3', { id: 'announce-preview-title' }, t('organisation.compose.previewTitle')),
    h(
      'div',
      { class: 'announcement' },
      h('p', { class: 'announcement-kind' }, t('organisation.compose.kind')),
      h('p', { class: 'announcement-title' }, c.title.trim()),
      body,
      c.linkLabel.trim()
        ? h('p', null, h('span', { class: 'button secondary' }, c.linkLabel.trim()))
        : null,
    ),
    h(
      'p',
      null,
      t('organisation.compose.audienceSize', { count: integer(preview.audienceSize, lang) }),
    ),
    preview.audienceSize > 0 ? h('p', null, send) : null,
  );
}

/** The send started from this page: its progress, live, and the way to stop it. */
function watchedCard(status: AnnouncementStatusView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const title = t('organisation.kind.announcement', { title: status.title });
  const text = progressText(status, ctx);
  liveProgress ??= h('p', { id: 'announce-progress-text', role: 'status' });
  const when = instantParts(status.sendAt, lang);
  liveProgress.textContent =
    status.state === 'scheduled' && when
      ? t('organisation.compose.scheduled', when)
      : `${t(`organisation.state.${status.state}` as MessageKey)} — ${text}`;
  const stop = h(
    'button',
    { id: 'announce-stop', type: 'button', class: 'button secondary' },
    t('organisation.compose.stop'),
  );
  stop.addEventListener('click', () => {
    stop.disabled = true;
    void act(
      ctx,
      'composer',
      `/api/admin/announcements/${encodeURIComponent(status.id)}/cancel`,
      undefined,
      ({ status: code, body }) => {
        if (code !== 200) return { text: refusal(body, ctx), ok: false };
        composer.watched = body as unknown as AnnouncementStatusView;
        return {
          text: t('organisation.compose.stopped', { sent: integer(composer.watched.sent, lang) }),
          ok: true,
        };
      },
    );
  });
  return h(
    'div',
    { class: 'watched', role: 'group', 'aria-labelledby': 'announce-watched-title' },
    h('h3', { id: 'announce-watched-title' }, title),
    h('p', { class: 'status' }, stateWord(status.state, ctx)),
    progressBar(status, `${title} : ${text}`),
    liveProgress,
    failures(status.failures, ctx),
    status.state === 'sending' || status.state === 'scheduled' ? h('p', null, stop) : null,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Workshops and attendance by hand

function workshopsSection(workshops: OrganiserWorkshopView[], ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  return h(
    'section',
    { 'aria-labelledby': 'organisation-workshops' },
    h('h2', { id: 'organisation-workshops' }, t('organisation.workshops')),
    workshops.length === 0
      ? h('p', null, t('organisation.none'))
      : h(
          'ul',
          { class: 'workshops' },
          workshops.map((w) => {
            const start = instantParts(w.start, lang);
            return h(
              'li',
              { class: 'card workshop' },
              h('h3', null, w.title),
              h(
                'p',
                null,
                [
                  t('agenda.workshop.number', { number: w.number }),
                  w.formatName[lang],
                  start ? t('agenda.workshop.at', { date: start.date, start: start.time }) : null,
                ]
                  .filter(Boolean)
                  .join(' · '),
              ),
              h(
                'p',
                { id: `attendance-figures-${w.id}` },
                w.capacity !== null
                  ? t('organisation.workshop.signedUpOf', {
                      count: integer(w.signedUp, lang),
                      capacity: integer(w.capacity, lang),
                    })
                  : t('organisation.workshop.signedUp', { count: integer(w.signedUp, lang) }),
                ' · ',
                t('organisation.workshop.attended', { count: integer(w.attended, lang) }),
              ),
              outcome(`attendance-${w.id}`, ctx),
              byHand(w, ctx),
            );
          }),
        ),
  );
}

/** Record attendance by hand: search agents by name, tick those present, record them (counted as a check-in). */
function byHand(w: OrganiserWorkshopView, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const open = attendance.open === w.id;
  const details = h('details', { class: 'by-hand' });
  details.open = open;
  details.append(
    h('summary', null, t('organisation.byHand'), h('span', { class: 'sr-only' }, ` — ${w.title}`)),
  );
  details.addEventListener('toggle', () => {
    if (details.open === open) return;
    attendance.open = details.open ? w.id : null;
    attendance.search = '';
    attendance.candidates = null;
    attendance.chosen.clear();
    // Drawn when opened (a closed disclosure costs nothing), and the reader stays on its summary.
    const fresh = byHand(w, ctx);
    details.replaceWith(fresh);
    fresh.querySelector('summary')?.focus();
  });
  if (!open) return details;
  const base = `/api/workshops/${encodeURIComponent(w.id)}/attendance`;
  const search = h('input', {
    id: `search-${w.id}`,
    type: 'search',
    name: 'search',
    autocomplete: 'off',
  });
  search.value = attendance.search;
  search.addEventListener('input', () => (attendance.search = search.value));
  const find = h(
    'form',
    { class: 'search-form', role: 'search' },
    h('label', { for: `search-${w.id}` }, t('organisation.byHand.search')),
    h(
      'span',
      { class: 'checkin-row' },
      search,
      h(
        'button',
        { id: `search-submit-${w.id}`, type: 'submit', class: 'button secondary' },
        t('organisation.byHand.find'),
      ),
    ),
  );
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    void read(
      ctx,
      `attendance-${w.id}`,
      `${base}/candidates?search=${encodeURIComponent(search.value.trim())}`,
      ({ status, body }) => {
        if (status !== 200) return { text: refusal(body, ctx), ok: false };
        attendance.candidates = (body.agents as AttendanceCandidateView[]) ?? [];
        return {
          text: attendance.candidates.length
            ? t('organisation.byHand.found', { count: attendance.candidates.length })
            : t('organisation.byHand.nobody'),
          ok: attendance.candidates.length > 0,
        };
      },
    );
  });
  const candidates = attendance.candidates ?? [];
  let pick: HTMLElement | null = null;
  if (candidates.length) {
    const record = h(
      'button',
      { id: `record-${w.id}`, type: 'submit', class: 'button' },
      t('organisation.byHand.record'),
    );
    pick = h(
      'form',
      { class: 'pick' },
      h(
        'fieldset',
        null,
        h('legend', null, t('organisation.byHand.choose')),
        candidates.map((agent) => {
          const id = `pick-${w.id}-${agent.id}`;
          const box = h('input', {
            type: 'checkbox',
            id,
            value: agent.id,
            disabled: agent.checkedIn,
          });
          box.checked = attendance.chosen.has(agent.id);
          box.addEventListener('change', () =>
            box.checked ? attendance.chosen.add(agent.id) : attendance.chosen.delete(agent.id),
          );
          const about = [
            agent.direction,
            agent.signedUp ? t('organisation.byHand.signedUp') : null,
            agent.checkedIn ? t('organisation.byHand.already') : null,
          ]
            .filter(Boolean)
            .join(' · ');
          return h(
            'p',
            { class: 'choice' },
            box,
            h(
              'label',
              { for: id },
              agent.name,
              about ? h('span', { class: 'muted' }, ` (${about})`) : null,
            ),
          );
        }),
      ),
      h('p', null, record),
    );
    pick.addEventListener('submit', (event) => {
      event.preventDefault();
      const agentIds = candidates.filter((a) => attendance.chosen.has(a.id)).map((a) => a.id);
      if (agentIds.length === 0) {
        message = {
          at: `attendance-${w.id}`,
          text: t('organisation.byHand.noneChosen'),
          ok: false,
          focus: false,
        };
        details.parentElement?.replaceWith(workshopsItem(w, ctx));
        document.getElementById(`record-${w.id}`)?.focus();
        return;
      }
      record.disabled = true;
      void act(ctx, `attendance-${w.id}`, base, { agentIds }, ({ status, body }) => {
        if (status !== 200) return { text: refusal(body, ctx), ok: false };
        const answer = body as unknown as AttendanceRecordView;
        const names = new Map(candidates.map((a) => [a.id, a.name]));
        attendance.candidates = null;
        attendance.chosen.clear();
        const parts = [
          answer.recorded.length
            ? t('organisation.byHand.recorded', {
                names: answer.recorded
                  .map((r) => t('organisation.byHand.points', { name: r.name, points: r.points }))
                  .join(', '),
              })
            : null,
          answer.already.length
            ? t('organisation.byHand.wasAlready', {
                names: answer.already.map((id) => names.get(id) ?? id).join(', '),
              })
            : null,
          answer.unknown.length
            ? t('organisation.byHand.unknown', { count: answer.unknown.length })
            : null,
        ].filter(Boolean);
        return { text: parts.join(' '), ok: answer.recorded.length > 0 };
      });
    });
  }
  details.append(h('div', null, find, pick));
  return details;
}

/** One workshop redrawn alone (a message beside it without asking the server). */
function workshopsItem(w: OrganiserWorkshopView, ctx: PageContext): Node {
  return workshopsSection([w], ctx).querySelector('li')!;
}
