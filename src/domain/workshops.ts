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

// The programme: order, numbers, references.

/** The programme in the order people read it (start, then title), which also gives each workshop its number. */
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
