import type { Locale } from '../domain/agents';
import type { RosterEntry } from '../domain/directory';
import type { RecordedAnswer, RecordedCheckin } from '../domain/ports';
import type { MemberTally } from '../domain/scoring';
import type { UseCaseDeps } from './deps';

/** What the app keeps about one agent, as they may see and download it (right of access, GDPR art. 15). */
export interface AgentData {
  agentId: string;
  exportedAt: string;
  /** The agent's record; the conversation reference (a technical address for Teams) is left out. */
  agent: {
    name: string;
    direction: string | null;
    locale: Locale;
    organiser: boolean;
    reachable: boolean;
    registeredAt: string;
    /** Whether they chose to show their name to their teammates. */
    showNameToTeam: boolean;
  } | null;
  /** The running challenge's id, or null when none is set up (then only the agent and roster rows exist). */
  challengeId: string | null;
  /** The agent's own tally in the challenge (points, events, latest event). */
  tally: MemberTally | null;
  /** Their team: its name and the tally the team row holds for them (their teammates' are not theirs). */
  team: { id: string; name: string; tally: MemberTally | null } | null;
  answers: RecordedAnswer[];
  checkins: RecordedCheckin[];
  signups: { workshopId: string; workshopTitle: string; at: string }[];
  /** Their row of the directory copy (name, direction, whether the app is installed), if the roster is synced. */
  roster: Omit<RosterEntry, 'userId' | 'claimedUntil'> | null;
}

/** Every row the app holds about the agent (point and one-partition reads, and one per workshop). */
export async function agentData(
  deps: Pick<
    UseCaseDeps,
    'agents' | 'challenges' | 'teams' | 'events' | 'workshops' | 'signups' | 'roster' | 'clock'
  >,
  agentId: string,
): Promise<AgentData> {
  const [agent, challenge, rosterRow] = await Promise.all([
    deps.agents.get(agentId),
    deps.challenges.current(),
    deps.roster.get(agentId),
  ]);
  const data: AgentData = {
    agentId,
    exportedAt: new Date(deps.clock.now()).toISOString(),
    agent: agent && {
      name: agent.name,
      direction: agent.direction ?? null,
      locale: agent.locale,
      organiser: agent.organiser === true,
      reachable: agent.reachable,
      registeredAt: agent.registeredAt,
      showNameToTeam: agent.showNameToTeam === true,
    },
    challengeId: challenge?.id ?? null,
    tally: null,
    team: null,
    answers: [],
    checkins: [],
    signups: [],
    roster: null,
  };
  if (rosterRow) {
    const { userId: _userId, claimedUntil: _claim, etag: _etag, ...roster } = rosterRow;
    data.roster = roster;
  }
  if (!challenge) return data;
  const [tally, team, answers, checkins, workshops] = await Promise.all([
    deps.events.tally(challenge.id, agentId),
    deps.teams.teamOf(challenge.id, agentId),
    deps.events.answersOf(challenge.id, agentId),
    deps.events.checkinsOf(challenge.id, agentId),
    deps.workshops.list(challenge.id),
  ]);
  data.tally = tally;
  data.team = team && { id: team.id, name: team.name, tally: team.tallies[agentId] ?? null };
  data.answers = answers;
  data.checkins = checkins;
  const signedUp = await Promise.all(
    workshops.map(async (workshop) =>
      (await deps.signups.isSignedUp(challenge.id, workshop.id, agentId)) ? workshop : null,
    ),
  );
  for (const workshop of signedUp) {
    if (!workshop) continue;
    const seat = (await deps.signups.list(challenge.id, workshop.id)).find(
      (s) => s.agentId === agentId,
    );
    if (seat)
      data.signups.push({ workshopId: workshop.id, workshopTitle: workshop.title, at: seat.at });
  }
  return data;
}
