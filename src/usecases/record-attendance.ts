import { checkinRuleOf, type Challenge } from '../domain/challenge';
import { checkinWindow } from '../domain/checkin';
import { DomainError } from '../domain/errors';
import { compareFrench, foldText } from '../domain/text';
import { localDate, localTime } from '../domain/time';
import { workshopPoints, type Workshop } from '../domain/workshops';
import { workshopManagedBy } from './workshop-managers';
import type { UseCaseDeps } from './deps';

/**
 * Attendance by hand: a workshop's host or an organiser records the check-in of agents who cannot check in
 * themselves (no Teams account, no phone at hand). It counts exactly like a check-in by code — same points, same
 * row written once per agent and workshop, same tally carried to the team — and the row keeps who recorded it.
 */

/** Agents recorded in one call at most: a room's worth, and a bounded amount of work per request. */
export const MAX_AGENTS_PER_RECORD = 50;
/** Agents a search gives back at most: enough to pick from, small enough to read aloud in a screen reader. */
export const MAX_CANDIDATES = 20;
/** Longer searches are cut: no name is that long, and the fold of a huge string is wasted work. */
const MAX_SEARCH_LENGTH = 100;
/** An id longer than this is no agent id (Entra object ids are 36 characters, channel ids a few dozen). */
const MAX_AGENT_ID_LENGTH = 200;
/** Agents recorded at once within a call: parallel enough to be quick, gentle on the store's partitions. */
const PARALLEL = 8;

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'workshops' | 'agents' | 'events' | 'teams' | 'signups' | 'clock' | 'organiserIds'
>;

/** An agent a host may record, as the picker lists them. */
export interface AttendanceCandidate {
  id: string;
  name: string;
  /** The agent's direction, when the directory gave one. */
  direction: string | null;
  signedUp: boolean;
  checkedIn: boolean;
}

export interface AttendanceRecord {
  /** Newly counted, in the order asked, with the points each earned. */
  recorded: { agentId: string; name: string; points: number }[];
  /** Already checked in (by code or by hand): nothing changed for them. */
  already: string[];
  /** No such agent: nothing recorded for them, the others are. */
  unknown: string[];
}

/**
 * Agents whose name holds every word of `search` (case and accents aside), at most MAX_CANDIDATES, by name;
 * with an empty search, the workshop's signed-up agents come first. Each says whether they already checked in.
 */
export async function attendanceCandidates(
  deps: Deps,
  input: { callerId: string; workshopId: string; search: string },
): Promise<AttendanceCandidate[]> {
  const { challenge, workshop } = await workshopManagedBy(deps, input.callerId, input.workshopId);
  const words = foldText(input.search.slice(0, MAX_SEARCH_LENGTH)).split(' ').filter(Boolean);
  const [signups, checkedIn] = await Promise.all([
    deps.signups.list(challenge.id, workshop.id),
    checkedInAt(deps, challenge.id, workshop.id),
  ]);
  const signedUp = new Set(signups.map((s) => s.agentId));
  // The one scan of agents on a request path: hosts and organisers only, a row per agent of one collectivity.
  const matches: AttendanceCandidate[] = [];
  for await (const agent of deps.agents.all()) {
    const name = agent.name || agent.id;
    const folded = foldText(name);
    if (!words.every((word) => folded.includes(word))) continue;
    matches.push({
      id: agent.id,
      name,
      direction: agent.direction || null,
      signedUp: signedUp.has(agent.id),
      checkedIn: checkedIn.has(agent.id),
    });
  }
  const signedUpFirst = words.length === 0;
  return matches
    .sort(
      (a, b) =>
        (signedUpFirst ? Number(b.signedUp) - Number(a.signedUp) : 0) ||
        compareFrench(a.name, b.name) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, MAX_CANDIDATES);
}

/** Who checked in at the workshop (a filtered scan of its check-ins, as the attendance list reads them). */
async function checkedInAt(
  deps: Pick<Deps, 'events'>,
  challengeId: string,
  workshopId: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const checkin of deps.events.checkins(challengeId, workshopId))
    ids.add(checkin.agentId);
  return ids;
}

