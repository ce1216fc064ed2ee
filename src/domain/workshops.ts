import type { Challenge } from './challenge';
import { parseCsv } from './csv';
import { DomainError } from './errors';
import { importError, type ImportProblem } from './quiz-bank';
import { foldText } from './teams';
import { addDays, isLocalDate, isLocalTime, localDate, localTime, zonedInstant } from './time';

/** The kinds of animation of a challenge week; stored without accents, shown in words by the edges. */
export const WORKSHOP_FORMATS = ['conference', 'atelier', 'projection', 'debat', 'exposition', 'visite', 'autre'] as const;
export type WorkshopFormat = (typeof WORKSHOP_FORMATS)[number];

/** A workshop (atelier, conférence, projection…) of a challenge, as the app keeps it. */
export interface Workshop {
  /** Unique within the challenge; given by the file or derived from the start and title. */
  id: string;
  challengeId: string;
  title: string;
  format: WorkshopFormat;
  description: string;
  /** The direction (service) that hosts it. */
  host: string;
  /** Where it takes place; a workshop has a place, an online link, or both. */
  place?: string;
  link?: string;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  /** Seats; unlimited when absent. */
  capacity?: number;
  /** Points of a check-in; the challenge's `checkinPoints` when absent. */
  points?: number;
  /** The check-in code the host shows (CODE_ALPHABET, unique within the challenge). */
  code: string;
}

/** A workshop read from an import file, before it has a challenge and a code. */
export type WorkshopDraft = Omit<Workshop, 'challengeId' | 'code'>;

