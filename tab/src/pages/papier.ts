import type {
  PaperCandidatesView,
  PaperEntryView,
  PaperQuizView,
  PaperView,
} from '../../../src/api/views';
import type { ApiClient } from '../api';
import { h } from '../dom';
import { dayLabel, integer } from '../format';
import type { PageContext } from './page';

/**
 * Papier (organisers only): for agents without Teams. Print the day's quiz sheet (A4, large print, no answers),
 * then enter a filled sheet: find the agent by name, tick what they ticked, record. The answers go through the
 * same rule as in Teams (same window, same points, once per agent and question) and keep who entered them.
 */

type Candidate = PaperCandidatesView['agents'][number];

// What the organiser chose and typed lives here, not in the DOM: every read, action and refresh redraws the page.
const entry = {
  day: null as number | null,
  search: '',
  candidates: null as Candidate[] | null,
  agent: null as Candidate | null,
  /** Ticked choices by question id. */
  ticked: new Map<string, Set<string>>(),
};
/** The last outcome, where it belongs ('search' or 'record'); focused once so that every reader lands on it. */
let message: {
  at: 'search' | 'record' | 'sheet';
  text: string;
  ok: boolean;
  focus: boolean;
} | null = null;

function resetAgent(): void {
  entry.agent = null;
  entry.ticked.clear();
}

/** The quiz the page works on: the one chosen, else the last open one, else the first. */
function currentQuiz(view: PaperView): PaperQuizView | null {
  const chosen = view.quizzes.find((q) => q.day === entry.day);
  if (chosen) return chosen;
  const open = view.quizzes.filter((q) => q.state === 'open');
  const quiz = open[open.length - 1] ?? view.quizzes[0] ?? null;
  entry.day = quiz?.day ?? null;
  return quiz;
}

export function papierView(
  view: PaperView,
  ctx: PageContext,
  api?: Pick<ApiClient, 'download'>,
): Node[] {
  const { t } = ctx;
  // The shell keeps one outcome for every page: an entry's outcome is placed beside the entry form.
  if (ctx.ui.outcome) {
    message = { at: 'record', ...ctx.ui.outcome };
    ctx.ui.outcome = null;
  }
  const quiz = currentQuiz(view);
  if (!quiz) return [h('p', { class: 'notice' }, t('paper.noQuiz'))];
  return [
    h('div', { class: 'paper' }, h('p', null, t('paper.intro')), dayPicker(view, quiz, ctx)),
    sheetSection(quiz, ctx, api),
    h(
      'section',
      { 'aria-labelledby': 'paper-entry' },
      h('h2', { id: 'paper-entry' }, t('paper.entry')),
      h('p', { class: 'muted' }, t('paper.entry.rule')),
      closesText(quiz, ctx),
      searchForm(quiz, ctx),
      outcome('search', ctx),
      candidatesForm(quiz, ctx),
      entry.agent ? answersForm(quiz, entry.agent, ctx) : null,
      outcome('record', ctx),
    ),
  ];
}

function quizLabel(quiz: PaperQuizView, ctx: PageContext): string {
  const { t, lang } = ctx;
  return t('paper.quizOption', {
    day: quiz.day,
    date: dayLabel(quiz.date, lang, true),
    state: t(`state.${quiz.state}`),
  });
}

function dayPicker(view: PaperView, quiz: PaperQuizView, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const select = h(
    'select',
    { id: 'paper-day', name: 'day' },
    view.quizzes.map((q) => h('option', { value: q.day }, quizLabel(q, ctx))),
  );
  select.value = String(quiz.day);
  select.addEventListener('change', () => {
    entry.day = Number(select.value);
    entry.candidates = null;
    resetAgent();
    message = null;
    ctx.redraw();
  });
  return h('p', { class: 'field' }, h('label', { for: 'paper-day' }, t('paper.day')), ' ', select);
}