/** The agents asked for, each once, or attendance_invalid (nothing is recorded then). */
function agentIdsOf(agentIds: readonly unknown[]): string[] {
  const valid = agentIds.every(
    (id) => typeof id === 'string' && id.trim() !== '' && id.length <= MAX_AGENT_ID_LENGTH,
  );
  const ids = [...new Set(agentIds as string[])];
  if (!valid || ids.length === 0 || ids.length > MAX_AGENTS_PER_RECORD) {
    throw new DomainError(
      'attendance_invalid',
      `choose 1 to ${MAX_AGENTS_PER_RECORD} agents, by id`,
      { max: MAX_AGENTS_PER_RECORD, count: agentIds.length },
    );
  }
  return ids;
}

/**
 * Refuses a record outside the workshop's time by hand: from its start (the host sees who came) to the end of
 * the challenge's check-in window for it, the last instant a check-in by code counts too.
 */
function assertRecordable(workshop: Workshop, challenge: Challenge, now: number): void {
  const opensAt = Date.parse(workshop.startsAt);
  const { closesAt } = checkinWindow(workshop, checkinRuleOf(challenge));
  const zone = challenge.timeZone;
  const window = {
    workshop: workshop.title,
    from: `${localDate(opensAt, zone)} ${localTime(opensAt, zone)}`,
    until: `${localDate(closesAt, zone)} ${localTime(closesAt, zone)}`,
  };
  if (now < opensAt) {
    throw new DomainError('checkin_not_open', 'attendance is recorded from the workshop’s start', {
      ...window,
      date: localDate(opensAt, zone),
      time: localTime(opensAt, zone),
    });
  }
  if (now > closesAt) {
    throw new DomainError('checkin_closed', 'the workshop’s check-in window is over', {
      ...window,
      date: localDate(closesAt, zone),
      time: localTime(closesAt, zone),
    });
  }
}

/**
 * Records the check-in of each agent asked for at the workshop, marked as recorded by the caller (its host
 * direction or an organiser), from its start to the end of its check-in window. Each agent is counted once
 * however often, or however many at once, the same record is asked; unknown agents are reported, not fatal.
 */
export async function recordAttendance(
  deps: Deps,
  input: { callerId: string; workshopId: string; agentIds: readonly string[] },
): Promise<AttendanceRecord> {
  const { challenge, workshop } = await workshopManagedBy(deps, input.callerId, input.workshopId);
  const agentIds = agentIdsOf(input.agentIds);
  const now = deps.clock.now();
  assertRecordable(workshop, challenge, now);
  const points = workshopPoints(workshop, challenge.scoring.checkinPoints);
  const at = new Date(now).toISOString();

  const outcomes: (
    { kind: 'recorded'; name: string; points: number } | { kind: 'already' | 'unknown' }
  )[] = [];
  for (let i = 0; i < agentIds.length; i += PARALLEL) {
    outcomes.push(
      ...(await Promise.all(
        agentIds.slice(i, i + PARALLEL).map(async (agentId) => {
          const agent = await deps.agents.get(agentId);
          if (!agent) return { kind: 'unknown' as const };
          const result = await deps.events.recordCheckin(challenge.id, agentId, {
            workshopId: workshop.id,
            points,
            at,
            recordedBy: input.callerId,
          });
          // Carried to the team even when already recorded: a call cut short between the two writes is
          // repaired by the next one, and a tally the team has already changes nothing (the fuller one wins).
          const teamId = result.teamId;
          if (teamId && !(result.recorded && result.teamCopied))
            await deps.teams.applyMemberTally(challenge.id, teamId, agentId, result.tally);
          return result.recorded
            ? {
                kind: 'recorded' as const,
                name: agent.name || agent.id,
                points: result.checkin.points,
              }
            : { kind: 'already' as const };
        }),
      )),
    );
  }
  const record: AttendanceRecord = { recorded: [], already: [], unknown: [] };
  outcomes.forEach((outcome, index) => {
    const agentId = agentIds[index]!;
    if (outcome.kind === 'recorded') {
      record.recorded.push({ agentId, name: outcome.name, points: outcome.points });
    } else {
      record[outcome.kind].push(agentId);
    }
  });
  return record;
}
