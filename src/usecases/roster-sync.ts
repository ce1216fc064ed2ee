import type { Agent } from '../domain/agents';
import {
  directionOf,
  type DirectoryUser,
  type RosterEntry,
  type RosterScope,
  type RosterSyncSummary,
} from '../domain/directory';
import type { Directory, RosterRepository } from '../domain/ports';
import type { UseCaseDeps } from './deps';

/** How far a sync has gone, after each page (for the CLI's progress bar). */
export interface RosterSyncProgress {
  pages: number;
  seen: number;
}

export interface RosterSyncOptions {
  directory: Directory;
  scope: RosterScope;
  /** The sync's instant (ISO): rows written and leavers are stamped with it. */
  now: string;
  onProgress?: (progress: RosterSyncProgress) => void;
}

/** The key under which a scope's delta link is kept. */
export function rosterScopeKey(scope: RosterScope): string {
  return scope.kind === 'tenant' ? 'tenant' : `group:${scope.groupId}`;
}

/**
 * Brings the roster up to date with the directory: newcomers wait for the app's installation, names and
 * directions follow the directory (onto the agents too), and leavers are marked and no longer sent anything
 * (their points stay). The delta link is saved only once the last page is written, so a sync that dies is read
 * again from where the last complete one ended; rows already written then compare equal and count for nothing.
 */
export async function syncRoster(
  deps: Pick<UseCaseDeps, 'agents' | 'roster'>,
  options: RosterSyncOptions,
): Promise<RosterSyncSummary> {
  const { directory, scope, now } = options;
  const scopeKey = rosterScopeKey(scope);
  const summary: RosterSyncSummary = { seen: 0, added: 0, changed: 0, left: 0, withoutApp: 0 };

  // One scan each of the roster and the agents, rather than a point read per person of a 10,000-person roster.
  const known = new Map<string, RosterEntry>();
  for await (const entry of deps.roster.all()) known.set(entry.userId, entry);
  const agents = new Map<string, Agent>();
  for await (const agent of deps.agents.all()) agents.set(agent.id, agent);

  const leave = async (userId: string): Promise<void> => {
    const entry = known.get(userId);
    if (!entry || entry.leftAt) return;
    await amend(deps.roster, userId, (fresh) =>
      fresh.leftAt ? null : { leftAt: now, updatedAt: now },
    );
    known.set(userId, { ...entry, leftAt: now });
    summary.left += 1;
    // Nothing more goes to them; their answers, check-ins and team stay where they are.
    const agent = agents.get(userId);
    if (agent?.reachable) await deps.agents.markUnreachable(userId);
  };

  const placeAgent = async (user: DirectoryUser): Promise<void> => {
    const agent = agents.get(user.id);
    const direction = directionOf(user);
    if (!agent || agent.direction === direction) return;
    await deps.agents.setDirection(user.id, direction);
    agents.set(user.id, { ...agent, direction });
  };

  const link = scope.kind === 'tenant' ? await deps.roster.deltaLink(scopeKey) : null;
  const seenIds = new Set<string>();
  let nextLink: string | undefined;
  let pages = 0;
  for await (const page of directory.roster(scope, link ?? undefined)) {
    const added: RosterEntry[] = [];
    const updates: Promise<void>[] = [];
    for (const user of page.users) {
      summary.seen += 1;
      seenIds.add(user.id);
      const entry = known.get(user.id);
      if (!user.accountEnabled) {
        // A disabled account is a leaver whose account is kept a while; one never seen is nobody to us.
        updates.push(leave(user.id));
        continue;
      }
      updates.push(placeAgent(user));
      const direction = directionOf(user);
      if (!entry) {
        const fresh: RosterEntry = {
          userId: user.id,
          name: user.name,
          ...(direction ? { direction } : {}),
          install: 'pending',
          updatedAt: now,
        };
        added.push(fresh);
        known.set(user.id, fresh);
        summary.added += 1;
        continue;
      }
      if (entry.name === user.name && entry.direction === direction && !entry.leftAt) continue;
      // A changed name or direction, or someone back (their installation state is kept).
      const changes = { name: user.name, direction, leftAt: undefined, updatedAt: now };
      updates.push(amend(deps.roster, user.id, () => changes));
      known.set(user.id, { ...entry, ...changes });
      summary.changed += 1;
    }
    for (const userId of page.removed) updates.push(leave(userId));
    await Promise.all([deps.roster.putMany(added), ...updates]);
    if (page.deltaLink) nextLink = page.deltaLink;
    pages += 1;
    options.onProgress?.({ pages, seen: summary.seen });
  }

  // A group is read whole: whoever is not in it any more has left.
  if (scope.kind === 'group')
    for (const entry of [...known.values()])
      if (!seenIds.has(entry.userId)) await leave(entry.userId);
  if (nextLink) await deps.roster.saveDeltaLink(scopeKey, nextLink);

  for (const entry of known.values())
    if (!entry.leftAt && entry.install !== 'installed') summary.withoutApp += 1;
  return summary;
}

/**
 * Writes changes to a row against its fresh etag, reading again when someone wrote in between (an installation
 * claiming or settling the row): a sync never undoes an installation's outcome. `change` answers null when
 * there is nothing left to write.
 */
async function amend(
  roster: RosterRepository,
  userId: string,
  change: (fresh: RosterEntry) => Partial<Omit<RosterEntry, 'userId'>> | null,
): Promise<void> {
  for (let tries = 0; tries < 10; tries += 1) {
    const fresh = await roster.get(userId);
    if (!fresh) return;
    const changes = change(fresh);
    if (!changes) return;
    if ((await roster.update(userId, changes, fresh.etag)) !== null) return;
  }
  throw new Error(`the roster row of ${userId} kept changing; try the sync again`);
}
