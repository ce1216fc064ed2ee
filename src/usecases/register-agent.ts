import type { Agent } from '../domain/agents';
import type { AgentRegistration } from '../domain/ports';
import type { UseCaseDeps } from './deps';

/** Records an agent who installed the app or wrote to the bot, with how to reach them later. */
export async function registerAgent(
  deps: Pick<UseCaseDeps, 'agents' | 'clock'>,
  registration: AgentRegistration,
): Promise<{ agent: Agent; isNew: boolean }> {
  return deps.agents.register(registration, new Date(deps.clock.now()).toISOString());
}

/** The app was uninstalled: the agent can no longer be reached, but keeps their points. */
export async function unregisterAgent(deps: Pick<UseCaseDeps, 'agents'>, agentId: string): Promise<void> {
  await deps.agents.markUnreachable(agentId);
}