export const WORKSHOP_LIMITS = {
  id: 64,
  title: 120,
  description: 600,
  host: 120,
  place: 200,
  link: 500,
  capacity: 10_000,
  points: 100,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Import (JSON and CSV), every problem with its line; nothing of a broken file is kept.

const FIELDS = ['id', 'title', 'format', 'description', 'host', 'place', 'link', 'start', 'end', 'capacity', 'points'] as const;
type Field = (typeof FIELDS)[number];

/** Column names and JSON keys as organisers write them, folded (case and accents), in French or English. */
const FIELD_ALIASES: Record<string, Field> = {
  id: 'id',
  ref: 'id',
  reference: 'id',
  title: 'title',
  titre: 'title',
  intitule: 'title',
  format: 'format',
  type: 'format',
  description: 'description',
  resume: 'description',
  host: 'host',
  direction: 'host',
  'direction organisatrice': 'host',
  organisateur: 'host',
  place: 'place',
  lieu: 'place',
  link: 'link',
  lien: 'link',
  url: 'link',
  start: 'start',
  debut: 'start',
  end: 'end',
  fin: 'end',
  capacity: 'capacity',
  capacite: 'capacity',
  places: 'capacity',
  jauge: 'capacity',
  points: 'points',
};

const FORMAT_ALIASES: Record<string, WorkshopFormat> = {
  conference: 'conference',
  atelier: 'atelier',
  workshop: 'atelier',
  projection: 'projection',
  'projection-debat': 'projection',
  screening: 'projection',
  debat: 'debat',
  debate: 'debat',
  exposition: 'exposition',
  expo: 'exposition',
  exhibition: 'exposition',
  visite: 'visite',
  visit: 'visite',
  autre: 'autre',
  other: 'autre',
};

/** The canonical field of a column name or JSON key, or undefined when it is not one. */
function fieldOf(name: string): Field | undefined {
  return FIELD_ALIASES[foldText(name).replace(/[_]/g, ' ')];
}

/** A format as typed ("Conférence", "projection-débat", "workshop"), or null. */
export function readFormat(value: string): WorkshopFormat | null {
  return FORMAT_ALIASES[foldText(value).replace(/\s+/g, '-')] ?? null;
}

interface RawWorkshop {
  line: number;
  fields: Partial<Record<Field, string>>;
}

/** What an import is checked against: the challenge's calendar, the time now, and the workshops already there. */
export interface ImportContext {
  challenge: Pick<Challenge, 'startDate' | 'days' | 'timeZone' | 'checkinWindow'>;
  now: number;
  existing?: ReadonlyMap<string, Pick<Workshop, 'id' | 'points' | 'startsAt'>>;
}

export interface WorkshopImport {
  workshops: WorkshopDraft[];
  /** Accepted, but worth a look: overlaps, days outside the challenge, ended workshops left as they are. */
  warnings: ImportProblem[];
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

/** "2026-11-24 14:00" (or with a T) as its local date and time; null when it is not that. */
function readDateTime(value: string): { date: string; time: string } | null {
  const match = DATE_TIME.exec(value);
  if (!match || !isLocalDate(match[1]) || !isLocalTime(match[2])) return null;
  return { date: match[1]!, time: match[2]! };
}

/** A whole number from `min` to `max`; undefined when empty, null when it is not one. */
function readCount(value: string | undefined, min: number, max: number): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** An id made of the start and the title: stable when the same file is imported again. */
export function workshopIdFor(date: string, time: string, title: string): string {
  const slug = foldText(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${date}-${time.replace(':', '')}${slug ? `-${slug}` : ''}`;
}

function readWorkshop(raw: RawWorkshop, timeZone: string, problem: (message: string) => void): WorkshopDraft | null {
  const get = (field: Field) => raw.fields[field] ?? '';
  let failures = 0;
  const fail = (message: string) => {
    failures += 1;
    problem(message);
  };
  const title = get('title');
  if (!title || title.length > WORKSHOP_LIMITS.title) fail(`title is missing or longer than ${WORKSHOP_LIMITS.title} characters`);
  const name = title ? `"${title.slice(0, 40)}"` : 'the workshop';
  const format = readFormat(get('format'));
  if (!format) fail(`${name}: format "${get('format')}" must be one of ${WORKSHOP_FORMATS.join(', ')}`);
  const description = get('description');
  if (!description || description.length > WORKSHOP_LIMITS.description) {
    fail(`${name}: description is missing or longer than ${WORKSHOP_LIMITS.description} characters`);
  }
  const host = get('host');
  if (!host || host.length > WORKSHOP_LIMITS.host) fail(`${name}: host direction is missing or longer than ${WORKSHOP_LIMITS.host} characters`);
  const place = get('place');
  const link = get('link');
  if (place.length > WORKSHOP_LIMITS.place) fail(`${name}: place is longer than ${WORKSHOP_LIMITS.place} characters`);
  if (link && (!/^https:\/\/[^\s<>"]+$/.test(link) || link.length > WORKSHOP_LIMITS.link)) {
    fail(`${name}: online link must be an https:// address of at most ${WORKSHOP_LIMITS.link} characters`);
  }
  if (!place && !link) fail(`${name}: give a place, an online link, or both`);
  const start = readDateTime(get('start'));
  if (!start) fail(`${name}: start "${get('start')}" must be a local date and time like 2026-11-24 14:00`);
  // The end may be a time alone: the same day as the start.
  const endText = get('end');
  const end = readDateTime(endText) ?? (start && isLocalTime(endText) ? { date: start.date, time: endText } : null);
  if (!end) fail(`${name}: end "${endText}" must be a local date and time like 2026-11-24 16:00 (or a time)`);
  const capacity = readCount(get('capacity'), 1, WORKSHOP_LIMITS.capacity);
  if (capacity === null) fail(`${name}: capacity "${get('capacity')}" must be a whole number from 1 to ${WORKSHOP_LIMITS.capacity}, or empty`);
  const points = readCount(get('points'), 0, WORKSHOP_LIMITS.points);
  if (points === null) fail(`${name}: points "${get('points')}" must be a whole number from 0 to ${WORKSHOP_LIMITS.points}, or empty`);
  const givenId = get('id');
  if (givenId && !new RegExp(`^[A-Za-z0-9_-]{1,${WORKSHOP_LIMITS.id}}$`).test(givenId)) {
    fail(`${name}: id "${givenId.slice(0, 80)}" must be 1–${WORKSHOP_LIMITS.id} letters, digits, - or _`);
  }
  if (!start || !end) return null;
  const startsAt = zonedInstant(start.date, start.time, timeZone);
  const endsAt = zonedInstant(end.date, end.time, timeZone);
  if (endsAt <= startsAt) fail(`${name}: ends (${end.date} ${end.time}) before or when it starts (${start.date} ${start.time})`);
  if (failures > 0) return null;
  return {
    id: givenId || workshopIdFor(start.date, start.time, title),
    title,
    format: format!,
    description,
    host,
    ...(place ? { place } : {}),
    ...(link ? { link } : {}),
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    ...(typeof capacity === 'number' ? { capacity } : {}),
    ...(typeof points === 'number' ? { points } : {}),
  };
}

/** Checks the rows of a file together: ids, ended workshops, points already in use, overlaps, calendar. */
function checkProgramme(raws: RawWorkshop[], context: ImportContext): WorkshopImport & { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const read: { line: number; draft: WorkshopDraft }[] = [];
  const lineOfId = new Map<string, number>();
  const rule = checkinRuleOf(context.challenge);
  const { timeZone } = context.challenge;
  const firstDay = context.challenge.startDate;
  const lastDay = addDays(firstDay, context.challenge.days - 1);
  for (const raw of raws) {
    const draft = readWorkshop(raw, timeZone, (message) => problems.push({ line: raw.line, message }));
    if (!draft) continue;
    const name = `"${draft.title.slice(0, 40)}"`;
    const seen = lineOfId.get(draft.id);
    if (seen !== undefined) {
      problems.push({ line: raw.line, message: `${name}: id "${draft.id}" is already used on line ${seen}` });
      continue;
    }
    lineOfId.set(draft.id, raw.line);
    const existing = context.existing?.get(draft.id);
    if (Date.parse(draft.endsAt) <= context.now) {
      const when = `${localDate(Date.parse(draft.endsAt), timeZone)} ${localTime(Date.parse(draft.endsAt), timeZone)}`;
      if (existing) warnings.push({ line: raw.line, message: `${name} has already ended (${when}): left as it is` });
      else problems.push({ line: raw.line, message: `${name} has already ended (${when}): a past workshop cannot be imported` });
      continue;
    }
    if (existing && checkinWindow(existing, rule).opensAt <= context.now && (existing.points ?? null) !== (draft.points ?? null)) {
      problems.push({ line: raw.line, message: `${name}: points cannot change once its check-in has opened` });
      continue;
    }
    const startDay = localDate(Date.parse(draft.startsAt), timeZone);
    if (startDay < firstDay || startDay > lastDay) {
      warnings.push({ line: raw.line, message: `${name} is on ${startDay}, outside the challenge (${firstDay} to ${lastDay})` });
    }
    read.push({ line: raw.line, draft });
  }
  const byStart = [...read].sort((a, b) => Date.parse(a.draft.startsAt) - Date.parse(b.draft.startsAt));
  for (let i = 0; i < byStart.length; i += 1) {
    for (let j = i + 1; j < byStart.length; j += 1) {
      const a = byStart[i]!;
      const b = byStart[j]!;
      if (Date.parse(b.draft.startsAt) >= Date.parse(a.draft.endsAt)) break;
      const samePlace = a.draft.place && b.draft.place && foldText(a.draft.place) === foldText(b.draft.place);
      warnings.push({
        line: b.line,
        message: `"${b.draft.title.slice(0, 40)}" overlaps "${a.draft.title.slice(0, 40)}" (line ${a.line})${samePlace ? ', at the same place' : ''}`,
      });
    }
  }
  return { workshops: read.map((r) => r.draft), warnings: warnings.sort((a, b) => a.line - b.line), problems };
}

/** The file's workshops, or an invalid_import error with every problem of the file (shape and rows). */
function finish(shapeProblems: ImportProblem[], raws: RawWorkshop[], rows: number, context: ImportContext): WorkshopImport {
  const { workshops, warnings, problems } = checkProgramme(raws, context);
  const all = [...shapeProblems, ...problems];
  if (rows === 0) all.push({ line: 1, message: 'the file has no workshop' });
  if (all.length) throw importError(all.sort((a, b) => a.line - b.line));
  return { workshops, warnings };
}

/** The 1-based line where each element of the workshops array starts: the root array, or the root's "workshops". */
function elementLines(text: string, key: string): number[] {
  const lines: number[] = [];
  const stack: { kind: '{' | '['; target: boolean }[] = [];
  let line = 1;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastString = '';
  let keyBefore = '';
  let expecting = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (/\s/.test(c)) continue;
    const top = stack[stack.length - 1];
    if (top?.target && expecting && c !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') {
      inString = true;
      stringStart = i;
    } else if (c === ':') {
      keyBefore = stack.length === 1 && top?.kind === '{' ? lastString : '';
    } else if (c === ',') {
      if (top?.target) expecting = true;
      keyBefore = '';
    } else if (c === '[' || c === '{') {
      const target = c === '[' && (stack.length === 0 || (stack.length === 1 && top?.kind === '{' && keyBefore === key));
      stack.push({ kind: c, target });
      if (target) expecting = true;
      keyBefore = '';
    } else if (c === ']' || c === '}') {
      stack.pop();
      expecting = false;
    }
  }
  return lines;
}

function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Reads a JSON programme (an array of workshops, or `{ "workshops": [...] }`); problems carry their line. */
export function parseWorkshopsJson(text: string, context: ImportContext): WorkshopImport {
  const source = text.replace(/^\uFEFF/, '');
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position ? source.slice(0, Number(position)).split('\n').length : 1;
    throw importError([{ line, message: `not valid JSON (${(error as Error).message.split('\n')[0]})` }]);
  }
  const list = Array.isArray(root) ? root : (root as { workshops?: unknown } | null)?.workshops;
  if (!Array.isArray(list)) throw importError([{ line: 1, message: 'expected an array of workshops, or an object with a "workshops" array' }]);
  const lines = elementLines(source, 'workshops');
  const problems: ImportProblem[] = [];
  const raws: RawWorkshop[] = [];
  list.forEach((item, index) => {
    const line = lines[index] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ line, message: `workshop ${index + 1} must be an object` });
      return;
    }
    const fields: RawWorkshop['fields'] = {};
    let typed = true;
    for (const [name, value] of Object.entries(item as Record<string, unknown>)) {
      const field = fieldOf(name);
      if (!field) continue; // extra keys (notes, comments) are the organiser's business
      const read = textOf(value);
      if (read === null) {
        problems.push({ line, message: `workshop ${index + 1}: "${name}" must be text or a number` });
        typed = false;
      } else {
        fields[field] = read;
      }
    }
    if (typed) raws.push({ line, fields });
  });
  return finish(problems, raws, list.length, context);
}

