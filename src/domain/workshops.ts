import { DomainError } from './errors';
import { compareFrench, foldText } from './text';

/**
 * The workshop programme of a challenge: the model, its order and numbers, points, sign-up, reminders and
 * attendance. Reading an import file is in workshop-import.ts, the check-in window in checkin.ts.
 */

/** The kinds of animation of a challenge week; stored without accents, shown in words by the edges. */
export const WORKSHOP_FORMATS = [
  'conference',
  'atelier',
  'projection',
  'debat',
  'exposition',
  'visite',
  'autre',
] as const;
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
  /**
   * Its number, "n° 12" in the bot and the tab: given once, when it first comes into the programme, and kept by
   * every later import, so that "je me désinscris 12" typed from an old list still means this workshop.
   */
  number: number;
}

/** A workshop read from an import file, before it has a challenge, a code and a number. */
export type WorkshopDraft = Omit<Workshop, 'challengeId' | 'code' | 'number'>;

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

// The programme: order, numbers, references.

/** The programme in the order people read it: start, then title. */
export function programmeOrder<W extends Pick<Workshop, 'id' | 'title' | 'startsAt'>>(
  workshops: readonly W[],
): W[] {
  return [...workshops].sort(
    (a, b) =>
      Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
      compareFrench(a.title, b.title) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The number the next new workshop gets: one more than any number ever given in the challenge, those of
 * workshops since removed included, so that a number an agent once saw never comes to mean another workshop.
 */
export function nextWorkshopNumber(given: Iterable<number>): number {
  let highest = 0;
  for (const n of given) if (Number.isInteger(n) && n > highest) highest = n;
  return highest + 1;
}

/**
 * Numbers for the workshops that have none: rows written before workshops kept a number. Until then an agent saw
 * a workshop's place in the programme order, so the ones without a number get, in programme order, the numbers
 * after the highest one given: with no number given at all, that is exactly their place in the programme, the
 * number the old lists showed. Reading applies this rule to show them; the next import applies it too and stores
 * the result (which is then the same), so an agent's number does not move when it is stored.
 */
export function withNumbers<W extends Pick<Workshop, 'id' | 'title' | 'startsAt'>>(
  workshops: readonly (W & { number?: number })[],
  given: Iterable<number> = [],
): (W & { number: number })[] {
  const taken = [
    ...given,
    ...workshops.flatMap((w) => (typeof w.number === 'number' ? [w.number] : [])),
  ];
  let next = nextWorkshopNumber(taken);
  const numbers = new Map<string, number>();
  for (const w of programmeOrder(workshops.filter((w) => typeof w.number !== 'number'))) {
    numbers.set(w.id, next);
    next += 1;
  }
  return workshops.map((w) =>
    typeof w.number === 'number'
      ? (w as W & { number: number })
      : { ...w, number: numbers.get(w.id)! },
  );
}

/** The workshop number an agent typed ("12", "n° 12", "No. 12", "#12"); null when it is not a number. */
export function workshopNumberOf(reference: string): number | null {
  const ref = reference.trim().replace(/^(n[°o]\.?\s*|#)/i, '');
  return /^\d{1,6}$/.test(ref) ? Number(ref) : null;
}

/** The workshop an agent means by "12" (its number, as the bot and the tab show it) or by its id; null when none. */
export function findByReference<W extends Pick<Workshop, 'id' | 'number'>>(
  workshops: readonly W[],
  reference: string,
): W | null {
  const number = workshopNumberOf(reference);
  if (number !== null) return workshops.find((w) => w.number === number) ?? null;
  const ref = reference.trim().replace(/^#/, '').toLowerCase();
  return workshops.find((w) => w.id.toLowerCase() === ref) ?? null;
}

/** Points of a check-in to this workshop (shared/spec/scoring.md: the workshop's points, else checkinPoints). */
export function workshopPoints(workshop: Pick<Workshop, 'points'>, checkinPoints: number): number {
  return workshop.points ?? checkinPoints;
}

/** Whether the agent's direction is the workshop's host direction (case and accents folded). */
export function isHostOf(agent: { direction?: string }, workshop: Pick<Workshop, 'host'>): boolean {
  return !!agent.direction && foldText(agent.direction) === foldText(workshop.host);
}

// Sign-up.

/** Checks that an agent may take a seat now, `taken` seats being taken already. */
export function assertCanSignUp(
  workshop: Pick<Workshop, 'title' | 'startsAt' | 'capacity'>,
  taken: number,
  now: number,
): void {
  if (now >= Date.parse(workshop.startsAt)) {
    throw new DomainError('signup_closed', 'the workshop has started', {
      workshop: workshop.title,
    });
  }
  if (workshop.capacity !== undefined && taken >= workshop.capacity) {
    throw new DomainError('workshop_full', 'no seat left', {
      workshop: workshop.title,
      max: workshop.capacity,
    });
  }
}

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
