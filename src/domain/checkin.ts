import { DEFAULT_CHECKIN_WINDOW, type CheckinWindowRule } from './challenge';
import type { Workshop } from './workshops';

/** Check-in at a workshop: when it counts (the window around the workshop), and the limit on wrong codes. */

/** The first and last instants (both included) at which a check-in to the workshop counts. */
export function checkinWindow(
  workshop: Pick<Workshop, 'startsAt'> & Partial<Pick<Workshop, 'endsAt'>>,
  rule: CheckinWindowRule = DEFAULT_CHECKIN_WINDOW,
): { opensAt: number; closesAt: number } {
  const start = Date.parse(workshop.startsAt);
  const end = workshop.endsAt ? Date.parse(workshop.endsAt) : start;
  return {
    opensAt: start - rule.beforeStartMinutes * 60_000,
    closesAt: end + rule.afterEndMinutes * 60_000,
  };
}

export type CheckinState = 'not_open' | 'open' | 'closed';

/** Whether a check-in to the workshop counts at `now`, or not yet, or no more. */
export function checkinState(
  workshop: Pick<Workshop, 'startsAt' | 'endsAt'>,
  now: number,
  rule?: CheckinWindowRule,
): CheckinState {
  const { opensAt, closesAt } = checkinWindow(workshop, rule);
  if (now < opensAt) return 'not_open';
  return now <= closesAt ? 'open' : 'closed';
}

/** Wrong codes tolerated from one agent within the window; the next attempt waits until the oldest leaves it. */
export interface GuessLimit {
  maxWrong: number;
  windowMs: number;
}

export const DEFAULT_GUESS_LIMIT: Readonly<GuessLimit> = Object.freeze({
  maxWrong: 5,
  windowMs: 10 * 60_000,
});

/** The wrong attempts that still count at `now`, oldest first (at most `maxWrong` are ever needed). */
export function recentWrongAttempts(
  attempts: readonly number[],
  now: number,
  limit: GuessLimit = DEFAULT_GUESS_LIMIT,
): number[] {
  return attempts
    .filter((at) => at > now - limit.windowMs && at <= now)
    .sort((a, b) => a - b)
    .slice(-limit.maxWrong);
}

/** When an agent who made these wrong attempts may try again, or null when they may try now. */
export function guessLockedUntil(
  attempts: readonly number[],
  now: number,
  limit: GuessLimit = DEFAULT_GUESS_LIMIT,
): number | null {
  const recent = recentWrongAttempts(attempts, now, limit);
  return recent.length >= limit.maxWrong
    ? recent[recent.length - limit.maxWrong]! + limit.windowMs
    : null;
}

/** How many wrong codes an agent may still type before having to wait. */
export function guessesLeft(
  attempts: readonly number[],
  now: number,
  limit: GuessLimit = DEFAULT_GUESS_LIMIT,
): number {
  return Math.max(0, limit.maxWrong - recentWrongAttempts(attempts, now, limit).length);
}
