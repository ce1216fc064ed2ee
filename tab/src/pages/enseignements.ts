import type { InsightFiguresView, InsightsView } from '../../../src/api/views';
import type { ApiClient } from '../api';
import { dataTable } from '../charts';
import { h } from '../dom';
import { instantParts, integer, percent } from '../format';
import type { PageContext } from './page';

/**
 * Enseignements (organisers only): what the quiz answers teach, for the training plan. Per theme, weakest first,
 * the share of right answers as a bar with its figure in words; a weak theme (under 60 %) says so in words and
 * with a mark, not by colour, next to its training offer. Then the same figures as a table, and each theme's
 * directions in a table of their own. The API shows no group under 5 agents: the page says so, plainly.
 */
export function enseignementsView(
  view: InsightsView,
  ctx: PageContext,
  api?: Pick<ApiClient, 'download'>,
): Node[] {
  const { t, lang } = ctx;
  const at = instantParts(view.generatedAt, lang);
  const weakBelow = percent(view.weakBelow, lang);
  return [
    h(
      'div',
      { class: 'insights' },
      at ? h('p', { class: 'muted' }, t('insights.generated', at)) : null,
      h('p', null, t('insights.intro', { min: view.minAgents, weak: weakBelow })),
      actions(view, ctx, api),
      view.themes.length === 0
        ? h('p', { class: 'notice' }, t('insights.none'))
        : [
            h(
              'section',
              { 'aria-labelledby': 'insights-themes' },
              h('h2', { id: 'insights-themes' }, t('insights.themes')),
              h(
                'ul',
                { class: 'insight-list' },
                view.themes.map((theme) => themeItem(theme, view, ctx)),
              ),
            ),
            h(
              'section',
              { 'aria-labelledby': 'insights-table' },
              h('h2', { id: 'insights-table' }, t('insights.table')),
              overviewTable(view, ctx),
            ),
            h(
              'section',
              { 'aria-labelledby': 'insights-directions' },
              h('h2', { id: 'insights-directions' }, t('insights.byDirection')),
              h('p', { class: 'muted' }, t('insights.byDirection.rule', { min: view.minAgents })),
              view.themes
                .filter((theme) => theme.overall !== null)
                .map((theme) => directionsTable(theme, ctx)),
            ),
          ],
    ),
  ];
}

type Theme = InsightsView['themes'][number];

function themeName(theme: Theme, ctx: PageContext): string {
  return theme.name[ctx.lang];
}

/** "67 % de bonnes réponses (34 sur 51, 12 agents)". */
function shareText(f: InsightFiguresView, ctx: PageContext): string {
  const { t, lang } = ctx;
  return t('insights.share', {
    share: percent(f.share, lang),
    right: integer(f.right, lang),
    answers: integer(f.answers, lang),
    agents: integer(f.agents, lang),
  });
}

/** One theme: its name, its bar and figure, and when it is weak the mark, the words and the training offer. */
function themeItem(theme: Theme, view: InsightsView, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const f = theme.overall;
  if (!f) {
    return h(
      'li',
      { class: 'insight card' },
      h('h3', null, themeName(theme, ctx)),
      h('p', { class: 'muted' }, t('insights.tooFew', { min: view.minAgents })),
    );
  }
  const width = `${Math.min(100, Math.max(0, Math.round(Number(f.share) * 100)))}%`;
  return h(
    'li',
    { class: `insight card${f.weak ? ' weak' : ''}` },
    h(
      'h3',
      null,
      themeName(theme, ctx),
      // Weak in words and with a mark, never by colour alone.
      f.weak ? h('span', { class: 'weak-mark' }, `⚠ ${t('insights.weak')}`) : null,
    ),
    h(
      'div',
      { class: 'insight-bar', 'aria-hidden': 'true' },
      h('span', { class: 'insight-fill', style: `width: ${width}` }),
    ),
    h('p', null, shareText(f, ctx)),
    f.weak
      ? h(
          'p',
          { class: 'training' },
          `${t('insights.training')} `,
          h(
            'a',
            { href: theme.training.url, target: '_blank', rel: 'noopener noreferrer' },
            theme.training.label,
          ),
        )
      : null,
  );
}

function overviewTable(view: InsightsView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  return dataTable({
    caption: t('insights.table.caption', { min: view.minAgents }),
    headings: [
      t('insights.col.theme'),
      t('insights.col.agents'),
      t('insights.col.answers'),
      t('insights.col.right'),
      t('insights.col.share'),
      t('insights.col.weak'),
      t('insights.col.training'),
    ],
    numeric: [false, true, true, true, true, false, false],
    rows: view.themes.map((theme) => {
      const f = theme.overall;
      if (!f)
        return [
          themeName(theme, ctx),
          '—',
          '—',
          '—',
          '—',
          t('insights.tooFew.short', { min: view.minAgents }),
          theme.training.label,
        ];
      return [
        themeName(theme, ctx),
        f.agents,
        f.answers,
        f.right,
        percent(f.share, lang),
        f.weak ? t('insights.yes') : t('insights.no'),
        theme.training.label,
      ];
    }),
    lang,
  });
}

function directionsTable(theme: Theme, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const groupName = (group: Theme['groups'][number]) =>
    group.kind === 'others'
      ? t('insights.others', { count: integer(group.directions, lang) })
      : (group.direction ?? t('insights.noDirection'));
  return dataTable({
    caption: t('insights.directions.caption', { theme: themeName(theme, ctx) }),
    headings: [
      t('insights.col.group'),
      t('insights.col.agents'),
      t('insights.col.answers'),
      t('insights.col.share'),
      t('insights.col.weak'),
    ],
    numeric: [false, true, true, true, false],
    rows: theme.groups.map((group) => [
      groupName(group),
      group.agents,
      group.answers,
      percent(group.share, lang),
      group.weak ? t('insights.yes') : t('insights.no'),
    ]),
    lang,
  });
}

function actions(
  view: InsightsView,
  ctx: PageContext,
  api: Pick<ApiClient, 'download'> | undefined,
): HTMLElement {
  const { t } = ctx;
  const status = h('p', { role: 'status', class: 'insights-status' });
  const save = async () => {
    status.textContent = '';
    try {
      if (!api) throw new Error('no API client');
      const blob = await api.download('/api/admin/insights?format=csv');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `enseignements-${view.challenge.id}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      status.textContent = t('insights.downloadFailed');
    }
  };
  return h(
    'div',
    { class: 'insights-actions', role: 'group', 'aria-label': t('insights.actions') },
    h(
      'button',
      { type: 'button', class: 'button secondary', onclick: () => void save() },
      t('insights.csv'),
    ),
    h(
      'button',
      { type: 'button', class: 'button secondary', onclick: () => window.print() },
      t('insights.print'),
    ),
    status,
  );
}
