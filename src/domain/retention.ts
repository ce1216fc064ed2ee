import type { ReportHeadline } from './report';
import { challengeEndsAt, type Challenge } from './challenge';
import { addDays, zonedInstant } from './time';

/**
 * How long a challenge's personal data are kept: the time of the challenge, then `months` calendar months after
 * its last day (6 by default, RETENTION_MONTHS). At the due instant the purge keeps anonymous figures only
 * (docs/rgpd.md § 10). Counted from local midnight at the end of the last day, in the challenge's time zone, so
 * the same challenge is due at the same instant whichever server asks.
 */

/** Months kept after a challenge's last day when RETENTION_MONTHS is not set. */
export const DEFAULT_RETENTION_MONTHS = 6;

/** The most RETENTION_MONTHS accepts: ten years is already far beyond any purpose of a challenge week. */
export const MAX_RETENTION_MONTHS = 120;

/** `date` (YYYY-MM-DD) plus `months` calendar months; a day the target month lacks becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant a challenge's personal data become due for the purge (local midnight, challenge time zone). */
export function purgeDueAt(
  challenge: Pick<Challenge, 'startDate' | 'days' | 'timeZone'>,
  months: number,
): number {
  // The day after the last day, at midnight: the challenge's own end (challengeEndsAt), moved by whole months.
  const endDate = addDays(challenge.startDate, challenge.days);
  return zonedInstant(addMonths(endDate, months), '00:00', challenge.timeZone);
}

/** Whether the purge of a challenge is due at `now`; never before the challenge has ended. */
export function isPurgeDue(
  challenge: Pick<Challenge, 'startDate' | 'days' | 'timeZone'>,
  months: number,
  now: number,
): boolean {
  return now >= Math.max(purgeDueAt(challenge, months), challengeEndsAt(challenge));
}

/** The local date (YYYY-MM-DD) from which a challenge is purged, for messages and the CLI. */
export function purgeDueDate(
  challenge: Pick<Challenge, 'startDate' | 'days'>,
  months: number,
): string {
  return addMonths(addDays(challenge.startDate, challenge.days), months);
}

/**
 * The purge's steps, in the order they run: a challenge's own rows first (the agents' events, seats, guards, teams,
 * announcements, each send's deliveries then the sends, the names on workshop materials), then — only when the
 * purged challenge is still the current one — the agents and directory rows nobody needs any more. Deliveries go
 * before their sends, and agents before the roster, because each is found through the other.
 */
export const PURGE_STEPS = [
  'events',
  'signups',
  'checkinGuards',
  'teams',
  'announcements',
  'deliveries',
  'sends',
  'materials',
  'agents',
  'roster',
] as const;
export type PurgeStep = (typeof PURGE_STEPS)[number];

/** Steps that touch rows shared by every challenge: run only when no newer challenge needs them. */
export const SHARED_PURGE_STEPS: ReadonlySet<PurgeStep> = new Set(['agents', 'roster']);

/** A group's participation, shown only when at least 5 agents of it took part (the insights' k ≥ 5 rule). */
export type RetainedDirection =
  | { kind: 'direction'; direction: string | null; participants: number; participations: number }
  | { kind: 'others'; directions: number; participants: number; participations: number };

/**
 * What is kept of a challenge after its purge: counts, shares and ranks only — no agent id, no name, no team name,
 * no free text. Directions and quiz themes follow the k ≥ 5 rule of src/domain/insights.ts.
 */
export interface RetainedFigures {
  challengeId: string;
  title: string;
  startDate: string;
  days: number;
  /** When they were computed, before anything was deleted. */
  keptAt: string;
  /** The fewest agents of a group whose figures are kept. */
  minAgents: number;
  /** The report's headline, and the check-ins it counts among participations. */
  headline: ReportHeadline & { checkins: number };
  byDay: {
    day: number | null;
    date: string;
    participants: number;
    participations: number;
    quizAnswers: number;
    rightAnswers: number;
  }[];
  byFormat: {
    format: string;
    workshops: number;
    workshopsHeld: number;
    signedUp: number;
    attended: number;
  }[];
  byDirection: RetainedDirection[];
  /** Per quiz theme, the share of right answers; `overall` null when fewer than 5 agents answered it. */
  themes: {
    theme: string;
    overall: { agents: number; answers: number; right: number; share: string } | null;
    groups: ({
      kind: 'direction' | 'others';
      direction?: string | null;
      directions?: number;
    } & { agents: number; answers: number; right: number; share: string })[];
  }[];
  /** The final ranking without any name: rank, size, score. */
  ranking: {
    rank: number;
    members: number;
    activeMembers: number;
    points: number;
    score: string;
  }[];
}

/** The figures as stored, with when the purge finished (null while it is under way). */
export interface KeptFigures {
  figures: RetainedFigures;
  purgedAt: string | null;
}
