import type { MeView, MyTeamView } from '../../../src/api/views';
import { h } from '../dom';
import { dayLabel, integer } from '../format';
import type { PageContext } from './page';

type Team = NonNullable<MyTeamView['team']>;

/**
 * Mon équipe: name, join code, who took part (never how much: privacy) — named only when they chose so —, the
 * reader's own choice, and the team's points by day.
 */
export function equipeView(data: MyTeamView, me: MeView | undefined, ctx: PageContext): Node[] {
  const { t, lang } = ctx;
  const team = data.team;
  if (!team) {
    return [
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'no-team' },
        h('h2', { id: 'no-team' }, t('team.none.title')),
        h('p', null, t('team.none.text')),
        h('p', null, t('team.none.join')),
        h('p', null, t('team.none.create')),
      ),
    ];
  }
  return [
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'team-name' },
      h('h2', { id: 'team-name', class: 'team-name' }, team.name),
      h('p', null, t('team.code'), ' ', h('span', { class: 'code' }, team.joinCode)),
      h('p', { class: 'muted' }, t('team.codeHelp', { code: team.joinCode })),
      h(
        'p',
        null,
        t('team.size', {
          count: integer(team.members.length, lang),
          max: integer(team.maxSize, lang),
        }),
      ),
      me ? h('p', null, t('team.myPoints', { points: integer(me.points, lang) })) : null,
    ),
    members(team, ctx),
    nameChoice(team, ctx),
    byDay(team, ctx),
  ];
}

/** The text of the last outcome this page asked for: another page's outcome is not shown here. */
let myOutcome = '';
/**
 * The choice the server just accepted, until the team's data say it too: the page is drawn once from the data it
 * had before the fresh ones arrive, and the box must not flicker back meanwhile.
 */
let accepted: boolean | null = null;

/**
 * The reader's choice to show their name to their teammates (off by default: "a team member"). A native checkbox
 * with its label: keyboard and screen readers get its state for free; the outcome is said, and focused, below it.
 */
function nameChoice(team: Team, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const box = h('input', {
    id: 'show-my-name',
    type: 'checkbox',
    'aria-describedby': 'show-my-name-help',
  });
  if (accepted === team.showMyName) accepted = null;
  box.checked = accepted ?? team.showMyName;
  box.addEventListener('change', () => {
    const show = box.checked;
    box.disabled = true;
    void ctx.act('POST', '/api/me/team-name', { show }, ({ status }) => {
      if (status === 200) accepted = show;
      const outcome =
        status === 200
          ? { text: t(show ? 'team.showName.on' : 'team.showName.off'), ok: true }
          : { text: t('team.showName.refused'), ok: false };
      myOutcome = outcome.text;
      return outcome;
    });
  });
  const last = ctx.ui.outcome;
  let said: HTMLElement | null = null;
  if (last && last.text === myOutcome) {
    said = h(
      'p',
      { id: 'action-outcome', class: `outcome ${last.ok ? 'ok' : 'refused'}`, tabindex: -1 },
      last.text,
    );
    if (last.focus) {
      last.focus = false;
      const element = said;
      ctx.attached(() => element.focus());
    }
  }
  return h(
    'section',
    { class: 'card name-choice', 'aria-labelledby': 'name-choice-heading' },
    h('h2', { id: 'name-choice-heading' }, t('team.showName.title')),
    h(
      'p',
      { class: 'check' },
      box,
      ' ',
      h('label', { for: 'show-my-name' }, t('team.showName.label')),
    ),
    h('p', { id: 'show-my-name-help', class: 'muted' }, t('team.showName.help')),
    said,
  );
}

function members(team: Team, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  return h(
    'section',
    { 'aria-labelledby': 'members-heading' },
    h('h2', { id: 'members-heading' }, `${t('team.members')} (${team.members.length})`),
    h(
      'ul',
      { class: 'members' },
      team.members.map((member) =>
        h(
          'li',
          null,
          // A teammate who did not choose to show their name is "a team member" (privacy by default).
          h(
            'span',
            member.name === null ? { class: 'hidden-name' } : null,
            member.name ?? t('team.member.hidden'),
            member.me ? ` ${t('team.me')}` : '',
          ),
          // A mark and words, not a colour alone.
          member.active
            ? h(
                'span',
                { class: 'done' },
                h('span', { 'aria-hidden': 'true' }, '✓ '),
                t('team.active'),
              )
            : h(
                'span',
                { class: 'todo' },
                h('span', { 'aria-hidden': 'true' }, '○ '),
                t('team.inactive'),
              ),
        ),
      ),
    ),
  );
}

function byDay(team: Team, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const max = Math.max(1, ...team.pointsByDay.map((d) => d.points));
  const total = team.pointsByDay.reduce((sum, d) => sum + d.points, 0);
  return h(
    'section',
    { 'aria-labelledby': 'days-heading' },
    h('h2', { id: 'days-heading' }, t('team.byDay')),
    // A table whose bars are decoration: the numbers beside them are the data, for every reader.
    h(
      'div',
      { class: 'table-box' },
      h(
        'table',
        { class: 'days' },
        h('caption', { class: 'sr-only' }, t('team.byDay.caption')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('team.byDay.day')),
            h('td', null),
            h('th', { scope: 'col', class: 'num' }, t('team.byDay.points')),
          ),
        ),
        h(
          'tbody',
          null,
          team.pointsByDay.map((day) => {
            const bar = h('span', { class: 'daybar', 'aria-hidden': 'true' });
            bar.style.width = `${(100 * day.points) / max}%`;
            return h(
              'tr',
              null,
              h('th', { scope: 'row' }, dayLabel(day.date, lang)),
              h('td', { class: 'bar-cell' }, bar),
              h(
                'td',
                { class: 'num' },
                t('team.byDay.value', { points: integer(day.points, lang) }),
              ),
            );
          }),
        ),
      ),
    ),
    h('p', null, t('team.total', { points: integer(total, lang) })),
  );
}
