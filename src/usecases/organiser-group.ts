import { isOrganiser } from '../domain/agents';
import type { Directory } from '../domain/ports';
import type { UseCaseDeps } from './deps';

export interface OrganiserRefresh {
  /** Agents who hold the role through the group after the refresh. */
  fromGroup: number;
  added: number;
  removed: number;
  /** Members of the group who never used the app: no agent yet, made organisers by a later refresh. */
  waiting: number;
}

/**
 * Makes the organisers' group's transitive members organisers, and takes the role back from those who left the
 * group. Only the role the group gave is taken back: each one is marked in the roster store, so an organiser of
 * ORGANISER_IDS or of `devenir organisateur` (local mode) keeps the role whatever the group says.
 */
export async function refreshOrganisers(
  deps: Pick<UseCaseDeps, 'agents' | 'roster' | 'organiserIds'>,
  options: { directory: Directory; groupId: string },
): Promise<OrganiserRefresh> {
  const members = new Set<string>();
  for await (const id of options.directory.groupMembers(options.groupId)) members.add(id);
  const marked = new Set(await deps.roster.groupOrganisers());
  const refresh: OrganiserRefresh = { fromGroup: 0, added: 0, removed: 0, waiting: 0 };

  for (const id of members) {
    const agent = await deps.agents.get(id);
    if (!agent) {
      refresh.waiting += 1;
      continue;
    }
    if (marked.has(id)) {
      refresh.fromGroup += 1;
      // Marked but without the role: a refresh that died between the mark and the role, or a hand change.
      if (!agent.organiser) await deps.agents.setOrganiser(id, true);
      continue;
    }
    if (isOrganiser(agent, deps.organiserIds)) continue; // the role came another way: not the group's to take
    // The mark first: a crash before the role leaves a mark the next refresh completes, never a role nobody
    // knows the group gave.
    await deps.roster.setGroupOrganiser(id, true);
    await deps.agents.setOrganiser(id, true);
    refresh.fromGroup += 1;
    refresh.added += 1;
  }

  for (const id of marked) {
    if (members.has(id)) continue;
    const agent = await deps.agents.get(id);
    if (agent?.organiser) await deps.agents.setOrganiser(id, false);
    await deps.roster.setGroupOrganiser(id, false);
    refresh.removed += 1;
  }
  return refresh;
}