/** The CSV's columns are FIELDS (French names are accepted too: titre, lieu, lien, début, fin, capacité…). */
const REQUIRED_COLUMNS: Field[] = ['title', 'format', 'description', 'host', 'start', 'end'];

/** Reads a CSV programme (header row first, comma or semicolon); every broken row is reported with its line. */
export function parseWorkshopsCsv(text: string, context: ImportContext): WorkshopImport {
  const { records, problems: csvProblems } = parseCsv(text);
  const [header, ...rows] = records;
  if (!header) throw importError([{ line: 1, message: 'the file is empty' }]);
  const columns = header.fields.map((name) => fieldOf(name.trim()));
  const missing = REQUIRED_COLUMNS.filter((field) => !columns.includes(field));
  if (!columns.includes('place') && !columns.includes('link')) missing.push('place');
  if (missing.length) throw importError([{ line: header.line, message: `missing column(s): ${missing.join(', ')}` }]);
  const problems: ImportProblem[] = [...csvProblems];
  const raws: RawWorkshop[] = [];
  for (const record of rows) {
    if (record.fields.length !== header.fields.length) {
      problems.push({ line: record.line, message: `${record.fields.length} fields, expected ${header.fields.length}` });
      continue;
    }
    const fields: RawWorkshop['fields'] = {};
    columns.forEach((field, i) => {
      if (field) fields[field] = record.fields[i]!.trim();
    });
    raws.push({ line: record.line, fields });
  }
  return finish(problems, raws, rows.length, context);
}

