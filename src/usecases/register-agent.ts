import type { Agent, Locale } from '../domain/agents';
import type { UseCaseDeps } from './deps';

/** The longest name kept for an agent; Teams display names are far shorter. */
const NAME_MAX = 120;

/** What an activity says about the agent who sent it. */
export interface AgentSighting {
  id: string;
  tenantId: string;
  /** The name the channel gave; empty when it gave none. */
  name: string;
  locale: Locale;
  /** How to write to the agent later: only their personal chat says it, so undefined anywhere else. */
  conversationReference?: string;
}

/** Whether what an activity says is already what we know: nothing to write. */
function alreadyKnown(known: Agent, sighting: AgentSighting): boolean {
  return (
    known.reachable &&
    (sighting.conversationReference === undefined ||
      known.conversationReference === sighting.conversationReference) &&
    known.locale === sighting.locale &&
    (known.name === sighting.name || !sighting.name)
  );
}

/**
 * Records an agent who installed the app or wrote to the bot, with how to reach them later; writes only when
 * something changed, since every message and card click comes through here.
 */
export async function registerAgent(
  deps: Pick<UseCaseDeps, 'agents' | 'clock' | 'roster'>,
  seen: AgentSighting,
): Promise<{ agent: Agent; isNew: boolean }> {
  const sighting = { ...seen, name: seen.name.slice(0, NAME_MAX) };
  const known = await deps.agents.get(sighting.id);
  if (known && alreadyKnown(known, sighting)) return { agent: known, isNew: false };
  const registered = await deps.agents.register(
    {
      id: sighting.id,
      tenantId: sighting.tenantId,
      name: sighting.name || known?.name || 'Agent',
      locale: sighting.locale,
      conversationReference: sighting.conversationReference ?? known?.conversationReference ?? '',
    },
    new Date(deps.clock.now()).toISOString(),
  );
  // A newcomer the roster sync already saw (the app installed for them): their direction is known before they
  // first write, so announcements and figures by direction count them at once.
  if (!registered.isNew) return registered;
  const direction = (await deps.roster.get(sighting.id))?.direction;
  if (!direction || registered.agent.direction === direction) return registered;
  await deps.agents.setDirection(sighting.id, direction);
  return { ...registered, agent: { ...registered.agent, direction } };
}

/** The app was uninstalled: the agent can no longer be reached, but keeps their points. */
export async function unregisterAgent(
  deps: Pick<UseCaseDeps, 'agents'>,
  agentId: string,
): Promise<void> {
  await deps.agents.markUnreachable(agentId);
}
