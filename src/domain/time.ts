/**
 * Calendar arithmetic in the challenge's time zone (Europe/Paris), DST-safe, with no clock of its own:
 * every function takes the instant it works on.
 */

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock of `timeZone` at `instant`, to the second. */
function wallClock(instant: number, timeZone: string): WallClock {
  const at = new Date(Math.floor(instant / 1000) * 1000 + offsetAt(instant, timeZone));
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
  };
}

/** The wall clock as `Intl` reads it: the reference, and what fills the offset cache below. */
function wallClockOfIntl(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/**
 * Offsets by time zone and UTC minute. `formatToParts` costs ≈ 10 µs and the answer path asked it a dozen times
 * per answer for the same few instants (measured: 5 % of the app's CPU at 100 answers/s). Since 1980 every zone
 * changes its offset on a whole UTC minute, so an offset holds for its whole minute; earlier instants are not
 * cached. The map is emptied when it grows past a few thousand minutes (a week of distinct instants is far less).
 */
const offsets = new Map<string, number>();
const CACHE_FROM = Date.UTC(1980, 0, 1);
const MAX_CACHED_OFFSETS = 4096;

function offsetAt(instant: number, timeZone: string): number {
  const cacheable = instant >= CACHE_FROM && Number.isFinite(instant);
  const key = cacheable ? `${timeZone}|${Math.floor(instant / 60_000)}` : '';
  if (cacheable) {
    const known = offsets.get(key);
    if (known !== undefined) return known;
  }
  const w = wallClockOfIntl(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offset = asUtc - Math.floor(instant / 1000) * 1000;
  if (cacheable) {
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD (no 31 February). */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Whether `value` is a wall-clock time written HH:MM, from 00:00 to 23:59. */
export function isLocalTime(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value);
}

/** The instant at which the wall clock of `timeZone` shows `date` `time` (the later one when it shows it twice). */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [, y, m, d] = DATE.exec(date) ?? [];
  const [, hh, mm] = TIME.exec(time) ?? [];
  if (!y || !hh) throw new RangeError(`not a local date and time: ${date} ${time}`);
  const naive = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm));
  // Two passes settle the offset, including across a DST change.
  let instant = naive - offsetAt(naive, timeZone);
  instant = naive - offsetAt(instant, timeZone);
  return instant;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The local time (HH:MM) of an instant in `timeZone`. */
export function localTime(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}
