import type { LeaderboardRowView, LeaderboardView } from '../../../src/api/views';
import { h } from '../dom';
import { decimal, integer, percent } from '../format';
import { renderPodium } from '../podium';
import type { PageContext } from './page';

/** Classement: the podium, how the score is computed, and every team. */
export function classementView(board: LeaderboardView, ctx: PageContext): Node[] {
  const { t } = ctx;
  if (board.rows.length === 0) return [h('p', { class: 'card' }, t('ranking.none'))];
  const podiumRows = board.rows.filter((row) => row.rank <= 5);
  return [
    // Not a named section: when the podium scrolls, its box becomes the region named by this heading.
    h(
      'section',
      null,
      h('h2', { id: 'podium-heading' }, t('ranking.podium')),
      podium(podiumRows, ctx),
    ),
    rules(board.minTeamSize, ctx),
    h(
      'section',
      { 'aria-labelledby': 'all-heading' },
      h('h2', { id: 'all-heading' }, t('ranking.all')),
      h('p', { class: 'muted' }, t('ranking.intro')),
      table(board.rows, ctx),
    ),
  ];
}

function podium(rows: LeaderboardRowView[], ctx: PageContext): HTMLElement {
  const sentinel = h('span', { class: 'sentinel', 'aria-hidden': 'true' });
  const box = h('div', { class: 'podium' }, sentinel);
  let drawn = '';
  const draw = () => {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const width = box.clientWidth;
    const key = `${width}/${rem}`;
    if (!width || key === drawn) return;
    drawn = key;
    const font = getComputedStyle(box).fontFamily;
    const drawing = renderPodium(rows, { width, rem, font }, ctx.lang, ctx.t);
    box.replaceChildren(sentinel, drawing);
    // Many tied teams on a phone: the podium scrolls in its box, which must then be reachable by keyboard.
    if (Number(drawing.getAttribute('width')) > width) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-labelledby', 'podium-heading');
    } else {
      for (const name of ['tabindex', 'role', 'aria-labelledby']) box.removeAttribute(name);
    }
  };
  ctx.attached(() => {
    draw();
    if (typeof ResizeObserver === 'undefined') return;
    // The sentinel is 1rem wide: it tells when the text size changes, the box when the width does.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(draw);
    });
    observer.observe(box);
    observer.observe(sentinel);
    ctx.cleanup(() => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    });
  });
  return box;
}

function rules(minTeamSize: number, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const details = h(
    'details',
    { id: 'rules', open: ctx.ui.rulesOpen },
    h('summary', { id: 'rules-summary' }, t('rules.summary')),
    h(
      'div',
      null,
      h('p', null, t('rules.points')),
      h('p', null, t('rules.score', { min: minTeamSize })),
      h('p', null, t('rules.fair')),
      h('p', null, t('rules.ties')),
    ),
  );
  details.addEventListener('toggle', () => {
    ctx.ui.rulesOpen = details.open;
  });
  return details;
}

function table(rows: LeaderboardRowView[], ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const ranks = new Map<number, number>();
  for (const row of rows) ranks.set(row.rank, (ranks.get(row.rank) ?? 0) + 1);
  const column = (key: Parameters<typeof t>[0], numeric = false) =>
    h('th', { scope: 'col', class: numeric ? 'num' : undefined }, t(key));
  return h(
    'div',
    { class: 'table-box', role: 'region', tabindex: 0, 'aria-labelledby': 'ranking-caption' },
    h(
      'table',
      { class: 'ranking' },
      h('caption', { id: 'ranking-caption', class: 'sr-only' }, t('ranking.caption')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          column('ranking.col.rank', true),
          column('ranking.col.team'),
          column('ranking.col.score', true),
          column('ranking.col.members', true),
          column('ranking.col.participation', true),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            { class: row.mine ? 'mine' : undefined, 'data-team': row.teamId },
            h(
              'td',
              { class: 'num rank' },
              h('span', { class: 'rank-value' }, row.rank),
              (ranks.get(row.rank) ?? 0) > 1
                ? h('span', { class: 'tied' }, t('ranking.tied'))
                : null,
            ),
            h(
              'th',
              { scope: 'row' },
              h('span', { class: 'team-value' }, row.name),
              row.mine
                ? [
                    h('span', { class: 'sr-only' }, ', '),
                    h('span', { class: 'badge' }, t('ranking.mine')),
                  ]
                : null,
            ),
            h('td', { class: 'num score-value' }, decimal(row.score, lang)),
            h('td', { class: 'num' }, integer(row.members, lang)),
            h('td', { class: 'num' }, percent(row.participationRate, lang)),
          ),
        ),
      ),
    ),
  );
}
