import type { ScoringRules } from './scoring';
import { addDays, daysBetween, localDate, zonedInstant } from './time';

/** A challenge week: its calendar and its rules. */
export interface Challenge {
  id: string;
  title: string;
  /** First day, local date in `timeZone` (YYYY-MM-DD). */
  startDate: string;
  /** Number of challenge days (5 for a working week). */
  days: number;
  timeZone: string;
  scoring: ScoringRules;
  maxTeamSize: number;
  /** When team changes close (ISO instant); the start of the challenge when absent. */
  teamsLockAt?: string;
  /** When workshop check-ins count, around each workshop; 15 min before to 30 min after when absent. */
  checkinWindow?: CheckinWindowRule;
  /**
   * The public training offer shown to organisers next to each quiz theme the answers show as weak, by theme
   * (`'*'`: any theme without its own); each replaces the default of its theme (src/domain/insights.ts).
   */
  trainingLinks?: Readonly<Record<string, TrainingLink>>;
}

/** A public training offer: what it is, and its https address. */
export interface TrainingLink {
  label: string;
  url: string;
}

/** How long before a workshop's start check-in opens and how long after its end it stays open. */
export interface CheckinWindowRule {
  beforeStartMinutes: number;
  afterEndMinutes: number;
}

export const DEFAULT_CHECKIN_WINDOW: Readonly<CheckinWindowRule> = Object.freeze({
  beforeStartMinutes: 15,
  afterEndMinutes: 30,
});

/** The check-in window rule of a challenge (its own, or the default). */
export function checkinRuleOf(challenge: Pick<Challenge, 'checkinWindow'>): CheckinWindowRule {
  return challenge.checkinWindow ?? DEFAULT_CHECKIN_WINDOW;
}

export const DEFAULT_MAX_TEAM_SIZE = 12;
export const CHALLENGE_TIME_ZONE = 'Europe/Paris';

/** The instant the challenge starts (midnight of its first day, local time). */
export function challengeStartsAt(challenge: Challenge): number {
  return zonedInstant(challenge.startDate, '00:00', challenge.timeZone);
}

/** The instant the challenge ends: midnight at the end of its last day, local time. */
export function challengeEndsAt(
  challenge: Pick<Challenge, 'startDate' | 'days' | 'timeZone'>,
): number {
  return zonedInstant(addDays(challenge.startDate, challenge.days), '00:00', challenge.timeZone);
}

/** Whether team changes are closed: they are once the challenge has started (or at its own lock time). */
export function teamChangesClosed(challenge: Challenge, now: number): boolean {
  const lockAt = challenge.teamsLockAt
    ? Date.parse(challenge.teamsLockAt)
    : challengeStartsAt(challenge);
  return now >= lockAt;
}

/** The challenge day (1-based) of an instant, or null outside the challenge. */
export function challengeDayAt(challenge: Challenge, now: number): number | null {
  const day = daysBetween(challenge.startDate, localDate(now, challenge.timeZone)) + 1;
  return day >= 1 && day <= challenge.days ? day : null;
}

/** The local date of a challenge day (1-based). */
export function dateOfDay(challenge: Challenge, day: number): string {
  return addDays(challenge.startDate, day - 1);
}
