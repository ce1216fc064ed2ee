import type { LeaderboardRowView, ReportView } from '../../../src/api/views';
import type { ApiClient } from '../api';
import { chartFigure } from '../charts';
import { h } from '../dom';
import { dayLabel, decimal, instantParts, integer, ordinal, percent } from '../format';
import type { MessageKey } from '../i18n';
import { renderPodium } from '../podium';
import type { PageContext } from './page';

/**
 * Bilan (organisers only): the challenge's final report as the organisers would present it — the headline in
 * big figures, participation per day, format, direction and team as bar charts each with its table, the podium,
 * and print / CSV / JSON. The print stylesheet (styles.css, "Bilan") lays it out on A4 portrait.
 */
export function bilanView(
  view: ReportView,
  ctx: PageContext,
  api?: Pick<ApiClient, 'download'>,
): Node[] {
  const { t, lang } = ctx;
  const at = instantParts(view.generatedAt, lang);
  return [
    h(
      'div',
      { class: 'bilan' },
      at ? h('p', { class: 'muted' }, t('bilan.generated', at)) : null,
      headline(view, ctx),
      actions(view, ctx, api),
      section('bilan-figures', t('bilan.figures'), figures(view, ctx)),
      section('bilan-day', t('bilan.byDay'), byDay(view, ctx)),
      section('bilan-format', t('bilan.byFormat'), byFormat(view, ctx)),
      section('bilan-direction', t('bilan.byDirection'), byDirection(view, ctx)),
      section('bilan-team', t('bilan.byTeam'), byTeam(view, ctx)),
      section('bilan-podium', t('bilan.podium'), podium(view, ctx)),
    ),
  ];
}

/** "3 équipes", "1 équipe": the catalogue holds "singular|plural" (French takes the singular for 0 and 1). */
function counted(key: MessageKey, n: number, ctx: PageContext): string {
  const [one = '', other = one] = ctx.t(key).split('|');
  const singular = ctx.lang === 'fr' ? n <= 1 : n === 1;
  return `${integer(n, ctx.lang)} ${singular ? one : other}`;
}

function label(key: MessageKey, n: number, ctx: PageContext): string {
  const [one = '', other = one] = ctx.t(key).split('|');
  return (ctx.lang === 'fr' ? n <= 1 : n === 1) ? one : other;
}

function section(id: string, title: string, ...content: Node[]): HTMLElement {
  return h(
    'section',
    { class: 'bilan-section', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...content,
  );
}

/** The sentence of the real challenge's report: "121 agents de 21 directions, 195 participations, 13 équipes". */
function headline(view: ReportView, ctx: PageContext): HTMLElement {
  const k = view.headline;
  return h(
    'div',
    { class: 'bilan-lead' },
    h(
      'p',
      { class: 'bilan-headline' },
      ctx.t('bilan.headline', {
        agents: counted('bilan.n.agents', k.participants, ctx),
        directions: counted('bilan.n.directions', k.directions, ctx),
        participations: counted('bilan.n.participations', k.participations, ctx),
        teams: counted('bilan.n.teams', k.teams, ctx),
      }),
    ),
    h('p', { class: 'muted' }, ctx.t('bilan.definition')),
  );
}

function figures(view: ReportView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const k = view.headline;
  const figure = (value: number, key: MessageKey, detail?: string) =>
    h(
      'li',
      { class: 'bilan-figure' },
      h('span', { class: 'bilan-number' }, integer(value, lang)),
      ' ',
      h('span', { class: 'bilan-what' }, label(key, value, ctx)),
      detail ? h('span', { class: 'bilan-detail' }, detail) : null,
    );
  return h(
    'ul',
    { class: 'bilan-figures' },
    figure(
      k.participants,
      'bilan.fig.participants',
      t('bilan.fig.registered', { n: integer(k.agentsRegistered, lang) }),
    ),
    figure(k.directions, 'bilan.fig.directions'),
    figure(k.participations, 'bilan.fig.participations'),
    figure(k.teams, 'bilan.fig.teams'),
    figure(
      k.workshopsHeld,
      'bilan.fig.workshops',
      t('bilan.fig.programme', { n: integer(k.workshops, lang) }),
    ),
    figure(
      k.quizAnswers,
      'bilan.fig.answers',
      k.rightShare === null
        ? t('bilan.fig.noAnswer')
        : t('bilan.fig.right', { share: percent(k.rightShare, lang) }),
    ),
  );
}

function actions(
  view: ReportView,
  ctx: PageContext,
  api: Pick<ApiClient, 'download'> | undefined,
): HTMLElement {
  const { t } = ctx;
  const status = h('p', { role: 'status', class: 'bilan-status' });
  const button = (text: string, onclick: () => void) =>
    h('button', { type: 'button', class: 'button secondary', onclick }, text);
  const save = (extension: 'csv' | 'json') => async () => {
    status.textContent = '';
    try {
      if (!api) throw new Error('no API client');
      const blob = await api.download(`/api/admin/report.${extension}`);
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `bilan-${view.challenge.id}.${extension}` });
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser time to start the download before the URL goes.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      status.textContent = t('bilan.downloadFailed');
    }
  };
  return h(
    'div',
    { class: 'bilan-actions', role: 'group', 'aria-label': t('bilan.actions') },
    button(t('bilan.print'), () => window.print()),
    button(t('bilan.csv'), () => void save('csv')()),
    button(t('bilan.json'), () => void save('json')()),
    status,
  );
}

