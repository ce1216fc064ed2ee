import type { LibraryQuestionView, LibraryView, LibraryWorkshopView } from '../../../src/api/views';
import { h } from '../dom';
import { dayLabel, instantParts, integer } from '../format';
import type { Lang } from '../i18n';
import { libraryWords, type LibraryTranslate } from './library-i18n';
import type { PageContext } from './page';

// The library's endpoint joins the client's list of endpoints (tab/src/api.ts) here, beside the page that reads it.
declare module '../api' {
  interface Endpoints {
    '/api/library': LibraryView;
  }
}

/**
 * Bibliothèque des éco-gestes: the questions of the quizzes sent so far with their answer, explanation and source,
 * by theme, and the workshops' materials; a search that forgives case and accents; a page that prints. Hosts and
 * organisers add and remove a workshop's links here. Its own module (library-page.ts), with its words and styles.
 */

/** What the reader typed and their unsent links: kept when the page is drawn again (a refresh, an outcome). */
const state = {
  query: '',
  drafts: new Map<string, { label: string; url: string }>(),
  /** The text of the last outcome this page asked for: another page's outcome is not shown here. */
  outcome: '',
};

/** Case, accents and spacing folded, as the server folds names: "eco" finds "Éco". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A date with its year, "1 octobre 2026" / "1 October 2026": when a source was read, the year matters. */
function fullDate(date: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

const isHttps = (url: unknown): url is string =>
  typeof url === 'string' && /^https:\/\//i.test(url);

/** What the page's parts need: the shell's context and the library's own words. */
interface LibraryContext extends PageContext {
  w: LibraryTranslate;
  /** Characters a link's label may have, as the server says. */
  labelLimit: number;
}

/** An entry the search shows or hides, and the folded text it is found by. */
interface Entry {
  element: HTMLElement;
  text: string;
  kind: 'question' | 'workshop';
}

/** The page: intro, search and print, the questions by theme, then the workshops' materials. */
export function libraryView(library: LibraryView, pageContext: PageContext): Node[] {
  const ctx: LibraryContext = {
    ...pageContext,
    w: libraryWords(pageContext.lang),
    labelLimit: library.materialLimits?.label ?? 80,
  };
  const { w, lang } = ctx;
  const entries: Entry[] = [];
  const groups: { element: HTMLElement; entries: Entry[] }[] = [];
  const themes = Array.isArray(library.themes) ? library.themes : [];
  const workshops = Array.isArray(library.workshops) ? library.workshops : [];

  const themeBlocks = themes.map((theme, index) => {
    const name = theme.name?.[lang] || theme.name?.fr || '';
    const items = (Array.isArray(theme.questions) ? theme.questions : []).map((q) => {
      const answer = q.answer;
      const words = [name, q.text];
      if (answer) words.push(...answer.correct, answer.explanation, answer.source.title);
      return {
        element: questionItem(q, ctx),
        text: fold(words.join(' ')),
        kind: 'question' as const,
      };
    });
    entries.push(...items);
    const element = h(
      'div',
      { class: 'library-theme' },
      h('h3', { id: `theme-${index}` }, name),
      h(
        'ul',
        { class: 'library-list', 'aria-labelledby': `theme-${index}` },
        items.map((item) => item.element),
      ),
    );
    groups.push({ element, entries: items });
    return element;
  });

  const workshopItems = workshops.map((workshop) => {
    const words = [workshop.title, workshop.host, workshop.formatName?.[lang] ?? ''];
    words.push(...(workshop.materials ?? []).map((m) => m.label));
    return {
      element: workshopItem(workshop, ctx),
      text: fold(words.join(' ')),
      kind: 'workshop' as const,
    };
  });
  entries.push(...workshopItems);

  // The count of what the search shows, said politely to screen readers once the reader pauses.
  const count = h('p', {
    id: 'library-count',
    class: 'library-count',
    role: 'status',
    'aria-live': 'polite',
    'aria-atomic': 'true',
  });
  let announce: ReturnType<typeof setTimeout> | undefined;
  ctx.cleanup(() => clearTimeout(announce));
  const apply = (later: boolean) => {
    const words = fold(state.query).split(' ').filter(Boolean);
    for (const entry of entries)
      entry.element.hidden = !words.every((word) => entry.text.includes(word));
    for (const group of groups) group.element.hidden = group.entries.every((e) => e.element.hidden);
    const shown = (kind: Entry['kind']) =>
      entries.filter((e) => e.kind === kind && !e.element.hidden).length;
    const questions = shown('question');
    const found = shown('workshop');
    const values = {
      questions: plural(w, lang, 'questions', questions),
      workshops: plural(w, lang, 'workshops', found),
      query: state.query.trim(),
    };
    const text =
      words.length === 0
        ? w('count', values)
        : questions + found === 0
          ? w('count.none', values)
          : w('count.search', values);
    clearTimeout(announce);
    if (later) announce = setTimeout(() => (count.textContent = text), 400);
    else count.textContent = text;
  };

  const input = h('input', {
    id: 'library-search',
    type: 'search',
    name: 'q',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'library-search-help',
  });
  input.value = state.query;
  input.addEventListener('input', () => {
    state.query = input.value;
    apply(true);
  });
  const search = h(
    'form',
    { role: 'search', class: 'library-search', 'aria-label': w('search') },
    h('label', { for: 'library-search' }, w('search')),
    input,
    h('p', { id: 'library-search-help', class: 'muted' }, w('search.help')),
  );
  search.addEventListener('submit', (event) => event.preventDefault());
  const print = h('button', { type: 'button', class: 'button secondary' }, w('print'));
  print.addEventListener('click', () => window.print());

  apply(false);
  return [
    h('p', null, w('intro')),
    h('div', { class: 'library-tools' }, search, h('p', null, print)),
    count,
    h(
      'section',
      { class: 'library', 'aria-labelledby': 'library-quiz' },
      h('h2', { id: 'library-quiz' }, w('quiz')),
      themeBlocks.length ? themeBlocks : h('p', null, w('quiz.none')),
    ),
    h(
      'section',
      { class: 'library', 'aria-labelledby': 'library-workshops' },
      h('h2', { id: 'library-workshops' }, w('workshops')),
      outcome(ctx),
      workshopItems.length
        ? h(
            'ul',
            { class: 'library-list' },
            workshopItems.map((item) => item.element),
          )
        : h('p', null, w('workshops.none')),
    ),
  ];
}

/** "1 question", "2 questions" in the reader's language (French keeps 0 singular). */
function plural(
  w: LibraryTranslate,
  lang: Lang,
  noun: 'questions' | 'workshops',
  count: number,
): string {
  const one = lang === 'fr' ? count <= 1 : count === 1;
  return w(`${noun}.${one ? 'one' : 'other'}`, { count: integer(count, lang) });
}

function questionItem(q: LibraryQuestionView, ctx: LibraryContext): HTMLElement {
  const { w, lang } = ctx;
  const answer = q.answer;
  const source = answer?.source;
  return h(
    'li',
    { class: 'card library-entry' },
    h(
      'p',
      { class: 'muted' },
      w('question.day', { day: q.day, date: dayLabel(q.date, lang, true) }),
    ),
    h('p', { class: 'library-question' }, q.text),
    answer
      ? h(
          'dl',
          { class: 'library-answer' },
          h('dt', null, w(answer.correct.length > 1 ? 'answers' : 'answer')),
          answer.correct.map((text) => h('dd', null, `✓ ${text}`)),
          h('dt', null, w('why')),
          h('dd', null, answer.explanation),
          source?.title
            ? [
                h('dt', null, w('source')),
                h(
                  'dd',
                  null,
                  isHttps(source.url)
                    ? h('a', { href: source.url, target: '_blank', rel: 'noopener' }, source.title)
                    : source.title,
                  source.consultedOn
                    ? ` ${w('consulted', { date: fullDate(source.consultedOn, lang) })}`
                    : null,
                ),
              ]
            : null,
        )
      : h('p', { class: 'library-pending' }, w('pending')),
  );
}

function workshopItem(workshop: LibraryWorkshopView, ctx: LibraryContext): HTMLElement {
  const { t, w, lang } = ctx;
  const start = instantParts(workshop.start, lang);
  const materials = (workshop.materials ?? []).filter((m) => isHttps(m.url));
  return h(
    'li',
    // A workshop without materials is listed for its hosts to add some; paper leaves it out.
    { class: materials.length ? 'card library-entry' : 'card library-entry library-bare' },
    h('h3', null, workshop.title),
    h(
      'p',
      { class: 'muted' },
      [
        t('agenda.workshop.number', { number: workshop.number }),
        workshop.formatName?.[lang],
        start?.date,
        t('agenda.workshop.host', { host: workshop.host }),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    materials.length
      ? h(
          'ul',
          { class: 'library-materials' },
          materials.map((m) =>
            h(
              'li',
              null,
              h('a', { href: m.url, target: '_blank', rel: 'noopener' }, m.label),
              workshop.canManage ? removeButton(workshop, m, ctx) : null,
            ),
          ),
        )
      : h('p', null, w('workshop.empty')),
    workshop.canManage ? addForm(workshop, ctx) : null,
  );
}

/** Marks an outcome as this page's, to be shown here. */
function mine(outcome: { text: string; ok: boolean }): { text: string; ok: boolean } {
  state.outcome = outcome.text;
  return outcome;
}

/** The API's refusal of a link in the reader's words, from the field it names. */
function refusal(body: Record<string, unknown>, ctx: LibraryContext): string {
  const { t, w } = ctx;
  const details = (
    typeof body.details === 'object' && body.details !== null ? body.details : {}
  ) as Record<string, unknown>;
  if (body.error === 'materials_full') return w('error.full', { max: Number(details.max) || 10 });
  if (body.error === 'not_host') return w('error.forbidden');
  if (body.error === 'material_invalid' && details.field === 'label') return w('error.label');
  if (body.error === 'material_invalid' && details.field === 'url') return w('error.url');
  return t('error.action');
}

function removeButton(
  workshop: LibraryWorkshopView,
  material: LibraryWorkshopView['materials'][number],
  ctx: LibraryContext,
): HTMLElement {
  const { w } = ctx;
  const button = h(
    'button',
    { type: 'button', class: 'button secondary library-remove' },
    w('remove'),
    // The same word on every link: the label tells them apart for screen readers.
    h('span', { class: 'sr-only' }, ` — ${material.label}`),
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    const path = `/api/workshops/${encodeURIComponent(workshop.id)}/materials/${encodeURIComponent(material.id)}`;
    void ctx.act('DELETE', path, undefined, ({ status, body }) =>
      mine(
        status === 200
          ? { text: w('remove.done', { title: workshop.title }), ok: true }
          : { text: refusal(body, ctx), ok: false },
      ),
    );
  });
  return button;
}

/** A workshop's "add a link" form, for its host direction and organisers; open while a draft is unsent. */
function addForm(workshop: LibraryWorkshopView, ctx: LibraryContext): HTMLElement {
  const { w } = ctx;
  const draft = state.drafts.get(workshop.id) ?? { label: '', url: '' };
  const id = `material-${workshop.id}`;
  const field = (name: 'label' | 'url', attributes: Record<string, string | number | boolean>) => {
    const input = h('input', { id: `${id}-${name}`, name, required: true, ...attributes });
    input.value = draft[name];
    input.addEventListener('input', () => {
      draft[name] = input.value;
      state.drafts.set(workshop.id, draft);
    });
    return input;
  };
  const label = field('label', { type: 'text', maxlength: ctx.labelLimit, autocomplete: 'off' });
  const url = field('url', {
    type: 'url',
    inputmode: 'url',
    placeholder: 'https://',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const submit = h(
    'button',
    { type: 'submit', class: 'button' },
    w('add.submit'),
    h('span', { class: 'sr-only' }, ` — ${workshop.title}`),
  );
  const form = h(
    'form',
    { class: 'library-add' },
    h('label', { for: label.id }, w('add.label', { max: ctx.labelLimit })),
    label,
    h('label', { for: url.id }, w('add.url')),
    url,
    h('p', null, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    const path = `/api/workshops/${encodeURIComponent(workshop.id)}/materials`;
    void ctx.act('POST', path, { label: label.value, url: url.value }, ({ status, body }) => {
      if (status !== 201) return mine({ text: refusal(body, ctx), ok: false });
      state.drafts.delete(workshop.id);
      return mine({ text: w('add.done', { title: workshop.title }), ok: true });
    });
  });
  return h(
    'details',
    { class: 'library-add-box', open: draft.label !== '' || draft.url !== '' },
    h('summary', null, w('add.title'), h('span', { class: 'sr-only' }, ` — ${workshop.title}`)),
    h('div', null, form),
  );
}

/** What the last add or remove answered, focused once so that keyboard and screen reader users land on it. */
function outcome(ctx: LibraryContext): HTMLElement | null {
  const last = ctx.ui.outcome;
  if (!last || last.text !== state.outcome) return null;
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
