import type { Agent } from '../domain/agents';
import type { UseCaseDeps } from './deps';

/** Reads `ids`' agents a few at a time, in order (those unknown are left out): a send's listed audience. */
export async function* agentsOf(
  deps: Pick<UseCaseDeps, 'agents'>,
  ids: readonly string[],
  parallel = 16,
): AsyncIterable<Agent> {
  for (let i = 0; i < ids.length; i += parallel) {
    const agents = await Promise.all(ids.slice(i, i + parallel).map((id) => deps.agents.get(id)));
    for (const agent of agents) if (agent) yield agent;
  }
}