/** Until when a sheet's answers count: the organiser's time, else the end of the challenge. */
function closesText(quiz: PaperQuizView, ctx: PageContext): HTMLElement {
  const { t, lang } = ctx;
  const date = dayLabel(quiz.closes.lastDate, lang, true);
  if (quiz.state === 'upcoming') return h('p', { class: 'notice' }, t('paper.upcoming'));
  if (quiz.state === 'closed') return h('p', { class: 'notice' }, t('paper.closed', { date }));
  return h(
    'p',
    null,
    quiz.closes.time
      ? t('paper.until.time', { date, time: quiz.closes.time })
      : t('paper.until.end', { date }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The sheet

function sheetSection(
  quiz: PaperQuizView,
  ctx: PageContext,
  api: Pick<ApiClient, 'download'> | undefined,
): HTMLElement {
  const { t } = ctx;
  const path = `/api/admin/quiz/${quiz.day}/sheet`;
  const failed = () => {
    message = { at: 'sheet', text: t('paper.sheet.failed'), ok: false, focus: true };
    ctx.redraw();
  };
  const fetchSheet = async (): Promise<Blob> => {
    if (!api) throw new Error('no API client');
    return api.download(path);
  };
  const print = async () => {
    try {
      const html = await (await fetchSheet()).text();
      // The sheet printed from a frame of its own: its A4 styles, none of the tab's.
      const frame = h('iframe', {
        class: 'print-frame',
        title: t('paper.sheet.frame'),
        tabindex: -1,
        'aria-hidden': 'true',
      });
      frame.addEventListener('load', () => {
        frame.contentWindow?.focus();
        frame.contentWindow?.print();
        window.setTimeout(() => frame.remove(), 60_000);
      });
      frame.srcdoc = html;
      document.body.append(frame);
    } catch {
      failed();
    }
  };
  const save = async () => {
    try {
      const url = URL.createObjectURL(await fetchSheet());
      const link = h('a', { href: url, download: `quiz-jour-${quiz.day}.html` });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      failed();
    }
  };
  return h(
    'section',
    { 'aria-labelledby': 'paper-sheet' },
    h('h2', { id: 'paper-sheet' }, t('paper.sheet')),
    h('p', null, t('paper.sheet.text')),
    h(
      'div',
      { class: 'paper-actions', role: 'group', 'aria-label': t('paper.sheet') },
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => void print() },
        t('paper.sheet.print'),
      ),
      h(
        'button',
        { type: 'button', class: 'button secondary', onclick: () => void save() },
        t('paper.sheet.download'),
      ),
    ),
    outcome('sheet', ctx),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Finding the agent

function searchForm(quiz: PaperQuizView, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const search = h('input', {
    id: 'paper-search',
    type: 'search',
    name: 'search',
    autocomplete: 'off',
  });
  search.value = entry.search;
  search.addEventListener('input', () => (entry.search = search.value));
  const form = h(
    'form',
    { class: 'search-form', role: 'search' },
    h('label', { for: 'paper-search' }, t('paper.search')),
    h(
      'span',
      { class: 'checkin-row' },
      search,
      h(
        'button',
        { id: 'paper-search-submit', type: 'submit', class: 'button secondary' },
        t('paper.find'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      let text: string;
      let ok = false;
      try {
        const { status, body } = await ctx.read(
          `/api/admin/quiz/${quiz.day}/paper/candidates?search=${encodeURIComponent(search.value.trim())}`,
        );
        if (status === 200) {
          entry.candidates = (body as unknown as PaperCandidatesView).agents ?? [];
          resetAgent();
          ok = entry.candidates.length > 0;
          text = ok ? t('paper.found', { count: entry.candidates.length }) : t('paper.nobody');
        } else {
          text = refusal(body, ctx);
        }
      } catch {
        text = t('error.network');
      }
      message = { at: 'search', text, ok, focus: true };
      ctx.redraw();
    })();
  });
  return form;
}

function candidatesForm(quiz: PaperQuizView, ctx: PageContext): HTMLElement | null {
  const { t, lang } = ctx;
  const candidates = entry.candidates ?? [];
  if (candidates.length === 0) return null;
  return h(
    'fieldset',
    { class: 'pick' },
    h('legend', null, t('paper.choose')),
    candidates.map((agent) => {
      const id = `paper-agent-${agent.id}`;
      const radio = h('input', { type: 'radio', id, name: 'paper-agent', value: agent.id });
      radio.checked = entry.agent?.id === agent.id;
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        resetAgent();
        entry.agent = agent;
        message = null;
        ctx.redraw();
        document.getElementById(id)?.focus();
      });
      const answered = agent.answered.length;
      const about = [
        agent.direction,
        answered > 0
          ? t('paper.answered', {
              count: integer(answered, lang),
              total: integer(quiz.questions.length, lang),
            })
          : null,
      ]
        .filter(Boolean)
        .join(' · ');
      return h(
        'p',
        { class: 'choice' },
        radio,
        h(
          'label',
          { for: id },
          agent.name,
          about ? h('span', { class: 'muted' }, ` (${about})`) : null,
        ),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Entering the sheet

function answersForm(quiz: PaperQuizView, agent: Candidate, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const answered = new Set(agent.answered);
  const record = h(
    'button',
    { id: 'paper-record', type: 'submit', class: 'button' },
    t('paper.record', { name: agent.name }),
  );
  const form = h(
    'form',
    { class: 'paper-answers', 'aria-labelledby': 'paper-answers-title' },
    h('h3', { id: 'paper-answers-title' }, t('paper.sheetOf', { name: agent.name })),
    quiz.questions.map((question, i) => {
      const done = answered.has(question.id);
      const ticked = entry.ticked.get(question.id) ?? new Set<string>();
      entry.ticked.set(question.id, ticked);
      return h(
        'fieldset',
        { class: `paper-question${done ? ' done' : ''}` },
        h(
          'legend',
          null,
          t('paper.question', { n: i + 1, total: quiz.questions.length, text: question.text }),
        ),
        h(
          'p',
          { class: 'muted' },
          done
            ? t('paper.question.done')
            : question.several
              ? t('paper.question.several')
              : t('paper.question.one'),
        ),
        question.choices.map((choice, j) => {
          const id = `paper-${question.id}-${choice.id}`;
          const box = h('input', {
            type: question.several ? 'checkbox' : 'radio',
            id,
            name: `paper-${question.id}`,
            value: choice.id,
            disabled: done,
          });
          box.checked = ticked.has(choice.id);
          box.addEventListener('change', () => {
            if (!question.several) ticked.clear();
            if (box.checked) ticked.add(choice.id);
            else ticked.delete(choice.id);
          });
          return h(
            'p',
            { class: 'choice' },
            box,
            h('label', { for: id }, `${String.fromCharCode(65 + j)}. ${choice.text}`),
          );
        }),
      );
    }),
    h('p', null, record),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = quiz.questions
      .filter((q) => !answered.has(q.id) && (entry.ticked.get(q.id)?.size ?? 0) > 0)
      .map((q) => ({ questionId: q.id, choiceIds: [...entry.ticked.get(q.id)!] }));
    if (answers.length === 0) {
      message = { at: 'record', text: t('paper.noneTicked'), ok: false, focus: true };
      ctx.redraw();
      return;
    }
    record.disabled = true;
    void ctx.act(
      'POST',
      `/api/admin/quiz/${quiz.day}/paper`,
      { agentId: agent.id, answers },
      ({ status, body }) => {
        if (status !== 200) return { text: refusal(body, ctx), ok: false };
        const done = body as unknown as PaperEntryView;
        // Entered: the next sheet starts from a fresh search.
        entry.candidates = null;
        entry.search = '';
        resetAgent();
        return { text: recordedText(done, ctx), ok: true };
      },
    );
  });
  return form;
}

function recordedText(done: PaperEntryView, ctx: PageContext): string {
  const { t, lang } = ctx;
  const points = done.recorded.reduce((sum, r) => sum + r.points, 0);
  return [
    t('paper.recorded', {
      name: done.agent.name,
      count: integer(done.recorded.length, lang),
      right: integer(done.recorded.filter((r) => r.correct).length, lang),
      points: integer(points, lang),
    }),
    done.team ? t('paper.recorded.team', { team: done.team.name }) : t('paper.recorded.noTeam'),
    done.already.length
      ? t('paper.recorded.already', { count: integer(done.already.length, lang) })
      : null,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The API's refusal in plain words. */
function refusal(body: Record<string, unknown>, ctx: PageContext): string {
  const { t, lang } = ctx;
  const details = (typeof body.details === 'object' && body.details ? body.details : {}) as Record<
    string,
    unknown
  >;
  switch (body.error) {
    case 'already_answered':
      return t('paper.error.already');
    case 'quiz_closed':
      return details.reason === 'challenge_over'
        ? t('paper.error.over', { date: dayLabel(String(details.date ?? ''), lang, true) })
        : t('paper.error.closed', { time: String(details.time ?? '') });
    case 'quiz_not_open':
      return t('paper.upcoming');
    case 'choice_invalid':
    case 'question_unknown':
      return t('paper.error.choice');
    case 'agent_unknown':
      return t('paper.error.agent');
    case 'not_organiser':
      return t('organisation.error.notOrganiser');
    default:
      return t('error.action');
  }
}

function outcome(at: 'search' | 'record' | 'sheet', ctx: PageContext): HTMLElement | null {
  if (!message || message.at !== at || !message.text) return null;
  const element = h(
    'p',
    { id: `paper-outcome-${at}`, class: `outcome ${message.ok ? 'ok' : 'refused'}`, tabindex: -1 },
    message.text,
  );
  if (message.focus) {
    message.focus = false;
    ctx.attached(() => element.focus());
  }
  return element;
}