function empty(ctx: PageContext): HTMLElement {
  return h('p', { class: 'muted' }, ctx.t('bilan.empty'));
}

function byDay(view: ReportView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const dayName = (d: ReportView['byDay'][number]) =>
    `${d.day === null ? t('bilan.col.outside') : t('bilan.col.dayN', { n: d.day })} — ${dayLabel(d.date, lang)}`;
  return chartFigure({
    hiddenTitle: true,
    title: t('bilan.byDay'),
    unit: t('bilan.unit.participations'),
    lang,
    rows: view.byDay.map((d) => ({ label: dayName(d), value: d.participations })),
    table: {
      headings: [
        t('bilan.col.day'),
        t('bilan.col.participants'),
        t('bilan.col.participations'),
        t('bilan.col.quiz'),
        t('bilan.col.workshop'),
        t('bilan.col.answers'),
        t('bilan.col.right'),
      ],
      rows: view.byDay.map((d) => [
        dayName(d),
        d.participants,
        d.participations,
        d.quizParticipations,
        d.workshopParticipations,
        d.quizAnswers,
        d.rightAnswers,
      ]),
    },
  });
}

function byFormat(view: ReportView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  if (view.byFormat.length === 0) return empty(ctx);
  return chartFigure({
    hiddenTitle: true,
    title: t('bilan.byFormat'),
    unit: t('bilan.unit.attended'),
    lang,
    rows: view.byFormat.map((f) => ({ label: f.formatName[lang], value: f.attended })),
    table: {
      headings: [
        t('bilan.col.format'),
        t('bilan.col.workshops'),
        t('bilan.col.held'),
        t('bilan.col.signedUp'),
        t('bilan.col.attended'),
      ],
      rows: view.byFormat.map((f) => [
        f.formatName[lang],
        f.workshops,
        f.workshopsHeld,
        f.signedUp,
        f.attended,
      ]),
    },
  });
}

function byDirection(view: ReportView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  if (view.byDirection.length === 0) return empty(ctx);
  const name = (direction: string | null) => direction ?? t('bilan.noDirection');
  return chartFigure({
    hiddenTitle: true,
    title: t('bilan.byDirection'),
    unit: t('bilan.unit.participations'),
    lang,
    rows: view.byDirection.map((d) => ({ label: name(d.direction), value: d.participations })),
    table: {
      headings: [
        t('bilan.col.direction'),
        t('bilan.col.registered'),
        t('bilan.col.participants'),
        t('bilan.col.participations'),
      ],
      rows: view.byDirection.map((d) => [
        name(d.direction),
        d.registered,
        d.participants,
        d.participations,
      ]),
    },
  });
}

function byTeam(view: ReportView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  if (view.byTeam.length === 0) return empty(ctx);
  return chartFigure({
    hiddenTitle: true,
    title: t('bilan.byTeam'),
    unit: t('bilan.unit.score'),
    lang,
    // The bars show the prorated score, the rule of the ranking; the table adds the raw participations.
    rows: view.byTeam.map((team) => ({
      label: `${ordinal(team.rank, lang, t)} — ${team.name}`,
      value: Number(team.score),
      text: decimal(team.score, lang),
    })),
    table: {
      headings: [
        t('bilan.col.rank'),
        t('bilan.col.team'),
        t('bilan.col.score'),
        t('bilan.col.participations'),
        t('bilan.col.members'),
      ],
      numeric: [false, false, true, true, false],
      rows: view.byTeam.map((team) => [
        ordinal(team.rank, lang, t),
        team.name,
        decimal(team.score, lang),
        team.participations,
        team.memberNames.join(', '),
      ]),
    },
  });
}

/** The podium drawn as on the Classement page, then in words, ties said as ties. */
function podium(view: ReportView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  if (view.podium.length === 0) return empty(ctx);
  const box = h('div', { class: 'podium bilan-podium' });
  ctx.attached(() => {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const rows: LeaderboardRowView[] = view.podium;
    box.replaceChildren(
      renderPodium(
        rows,
        {
          width: Math.min(box.clientWidth || 640, 640),
          rem,
          font: getComputedStyle(box).fontFamily,
        },
        lang,
        t,
      ),
    );
  });
  return h(
    'div',
    null,
    box,
    h(
      'ul',
      { class: 'bilan-podium-list' },
      view.podium.map((row) =>
        h(
          'li',
          null,
          h('strong', null, ordinal(row.rank, lang, t)),
          row.tied ? ` (${t('bilan.tied')})` : null,
          ` — ${row.name} — ${decimal(row.score, lang)} ${t('bilan.unit.score')}`,
        ),
      ),
    ),
    h('p', { class: 'muted' }, t('bilan.podium.rule', { min: view.minTeamSize })),
  );
}
