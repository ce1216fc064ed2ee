import { teamChangesClosed } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import type { Team } from '../domain/teams';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** An agent leaves their team (before the challenge starts); an emptied team disappears. */
export async function leaveTeam(deps: UseCaseDeps, input: { agentId: string }): Promise<Team> {
  const challenge = await currentChallenge(deps);
  const current = await deps.teams.teamOf(challenge.id, input.agentId);
  if (!current) throw new DomainError('not_in_team', 'agent is in no team');
  if (teamChangesClosed(challenge, deps.clock.now())) {
    throw new DomainError('teams_closed', 'team changes are closed once the challenge has started');
  }
  const left = await deps.teams.removeMember(challenge.id, input.agentId);
  return left ?? current;
}
