import type { Agent } from '../../domain/agents';
import type { AgentNameSharing, AgentRegistration, AgentRepository } from '../../domain/ports';
import { byKey, copy } from './copy';

/** In-memory twin of TableAgentRepository: one record per agent id. */
export class MemoryAgentRepository implements AgentRepository, AgentNameSharing {
  private readonly agents = new Map<string, Agent>();

  async get(agentId: string): Promise<Agent | null> {
    const agent = this.agents.get(agentId);
    return agent ? copy(agent) : null;
  }

  async register(
    registration: AgentRegistration,
    now: string,
  ): Promise<{ agent: Agent; isNew: boolean }> {
    const known = this.agents.get(registration.id);
    if (!known) {
      const agent: Agent = {
        id: registration.id,
        tenantId: registration.tenantId,
        name: registration.name,
        locale: registration.locale,
        direction: undefined,
        reachable: true,
        conversationReference: registration.conversationReference,
        registeredAt: now,
        organiser: false,
        showNameToTeam: false,
      };
      this.agents.set(agent.id, agent);
      return { agent: copy(agent), isNew: true };
    }
    // As the table does: an empty name or tenant does not erase the known one; registration date, role and
    // direction are kept.
    const agent: Agent = {
      ...known,
      name: registration.name || known.name,
      tenantId: registration.tenantId || known.tenantId,
      locale: registration.locale,
      reachable: true,
      conversationReference: registration.conversationReference,
    };
    this.agents.set(agent.id, agent);
    return { agent: copy(agent), isNew: false };
  }

  async markUnreachable(agentId: string): Promise<void> {
    // An unknown agent is ignored, as the table ignores its 404.
    const agent = this.agents.get(agentId);
    if (agent) this.agents.set(agentId, { ...agent, reachable: false });
  }

  async setOrganiser(agentId: string, organiser: boolean): Promise<void> {
    const agent = this.agents.get(agentId);
    // The table's merge fails (404) on an unknown agent: so does the twin.
    if (!agent) throw new Error(`no agent "${agentId}" to make organiser`);
    this.agents.set(agentId, { ...agent, organiser });
  }

  async organisers(): Promise<ReadonlySet<string>> {
    return new Set([...this.agents.values()].filter((a) => a.organiser).map((a) => a.id));
  }

  async setDirection(agentId: string, direction: string | undefined): Promise<void> {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`no agent "${agentId}" to place in a direction`);
    this.agents.set(agentId, { ...agent, direction: direction || undefined });
  }

  async setShowNameToTeam(agentId: string, show: boolean): Promise<boolean> {
    // As the table's merge: an unknown agent is not created (404 there, false here).
    const agent = this.agents.get(agentId);
    if (!agent) return false;
    this.agents.set(agentId, { ...agent, showNameToTeam: show });
    return true;
  }

  async *all(): AsyncIterable<Agent> {
    const agents = [...this.agents.values()].sort((a, b) => byKey(a.id, b.id));
    for (const agent of agents) yield copy(agent);
  }

  async remove(agentId: string): Promise<boolean> {
    return this.agents.delete(agentId);
  }
}
