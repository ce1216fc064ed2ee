import { isDomainError } from '../domain/errors';
import type { UseCaseDeps } from './deps';
import { requireOrganiser } from './organisers';

/** What an erasure removed; all zero / null / false when there was nothing left to erase. */
export interface Erasure {
  agentId: string;
  /** The team the agent was taken out of (its ranking now counts only the others). */
  team: { id: string; name: string; members: number } | null;
  /** Answers and check-ins deleted, with the agent's tally. */
  events: number;
  /** Workshops whose seat was given back. */
  signups: string[];
  checkinGuard: boolean;
  agent: boolean;
  /** Whether anything at all was erased (a second erasure finds nothing). */
  erased: boolean;
}

/**
 * An organiser erases one agent (right to erasure, GDPR art. 17): out of their team first (so an answer in flight
 * no longer reaches the team row), then their seats, their events and tally, their wrong-code guard, their record.
 * Idempotent: run again, it removes whatever a concurrent answer left and reports nothing otherwise. The roster
 * row (the directory's copy) is kept as it is, so the sync does not install the app again for them.
 */
export async function eraseAgent(
  deps: Pick<
    UseCaseDeps,
    | 'agents'
    | 'organiserIds'
    | 'challenges'
    | 'teams'
    | 'events'
    | 'workshops'
    | 'signups'
    | 'checkinGuards'
  >,
  input: { by: string; agentId: string },
): Promise<Erasure> {
  await requireOrganiser(deps, input.by);
  const { agentId } = input;
  const erasure: Erasure = {
    agentId,
    team: null,
    events: 0,
    signups: [],
    checkinGuard: false,
    agent: false,
    erased: false,
  };
  const challenge = await deps.challenges.current();
  if (challenge) {
    // Removing the membership takes the agent's tally off the team row with it: the team is then ranked exactly
    // as the spec ranks it without this agent (an emptied team goes, and is no longer ranked).
    const left = await deps.teams.removeMember(challenge.id, agentId);
    if (left) erasure.team = { id: left.id, name: left.name, members: left.members.length };
    for (const workshop of await deps.workshops.list(challenge.id)) {
      if (!(await deps.signups.isSignedUp(challenge.id, workshop.id, agentId))) continue;
      try {
        await deps.signups.cancel(challenge.id, workshop.id, agentId);
        erasure.signups.push(workshop.id);
      } catch (error) {
        // Cancelled meanwhile (the agent, or a concurrent erasure): the seat is back either way.
        if (!isDomainError(error, 'not_signed_up')) throw error;
      }
    }
    erasure.events = await deps.events.eraseAgent(challenge.id, agentId);
    erasure.checkinGuard = await deps.checkinGuards.clear(challenge.id, agentId);
  }
  erasure.agent = await deps.agents.remove(agentId);
  erasure.erased =
    erasure.team !== null ||
    erasure.events > 0 ||
    erasure.signups.length > 0 ||
    erasure.checkinGuard ||
    erasure.agent;
  return erasure;
}