// ---------------------------------------------------------------------------------------------------------------
// The programme: order, numbers, references.

const frenchCollator = new Intl.Collator('fr', { sensitivity: 'base' });

/** The programme in the order people read it (start, then title), which also gives each workshop its number. */
export function programmeOrder<W extends Pick<Workshop, 'id' | 'title' | 'startsAt'>>(workshops: readonly W[]): W[] {
  return [...workshops].sort(
    (a, b) =>
      Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
      frenchCollator.compare(a.title, b.title) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The workshop an agent means by "3" (its number in the programme) or by its id; null when none. */
export function findByReference<W extends Pick<Workshop, 'id' | 'title' | 'startsAt'>>(
  workshops: readonly W[],
  reference: string,
): W | null {
  const ref = reference.trim().replace(/^(n[°o]\s*|#)/i, '');
  const ordered = programmeOrder(workshops);
  if (/^\d{1,4}$/.test(ref)) return ordered[Number(ref) - 1] ?? null;
  return ordered.find((w) => w.id.toLowerCase() === ref.toLowerCase()) ?? null;
}

/** Points of a check-in to this workshop (shared/spec/scoring.md: the workshop's points, else checkinPoints). */
export function workshopPoints(workshop: Pick<Workshop, 'points'>, checkinPoints: number): number {
  return workshop.points ?? checkinPoints;
}

/** Whether the agent's direction is the workshop's host direction (case and accents folded). */
export function isHostOf(agent: { direction?: string }, workshop: Pick<Workshop, 'host'>): boolean {
  return !!agent.direction && foldText(agent.direction) === foldText(workshop.host);
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-up.

/** Checks that an agent may take a seat now, `taken` seats being taken already. */
export function assertCanSignUp(workshop: Pick<Workshop, 'title' | 'startsAt' | 'capacity'>, taken: number, now: number): void {
  if (now >= Date.parse(workshop.startsAt)) {
    throw new DomainError('signup_closed', 'the workshop has started', { workshop: workshop.title });
  }
  if (workshop.capacity !== undefined && taken >= workshop.capacity) {
    throw new DomainError('workshop_full', 'no seat left', { workshop: workshop.title, max: workshop.capacity });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Check-in: its window, and the limit on wrong codes.

/** How long before the start check-in opens and how long after the end it stays open. */
export interface CheckinWindowRule {
  beforeStartMinutes: number;
  afterEndMinutes: number;
}

export const DEFAULT_CHECKIN_WINDOW: Readonly<CheckinWindowRule> = Object.freeze({ beforeStartMinutes: 15, afterEndMinutes: 30 });

/** The check-in window rule of a challenge (its own, or the default). */
export function checkinRuleOf(challenge: Pick<Challenge, 'checkinWindow'>): CheckinWindowRule {
  return challenge.checkinWindow ?? DEFAULT_CHECKIN_WINDOW;
}

/** The first and last instants (both included) at which a check-in to the workshop counts. */
export function checkinWindow(
  workshop: Pick<Workshop, 'startsAt'> & Partial<Pick<Workshop, 'endsAt'>>,
  rule: CheckinWindowRule = DEFAULT_CHECKIN_WINDOW,
): { opensAt: number; closesAt: number } {
  const start = Date.parse(workshop.startsAt);
  const end = workshop.endsAt ? Date.parse(workshop.endsAt) : start;
  return { opensAt: start - rule.beforeStartMinutes * 60_000, closesAt: end + rule.afterEndMinutes * 60_000 };
}

export type CheckinState = 'not_open' | 'open' | 'closed';

/** Whether a check-in to the workshop counts at `now`, or not yet, or no more. */
export function checkinState(workshop: Pick<Workshop, 'startsAt' | 'endsAt'>, now: number, rule?: CheckinWindowRule): CheckinState {
  const { opensAt, closesAt } = checkinWindow(workshop, rule);
  if (now < opensAt) return 'not_open';
  return now <= closesAt ? 'open' : 'closed';
}

/** Wrong codes tolerated from one agent within the window; the next attempt waits until the oldest leaves it. */
export interface GuessLimit {
  maxWrong: number;
  windowMs: number;
}

export const DEFAULT_GUESS_LIMIT: Readonly<GuessLimit> = Object.freeze({ maxWrong: 5, windowMs: 10 * 60_000 });

/** The wrong attempts that still count at `now`, oldest first (at most `maxWrong` are ever needed). */
export function recentWrongAttempts(attempts: readonly number[], now: number, limit: GuessLimit = DEFAULT_GUESS_LIMIT): number[] {
  return attempts
    .filter((at) => at > now - limit.windowMs && at <= now)
    .sort((a, b) => a - b)
    .slice(-limit.maxWrong);
}

/** When an agent who made these wrong attempts may try again, or null when they may try now. */
export function guessLockedUntil(attempts: readonly number[], now: number, limit: GuessLimit = DEFAULT_GUESS_LIMIT): number | null {
  const recent = recentWrongAttempts(attempts, now, limit);
  return recent.length >= limit.maxWrong ? recent[recent.length - limit.maxWrong]! + limit.windowMs : null;
}

/** How many wrong codes an agent may still type before having to wait. */
export function guessesLeft(attempts: readonly number[], now: number, limit: GuessLimit = DEFAULT_GUESS_LIMIT): number {
  return Math.max(0, limit.maxWrong - recentWrongAttempts(attempts, now, limit).length);
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders.

export const REMINDER_LEAD_MINUTES = 15;

/** The workshops whose reminder is due at `now`: from `leadMinutes` before their start until they start. */
export function dueWorkshopReminders<W extends Pick<Workshop, 'startsAt'>>(
  workshops: readonly W[],
  now: number,
  leadMinutes = REMINDER_LEAD_MINUTES,
): W[] {
  return workshops.filter((w) => {
    const start = Date.parse(w.startsAt);
    return now >= start - leadMinutes * 60_000 && now < start;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Deep link of the QR code.

/** The static tab the check-in opens in, and how the tab recognises a check-in in the Teams context. */
export const CHECKIN_TAB_ENTITY_ID = 'classement';
export const CHECKIN_SUB_ENTITY_PREFIX = 'pointage:';

/** A Teams deep link to the app's personal tab, carrying the check-in code in its sub-entity id. */
export function checkinDeepLink(teamsAppId: string, code: string): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId: `${CHECKIN_SUB_ENTITY_PREFIX}${code}` }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${CHECKIN_TAB_ENTITY_ID}?context=${context}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Attendance figures.

export interface WorkshopFigures {
  workshopId: string;
  signedUp: number;
  attended: number;
  /** Of those who attended, how many had signed up. */
  attendedSignedUp: number;
}

export interface FormatFigures {
  format: WorkshopFormat;
  workshops: number;
  signedUp: number;
  attended: number;
}

/** Attendance per workshop and per format, from the sign-ups and the counted check-ins. */
export function attendanceFigures(
  workshops: readonly Pick<Workshop, 'id' | 'format'>[],
  signups: ReadonlyMap<string, readonly string[]>,
  checkins: readonly { agentId: string; workshopId: string }[],
): { byWorkshop: WorkshopFigures[]; byFormat: FormatFigures[] } {
  const attendees = new Map<string, Set<string>>();
  for (const c of checkins) {
    const set = attendees.get(c.workshopId) ?? new Set<string>();
    set.add(c.agentId);
    attendees.set(c.workshopId, set);
  }
  const byWorkshop = workshops.map((w) => {
    const signed = new Set(signups.get(w.id) ?? []);
    const came = attendees.get(w.id) ?? new Set<string>();
    return {
      workshopId: w.id,
      signedUp: signed.size,
      attended: came.size,
      attendedSignedUp: [...came].filter((agentId) => signed.has(agentId)).length,
    };
  });
  const byFormat = WORKSHOP_FORMATS.map((format) => {
    const ids = new Set(workshops.filter((w) => w.format === format).map((w) => w.id));
    const rows = byWorkshop.filter((row) => ids.has(row.workshopId));
    return {
      format,
      workshops: ids.size,
      signedUp: rows.reduce((sum, row) => sum + row.signedUp, 0),
      attended: rows.reduce((sum, row) => sum + row.attended, 0),
    };
  }).filter((row) => row.workshops > 0);
  return { byWorkshop, byFormat };
}
