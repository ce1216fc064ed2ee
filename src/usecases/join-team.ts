import { isOrganiser } from '../domain/agents';
import { teamChangesClosed } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import { assertCanJoin, normaliseCode, type Team } from '../domain/teams';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** An agent joins a team with its code (before the challenge starts). */
export async function joinTeam(
  deps: UseCaseDeps,
  input: { agentId: string; agentName: string; code: string },
): Promise<Team> {
  const challenge = await currentChallenge(deps);
  const code = normaliseCode(input.code);
  const team = code ? await deps.teams.findByCode(challenge.id, code) : null;
  if (!team)
    throw new DomainError('team_code_unknown', 'no team has this code', {
      code: input.code.slice(0, 12),
    });
  if (teamChangesClosed(challenge, deps.clock.now())) {
    throw new DomainError('teams_closed', 'team changes are closed once the challenge has started');
  }
  const current = await deps.teams.teamOf(challenge.id, input.agentId);
  if (current) {
    throw new DomainError('already_in_team', 'agent is already in a team', { team: current.name });
  }
  const tally = await deps.events.tally(challenge.id, input.agentId);
  return deps.teams.addMember(
    challenge.id,
    team.id,
    { agentId: input.agentId, name: input.agentName },
    tally,
    (fresh) => assertCanJoin(fresh, input.agentId, challenge.maxTeamSize),
  );
}

/** An organiser moves an agent into a team, even after the start (and over the size limit, knowingly). */
export async function moveAgentToTeam(
  deps: UseCaseDeps,
  input: { organiserId: string; agentId: string; code: string },
): Promise<Team> {
  const organiser = await deps.agents.get(input.organiserId);
  if (!organiser || !isOrganiser(organiser, deps.organiserIds)) {
    throw new DomainError('not_organiser', 'only organisers may move agents');
  }
  const challenge = await currentChallenge(deps);
  const agent = await deps.agents.get(input.agentId);
  if (!agent)
    throw new DomainError('agent_unknown', 'no such agent', { agent: input.agentId.slice(0, 40) });
  const code = normaliseCode(input.code);
  const team = code ? await deps.teams.findByCode(challenge.id, code) : null;
  if (!team)
    throw new DomainError('team_code_unknown', 'no team has this code', {
      code: input.code.slice(0, 12),
    });
  if ((await deps.teams.teamIdOf(challenge.id, agent.id)) === team.id) {
    throw new DomainError('already_in_team', 'agent is already in this team', { team: team.name });
  }
  await deps.teams.removeMember(challenge.id, agent.id);
  const tally = await deps.events.tally(challenge.id, agent.id);
  return deps.teams.addMember(
    challenge.id,
    team.id,
    { agentId: agent.id, name: agent.name },
    tally,
    (fresh) => {
      if (fresh.members.some((m) => m.agentId === agent.id)) {
        throw new DomainError('already_in_team', 'agent is already in this team', {
          team: fresh.name,
        });
      }
    },
  );
}
