import type { Locale } from './agents';
import { safeUrl } from './announcements';
import { dateOfDay, type Challenge } from './challenge';
import { DomainError } from './errors';
import { quizState, type DailyQuiz, type Question } from './quiz';
import { compareFrench } from './text';

/**
 * The éco-gestes library: what the challenge taught, kept for after the week. The quiz questions whose day has
 * opened, grouped by theme, and the links (materials) hosts and organisers add to each workshop.
 */

// Workshop materials.

/** A link added to a workshop's materials (slides, a guide, a recording), shown in the library. */
export interface WorkshopMaterial {
  /** Unique within the workshop. */
  id: string;
  workshopId: string;
  label: string;
  /** An https address. */
  url: string;
  /** The agent (a host or an organiser) who added it. */
  addedBy: string;
  /** ISO instant. */
  addedAt: string;
}

export const MATERIAL_LIMITS = {
  /** Characters of a label: a line of a list, read aloud in one breath. */
  label: 80,
  url: 500,
  /** Links per workshop: a short list people read, not a file share. */
  perWorkshop: 10,
} as const;

function invalid(field: 'body' | 'label' | 'url', message: string, limit?: number): never {
  throw new DomainError('material_invalid', message, {
    field,
    ...(limit !== undefined ? { limit } : {}),
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/**
 * Reads a material from a request: a one-line label of at most 80 characters, plain text (no markup, nothing a
 * spreadsheet would run as a formula), and an https address. Throws material_invalid naming the field.
 */
export function readMaterialDraft(input: unknown): { label: string; url: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    invalid('body', 'a material is { label, url }');
  const body = input as Record<string, unknown>;

  if (typeof body.label !== 'string') invalid('label', 'label is required, as text');
  // Measured before anything else is done with it: a huge label costs nothing but this test.
  if (body.label.length > MATERIAL_LIMITS.label * 2)
    invalid(
      'label',
      `label is longer than ${MATERIAL_LIMITS.label} characters`,
      MATERIAL_LIMITS.label,
    );
  const label = body.label.trim();
  if (label === '') invalid('label', 'label is empty');
  if ([...label].length > MATERIAL_LIMITS.label)
    invalid(
      'label',
      `label is longer than ${MATERIAL_LIMITS.label} characters`,
      MATERIAL_LIMITS.label,
    );
  if (CONTROL.test(label) || LONE_SURROGATE.test(label))
    invalid('label', 'label is one line of text, without control characters');
  // Shown as text everywhere, but a label is no place for markup, and it may end up in a spreadsheet.
  if (/[<>]/.test(label)) invalid('label', 'label may not hold < or > (no markup)');
  if (/^[=+\-@]/.test(label))
    invalid('label', 'label may not start with = + - or @ (a spreadsheet would run it)');

  if (typeof body.url !== 'string') invalid('url', 'url is required, as text');
  const raw = body.url.trim();
  if (raw.length > MATERIAL_LIMITS.url)
    invalid('url', `url is longer than ${MATERIAL_LIMITS.url} characters`, MATERIAL_LIMITS.url);
  const url = CONTROL.test(raw) || /\s/.test(raw) ? null : safeUrl(raw);
  if (!url || url.length > MATERIAL_LIMITS.url)
    invalid('url', 'url must be an https address (https://…), without user name or password');
  return { label, url };
}

/** Refuses a new material when the workshop's list is full or already holds the address (checked on fresh rows). */
export function assertCanAddMaterial(
  existing: readonly Pick<WorkshopMaterial, 'url'>[],
  url: string,
): void {
  if (existing.some((material) => material.url === url))
    invalid('url', 'this address is already in the workshop’s materials');
  if (existing.length >= MATERIAL_LIMITS.perWorkshop) {
    throw new DomainError(
      'materials_full',
      `a workshop has at most ${MATERIAL_LIMITS.perWorkshop} materials`,
      { field: 'materials', max: MATERIAL_LIMITS.perWorkshop },
    );
  }
}

/** Materials in the order they were added (then by id, for equal instants). */
export function materialOrder<M extends Pick<WorkshopMaterial, 'id' | 'addedAt'>>(
  materials: readonly M[],
): M[] {
  return [...materials].sort(
    (a, b) =>
      Date.parse(a.addedAt) - Date.parse(b.addedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// Quiz themes.

/**
 * The names of the quiz bank's themes (`theme` of a question), French first with English beside it. A theme not
 * listed here is shown as written in the bank; a question without one goes under "Other questions".
 */
export const QUIZ_THEME_NAMES: Readonly<Record<string, Readonly<Record<Locale, string>>>> =
  Object.freeze({
    accessibilite: { fr: 'Accessibilité', en: 'Accessibility' },
    cybersecurite: { fr: 'Cybersécurité', en: 'Cybersecurity' },
    deconnexion: { fr: 'Droit à la déconnexion', en: 'Right to disconnect' },
    'donnees-personnelles': { fr: 'Données personnelles', en: 'Personal data' },
    'donnees-publiques': { fr: 'Données publiques et archives', en: 'Public data and archives' },
    'energie-donnees': { fr: 'Énergie et données', en: 'Energy and data' },
    equipements: { fr: 'Équipements', en: 'Devices' },
    fichiers: { fr: 'Fichiers partagés', en: 'Shared files' },
    inclusion: { fr: 'Administration numérique inclusive', en: 'Inclusive digital services' },
    messagerie: { fr: 'Messagerie', en: 'E-mail' },
    sobriete: { fr: 'Sobriété numérique', en: 'Digital sobriety' },
  });

const NO_THEME = Object.freeze({ fr: 'Autres questions', en: 'Other questions' });

/** A theme's name in both languages: listed, or the bank's word with its dashes as spaces. */
export function quizThemeName(theme: string | undefined): Readonly<Record<Locale, string>> {
  if (!theme) return NO_THEME;
  const known = QUIZ_THEME_NAMES[theme];
  if (known) return known;
  const words = theme.replace(/[-_]+/g, ' ').trim();
  const name = words.charAt(0).toUpperCase() + words.slice(1);
  return { fr: name, en: name };
}

// The questions of the library.

/** A question of the library, with its day and whether its answer may be shown to the reader. */
export interface LibraryQuestion {
  question: Question;
  quizId: string;
  day: number;
  /** The local date of its day (YYYY-MM-DD). */
  date: string;
  /**
   * Whether its answer, explanation and source are shown: once its quiz has closed, or once the reader has answered
   * it. While the quiz is open, an agent who has not answered yet sees the question only, as in the chat.
   */
  revealed: boolean;
}

export interface LibraryTheme {
  /** The bank's theme, or null for questions without one. */
  theme: string | null;
  name: Readonly<Record<Locale, string>>;
  questions: LibraryQuestion[];
}

/**
 * The questions of every quiz opened at `now` (never one of a day still to come), grouped by theme: themes by
 * their French name ("Other questions" last), questions by day and then in their quiz's order.
 */
export function libraryThemes(
  challenge: Challenge,
  quizzes: readonly DailyQuiz[],
  now: number,
  answered: ReadonlySet<string>,
): LibraryTheme[] {
  const byTheme = new Map<string | null, LibraryQuestion[]>();
  const opened = quizzes
    .map((quiz) => ({ quiz, state: quizState(challenge, quiz, now) }))
    .filter(({ state }) => state !== 'upcoming')
    .sort((a, b) => a.quiz.day - b.quiz.day);
  for (const { quiz, state } of opened) {
    for (const question of quiz.questions) {
      const theme = question.theme || null;
      const list = byTheme.get(theme) ?? [];
      list.push({
        question,
        quizId: quiz.id,
        day: quiz.day,
        date: dateOfDay(challenge, quiz.day),
        revealed: state === 'closed' || answered.has(question.id),
      });
      byTheme.set(theme, list);
    }
  }
  return [...byTheme.entries()]
    .map(([theme, questions]) => ({ theme, name: quizThemeName(theme ?? undefined), questions }))
    .sort(
      (a, b) =>
        Number(a.theme === null) - Number(b.theme === null) || compareFrench(a.name.fr, b.name.fr),
    );
}
