import { isOrganiser } from '../domain/agents';
import { DomainError } from '../domain/errors';
import type { UseCaseDeps } from './deps';

/**
 * Whether an agent holds the organiser role: named in ORGANISER_IDS (never seen by the bot, maybe), or granted in
 * the store.
 */
export async function organises(
  deps: Pick<UseCaseDeps, 'agents' | 'organiserIds'>,
  agentId: string,
): Promise<boolean> {
  if (deps.organiserIds.has(agentId)) return true;
  const agent = await deps.agents.get(agentId);
  return isOrganiser({ id: agentId, organiser: agent?.organiser }, deps.organiserIds);
}

/**
 * Whether a screen should show the agent the organisers' pages: ORGANISER_IDS, or the store's organisers as last
 * scanned (AgentRepository.organisers: up to a minute old). No read of the agent: a hint, never a permission.
 */
export async function showsOrganiserPages(
  deps: Pick<UseCaseDeps, 'agents' | 'organiserIds'>,
  agentId: string,
): Promise<boolean> {
  return deps.organiserIds.has(agentId) || (await deps.agents.organisers()).has(agentId);
}

/** Throws not_organiser unless the agent organises: every organiser use case checks it, whatever the edge did. */
export async function requireOrganiser(
  deps: Pick<UseCaseDeps, 'agents' | 'organiserIds'>,
  agentId: string,
): Promise<void> {
  if (!(await organises(deps, agentId))) throw new DomainError('not_organiser', 'organisers only');
}
