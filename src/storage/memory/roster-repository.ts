import type { RosterEntry } from '../../domain/directory';
import type { RosterRepository, Versioned } from '../../domain/ports';
import { byKey, copy } from './copy';

/**
 * In-memory twin of TableRosterRepository: one row per person, every conditional change checked against the
 * version read (as the table's ETags are), delta links by scope, and the marks of the organisers' group.
 */
export class MemoryRosterRepository implements RosterRepository {
  private readonly entries = new Map<string, Versioned<RosterEntry>>();
  private readonly deltaLinks = new Map<string, string>();
  private readonly organisers = new Set<string>();
  private version = 0;

  private nextEtag(): string {
    this.version += 1;
    return `r${this.version}`;
  }

  async get(userId: string): Promise<Versioned<RosterEntry> | null> {
    const entry = this.entries.get(userId);
    return entry ? copy(entry) : null;
  }

  async putMany(entries: readonly RosterEntry[]): Promise<void> {
    for (const entry of entries)
      this.entries.set(entry.userId, { ...tidy(copy(entry)), etag: this.nextEtag() });
  }

  async update(
    userId: string,
    changes: Partial<Omit<RosterEntry, 'userId'>>,
    etag: string,
  ): Promise<string | null> {
    const entry = this.entries.get(userId);
    if (!entry || entry.etag !== etag) return null;
    const next = { ...tidy({ ...entry, ...copy(changes), userId }), etag: this.nextEtag() };
    this.entries.set(userId, next);
    return next.etag;
  }

  async *all(): AsyncIterable<RosterEntry> {
    const entries = [...this.entries.values()].sort((a, b) => byKey(a.userId, b.userId));
    for (const { etag: _etag, ...entry } of entries) yield copy(entry);
  }

  async deltaLink(scope: string): Promise<string | null> {
    return this.deltaLinks.get(scope) ?? null;
  }

  async saveDeltaLink(scope: string, link: string): Promise<void> {
    this.deltaLinks.set(scope, link);
  }

  async groupOrganisers(): Promise<string[]> {
    return [...this.organisers].sort(byKey);
  }

  async setGroupOrganiser(agentId: string, fromGroup: boolean): Promise<void> {
    if (fromGroup) this.organisers.add(agentId);
    else this.organisers.delete(agentId);
  }
}

/** A field set to undefined is gone, as a cleared column is in the table: the twin hands back the same shape. */
function tidy<T extends object>(entry: T): T {
  for (const key of Object.keys(entry) as (keyof T)[])
    if (entry[key] === undefined) delete entry[key];
  return entry;
}
