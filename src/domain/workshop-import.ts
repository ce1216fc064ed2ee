import { checkinRuleOf, type Challenge } from './challenge';
import { checkinWindow } from './checkin';
import { parseCsv } from './csv';
import { importError, jsonSyntaxProblem, type ImportProblem } from './import-report';
import { foldText } from './text';
import { addDays, isLocalDate, isLocalTime, localDate, localTime, zonedInstant } from './time';
import {
  WORKSHOP_FORMATS,
  WORKSHOP_LIMITS,
  type Workshop,
  type WorkshopDraft,
  type WorkshopFormat,
} from './workshops';

/**
 * Reading a workshop programme file (JSON or CSV) against the challenge: every problem with its line, and nothing
 * of a broken file is kept. JSON.parse gives no lines, hence the small line tracker of the workshops array.
 */

/** What a workshop of a file says, whatever the column or key is called. */
type Field =
  | 'id'
  | 'title'
  | 'format'
  | 'description'
  | 'host'
  | 'place'
  | 'link'
  | 'start'
  | 'end'
  | 'capacity'
  | 'points';

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

function readWorkshop(
  raw: RawWorkshop,
  timeZone: string,
  problem: (message: string) => void,
): WorkshopDraft | null {
  const get = (field: Field) => raw.fields[field] ?? '';
  let failures = 0;
  const fail = (message: string) => {
    failures += 1;
    problem(message);
  };
  const title = get('title');
  if (!title || title.length > WORKSHOP_LIMITS.title)
    fail(`title is missing or longer than ${WORKSHOP_LIMITS.title} characters`);
  const name = title ? `"${title.slice(0, 40)}"` : 'the workshop';
  const format = readFormat(get('format'));
  if (!format)
    fail(`${name}: format "${get('format')}" must be one of ${WORKSHOP_FORMATS.join(', ')}`);
  const description = get('description');
  if (!description || description.length > WORKSHOP_LIMITS.description) {
    fail(
      `${name}: description is missing or longer than ${WORKSHOP_LIMITS.description} characters`,
    );
  }
  const host = get('host');
  if (!host || host.length > WORKSHOP_LIMITS.host)
    fail(`${name}: host direction is missing or longer than ${WORKSHOP_LIMITS.host} characters`);
  const place = get('place');
  const link = get('link');
  if (place.length > WORKSHOP_LIMITS.place)
    fail(`${name}: place is longer than ${WORKSHOP_LIMITS.place} characters`);
  if (link && (!/^https:\/\/[^\s<>"]+$/.test(link) || link.length > WORKSHOP_LIMITS.link)) {
    fail(
      `${name}: online link must be an https:// address of at most ${WORKSHOP_LIMITS.link} characters`,
    );
  }
  if (!place && !link) fail(`${name}: give a place, an online link, or both`);
  const start = readDateTime(get('start'));
  if (!start)
    fail(`${name}: start "${get('start')}" must be a local date and time like 2026-11-24 14:00`);
  // The end may be a time alone: the same day as the start.
  const endText = get('end');
  const end =
    readDateTime(endText) ??
    (start && isLocalTime(endText) ? { date: start.date, time: endText } : null);
  if (!end)
    fail(
      `${name}: end "${endText}" must be a local date and time like 2026-11-24 16:00 (or a time)`,
    );
  const capacity = readCount(get('capacity'), 1, WORKSHOP_LIMITS.capacity);
  if (capacity === null)
    fail(
      `${name}: capacity "${get('capacity')}" must be a whole number from 1 to ${WORKSHOP_LIMITS.capacity}, or empty`,
    );
  const points = readCount(get('points'), 0, WORKSHOP_LIMITS.points);
  if (points === null)
    fail(
      `${name}: points "${get('points')}" must be a whole number from 0 to ${WORKSHOP_LIMITS.points}, or empty`,
    );
  const givenId = get('id');
  if (givenId && !new RegExp(`^[A-Za-z0-9_-]{1,${WORKSHOP_LIMITS.id}}$`).test(givenId)) {
    fail(
      `${name}: id "${givenId.slice(0, 80)}" must be 1–${WORKSHOP_LIMITS.id} letters, digits, - or _`,
    );
  }
  if (!start || !end) return null;
  const startsAt = zonedInstant(start.date, start.time, timeZone);
  const endsAt = zonedInstant(end.date, end.time, timeZone);
  if (endsAt <= startsAt)
    fail(
      `${name}: ends (${end.date} ${end.time}) before or when it starts (${start.date} ${start.time})`,
    );
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
function checkProgramme(
  raws: RawWorkshop[],
  context: ImportContext,
): WorkshopImport & { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const read: { line: number; draft: WorkshopDraft }[] = [];
  const lineOfId = new Map<string, number>();
  const rule = checkinRuleOf(context.challenge);
  const { timeZone } = context.challenge;
  const firstDay = context.challenge.startDate;
  const lastDay = addDays(firstDay, context.challenge.days - 1);
  for (const raw of raws) {
    const draft = readWorkshop(raw, timeZone, (message) =>
      problems.push({ line: raw.line, message }),
    );
    if (!draft) continue;
    const name = `"${draft.title.slice(0, 40)}"`;
    const seen = lineOfId.get(draft.id);
    if (seen !== undefined) {
      problems.push({
        line: raw.line,
        message: `${name}: id "${draft.id}" is already used on line ${seen}`,
      });
      continue;
    }
    lineOfId.set(draft.id, raw.line);
    const existing = context.existing?.get(draft.id);
    if (Date.parse(draft.endsAt) <= context.now) {
      const when = `${localDate(Date.parse(draft.endsAt), timeZone)} ${localTime(Date.parse(draft.endsAt), timeZone)}`;
      if (existing)
        warnings.push({
          line: raw.line,
          message: `${name} has already ended (${when}): left as it is`,
        });
      else
        problems.push({
          line: raw.line,
          message: `${name} has already ended (${when}): a past workshop cannot be imported`,
        });
      continue;
    }
    if (
      existing &&
      checkinWindow(existing, rule).opensAt <= context.now &&
      (existing.points ?? null) !== (draft.points ?? null)
    ) {
      problems.push({
        line: raw.line,
        message: `${name}: points cannot change once its check-in has opened`,
      });
      continue;
    }
    const startDay = localDate(Date.parse(draft.startsAt), timeZone);
    if (startDay < firstDay || startDay > lastDay) {
      warnings.push({
        line: raw.line,
        message: `${name} is on ${startDay}, outside the challenge (${firstDay} to ${lastDay})`,
      });
    }
    read.push({ line: raw.line, draft });
  }
  const byStart = [...read].sort(
    (a, b) => Date.parse(a.draft.startsAt) - Date.parse(b.draft.startsAt),
  );
  for (let i = 0; i < byStart.length; i += 1) {
    for (let j = i + 1; j < byStart.length; j += 1) {
      const a = byStart[i]!;
      const b = byStart[j]!;
      if (Date.parse(b.draft.startsAt) >= Date.parse(a.draft.endsAt)) break;
      const samePlace =
        a.draft.place && b.draft.place && foldText(a.draft.place) === foldText(b.draft.place);
      warnings.push({
        line: b.line,
        message: `"${b.draft.title.slice(0, 40)}" overlaps "${a.draft.title.slice(0, 40)}" (line ${a.line})${samePlace ? ', at the same place' : ''}`,
      });
    }
  }
  return {
    workshops: read.map((r) => r.draft),
    warnings: warnings.sort((a, b) => a.line - b.line),
    problems,
  };
}

/** The file's workshops, or an invalid_import error with every problem of the file (shape and rows). */
function finish(
  shapeProblems: ImportProblem[],
  raws: RawWorkshop[],
  rows: number,
  context: ImportContext,
): WorkshopImport {
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
      const target =
        c === '[' &&
        (stack.length === 0 || (stack.length === 1 && top?.kind === '{' && keyBefore === key));
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
    throw importError([jsonSyntaxProblem(error, source)]);
  }
  const list = Array.isArray(root) ? root : (root as { workshops?: unknown } | null)?.workshops;
  if (!Array.isArray(list))
    throw importError([
      { line: 1, message: 'expected an array of workshops, or an object with a "workshops" array' },
    ]);
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
        problems.push({
          line,
          message: `workshop ${index + 1}: "${name}" must be text or a number`,
        });
        typed = false;
      } else {
        fields[field] = read;
      }
    }
    if (typed) raws.push({ line, fields });
  });
  return finish(problems, raws, list.length, context);
}

/** The CSV's columns are the fields (French names are accepted too: titre, lieu, lien, début, fin, capacité…). */
const REQUIRED_COLUMNS: Field[] = ['title', 'format', 'description', 'host', 'start', 'end'];

/** Reads a CSV programme (header row first, comma or semicolon); every broken row is reported with its line. */
export function parseWorkshopsCsv(text: string, context: ImportContext): WorkshopImport {
  const { records, problems: csvProblems } = parseCsv(text);
  const [header, ...rows] = records;
  if (!header) throw importError([{ line: 1, message: 'the file is empty' }]);
  const columns = header.fields.map((name) => fieldOf(name.trim()));
  const missing = REQUIRED_COLUMNS.filter((field) => !columns.includes(field));
  if (!columns.includes('place') && !columns.includes('link')) missing.push('place');
  if (missing.length)
    throw importError([{ line: header.line, message: `missing column(s): ${missing.join(', ')}` }]);
  const problems: ImportProblem[] = [...csvProblems];
  const raws: RawWorkshop[] = [];
  for (const record of rows) {
    if (record.fields.length !== header.fields.length) {
      problems.push({
        line: record.line,
        message: `${record.fields.length} fields, expected ${header.fields.length}`,
      });
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
