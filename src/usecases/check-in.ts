import { checkinRuleOf } from '../domain/challenge';
import {
  checkinWindow,
  guessesLeft,
  guessLockedUntil,
  recentWrongAttempts,
} from '../domain/checkin';
import { DomainError } from '../domain/errors';
import type { RecordedCheckin } from '../domain/ports';
import { normaliseCode, type Team } from '../domain/teams';
import { localDate, localTime } from '../domain/time';
import { workshopPoints, type Workshop } from '../domain/workshops';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** The workshop whose check-in code this is (case, accents and spaces forgiven), or null. */
async function workshopOfCode(
  deps: Pick<UseCaseDeps, 'workshops'>,
  challengeId: string,
  typed: string,
): Promise<Workshop | null> {
  const code = normaliseCode(typed);
  return code ? deps.workshops.findByCode(challengeId, code) : null;
}

export interface CheckinOutcome {
  workshop: Workshop;
  checkin: RecordedCheckin;
  /** The agent's team with the check-in counted; null when they are in no team (it counts once they join one). */
  team: Team | null;
}

/**
 * Records an agent's check-in at a workshop with the code its host shows, once, in the check-in window, signed
 * up or not, and adds its points to their team exactly as an answer does. Each guess takes a slot of the guess
 * limit before its code is checked (a right code gives it back): wrong codes are counted, and once the limit is
 * reached no code is checked at all for a while, however many arrive at once.
 */
export async function checkIn(
  deps: Pick<
    UseCaseDeps,
    'challenges' | 'workshops' | 'events' | 'teams' | 'checkinGuards' | 'clock'
  >,
  input: { agentId: string; code: string },
): Promise<CheckinOutcome> {
  const challenge = await currentChallenge(deps);
  const zone = challenge.timeZone;
  const now = deps.clock.now();
  // The guess takes its slot before its code is checked: guesses sent at once each see the slots the others took,
  // so no more codes are ever checked than the limit allows, on any number of instances.
  const reservation = await deps.checkinGuards.reserveAttempt(
    challenge.id,
    input.agentId,
    now,
    (stored) => {
      const recent = recentWrongAttempts(stored, now);
      return guessLockedUntil(recent, now) === null ? [...recent, now] : null;
    },
  );
  if (!reservation.reserved) {
    throw new DomainError('checkin_locked', 'too many wrong codes, try again later', {
      time: localTime(guessLockedUntil(reservation.attempts, now) ?? now, zone),
    });
  }
  const workshop = await workshopOfCode(deps, challenge.id, input.code).catch(async (error) => {
    // The code was not checked: a storage hiccup is not a wrong guess (the store's error is the one told).
    await deps.checkinGuards
      .releaseAttempt(challenge.id, input.agentId, now)
      .catch(() => undefined);
    throw error;
  });
  if (!workshop) {
    // The slot stays taken: it is the wrong guess counted.
    const kept = reservation.attempts;
    const until = guessLockedUntil(kept, now);
    throw new DomainError('workshop_code_unknown', 'no workshop has this code', {
      code: input.code.slice(0, 12),
      left: guessesLeft(kept, now),
      ...(until !== null ? { time: localTime(until, zone) } : {}),
    });
  }
  // A right code is no guess: its slot is given back whatever follows (not open yet, closed, already counted).
  await deps.checkinGuards.releaseAttempt(challenge.id, input.agentId, now);
  const { opensAt, closesAt } = checkinWindow(workshop, checkinRuleOf(challenge));
  if (now < opensAt) {
    throw new DomainError('checkin_not_open', 'check-in has not opened yet', {
      workshop: workshop.title,
      time: localTime(opensAt, zone),
      date: localDate(opensAt, zone),
    });
  }
  if (now > closesAt) {
    throw new DomainError('checkin_closed', 'check-in is closed', {
      workshop: workshop.title,
      time: localTime(closesAt, zone),
      date: localDate(closesAt, zone),
    });
  }
  const result = await deps.events.recordCheckin(challenge.id, input.agentId, {
    workshopId: workshop.id,
    points: workshopPoints(workshop, challenge.scoring.checkinPoints),
    at: new Date(now).toISOString(),
  });
  if (!result.recorded) {
    throw new DomainError('already_checked_in', 'only the first check-in counts', {
      workshop: workshop.title,
      time: localTime(Date.parse(result.checkin.at), zone),
    });
  }
  // The ledger names the team (no read for it); the agent is told which team the points went to.
  const teamId = result.teamId;
  if (teamId && !result.teamCopied) {
    await deps.teams.applyMemberTally(challenge.id, teamId, input.agentId, result.tally);
  }
  const team = teamId ? await deps.teams.get(challenge.id, teamId) : null;
  return { workshop, checkin: result.checkin, team };
}
