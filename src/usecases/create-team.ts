import { teamChangesClosed } from '../domain/challenge';
import { DomainError, isDomainError } from '../domain/errors';
import { generateCode, teamNameKey, validateTeamName, type Team } from '../domain/teams';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** An agent founds a team; it gets a short join code to share. */
export async function createTeam(
  deps: UseCaseDeps,
  input: { agentId: string; agentName: string; name: string },
): Promise<Team> {
  const challenge = await currentChallenge(deps);
  const name = validateTeamName(input.name);
  if (teamChangesClosed(challenge, deps.clock.now())) {
    throw new DomainError('teams_closed', 'team changes are closed once the challenge has started');
  }
  const existing = await deps.teams.teamOf(challenge.id, input.agentId);
  if (existing)
    throw new DomainError('already_in_team', 'agent is already in a team', { team: existing.name });
  const tally = await deps.events.tally(challenge.id, input.agentId);
  // A fresh code collides with an existing one about once in 10^8 teams; try again when it does.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.teams.create(
        challenge.id,
        {
          id: deps.ids.id(),
          name,
          nameKey: teamNameKey(name),
          joinCode: generateCode(() => deps.ids.random()),
          createdAt: new Date(deps.clock.now()).toISOString(),
        },
        { agentId: input.agentId, name: input.agentName },
        tally,
      );
    } catch (error) {
      if (!isDomainError(error, 'conflict') || attempt >= 5) throw error;
    }
  }
}
