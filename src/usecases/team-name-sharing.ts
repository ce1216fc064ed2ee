import { nameForTeammate } from '../domain/agents';
import { DomainError } from '../domain/errors';
import type { TeamMember } from '../domain/teams';
import type { UseCaseDeps } from './deps';

/**
 * An agent shows their name to their teammates, or hides it again (GDPR: by default teammates see "a team member";
 * the name is shown only by the agent's own choice). Organisers' pages are not concerned: they are not teammates.
 */
export async function setNameShownToTeam(
  deps: Pick<UseCaseDeps, 'agents'>,
  input: { agentId: string; show: boolean },
): Promise<{ showNameToTeam: boolean }> {
  if (!(await deps.agents.setShowNameToTeam(input.agentId, input.show)))
    throw new DomainError('agent_unknown', 'the agent has not started the app yet');
  return { showNameToTeam: input.show };
}

/**
 * The names the reader may see of their team's members, in the team's order: their own, and those of members who
 * chose to show it (null for the others). One point read per other member, in parallel (a team is small, and the
 * agents' rows are cached a little).
 */
export async function teammateNames(
  deps: Pick<UseCaseDeps, 'agents'>,
  members: readonly TeamMember[],
  readerId: string,
): Promise<(string | null)[]> {
  const shown = new Set<string>();
  await Promise.all(
    members
      .filter((m) => m.agentId !== readerId)
      .map(async (m) => {
        if ((await deps.agents.get(m.agentId))?.showNameToTeam === true) shown.add(m.agentId);
      }),
  );
  return members.map((m) => nameForTeammate(m, readerId, (id) => shown.has(id)));
}
