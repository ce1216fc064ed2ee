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

export interface CheckinOutcome {
  workshop: Workshop;
  checkin: RecordedCheckin;
  /** The agent's team with the check-in counted; null when they are in no team (it counts once they join one). */
  team: Team | null;
}

/**
 * Records an agent's check-in at a workshop with the code its host shows, once, in the check-in window, signed
 * up or not, and adds its points to their team exactly as an answer does. Refuses (and counts) wrong codes, and
 * refuses every attempt for a while after too many of them.
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
  const lockedUntil = guessLockedUntil(
    await deps.checkinGuards.wrongAttempts(challenge.id, input.agentId),
    now,
  );
  if (lockedUntil !== null) {
    throw new DomainError('checkin_locked', 'too many wrong codes, try again later', {
      time: localTime(lockedUntil, zone),
    });
  }
  const code = normaliseCode(input.code);
  const workshop = code ? await deps.workshops.findByCode(challenge.id, code) : null;
  if (!workshop) {
    const kept = await deps.checkinGuards.addWrongAttempt(challenge.id, input.agentId, now, (all) =>
      recentWrongAttempts(all, now),
    );
    const left = guessesLeft(kept, now);
    const until = guessLockedUntil(kept, now);
    throw new DomainError('workshop_code_unknown', 'no workshop has this code', {
      code: input.code.slice(0, 12),
      left,
      ...(until !== null ? { time: localTime(until, zone) } : {}),
    });
  }
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
  const teamId = await deps.teams.teamIdOf(challenge.id, input.agentId);
  const team = teamId
    ? await deps.teams.applyMemberTally(challenge.id, teamId, input.agentId, result.tally)
    : null;
  return { workshop, checkin: result.checkin, team };
}
