import { createHash } from 'node:crypto';
import type { TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { InstallFailure, RosterEntry } from '../../domain/directory';
import type { RosterRepository, Versioned } from '../../domain/ports';
import {
  escapeOData,
  getEntityOrNull,
  isNotFound,
  isStale,
  listPartition,
  safeKey,
  type TableSet,
} from './tables';
import { submitBatch } from './table-wire';

/**
 * Roster table (docs/storage.md):
 * - PK `roster-<0…f>` (a bucket of the user id's hash), RK = user id: one row per person of the directory. A sync
 *   writes a page's rows as one entity-group transaction per bucket (≤ 100 each), the buckets in parallel, so a
 *   roster of 10,000 takes ~100 small round trips per 100 pages rather than 10,000; and the installation's
 *   claims and outcomes (ETag-conditional point writes, 30/s) spread over 16 partitions instead of one.
 * - PK `delta`, RK = scope: the delta link the scope's last complete sync ended with.
 * - PK `organiser`, RK = agent id: an organiser the organisers' group made (and only the group may unmake).
 */
const BUCKETS = 16;
const ROSTER = 'roster-';
const DELTA = 'delta';
const ORGANISER = 'organiser';
const TRANSACTION_MAX = 100;

type RosterRow = {
  userId: string;
  name: string;
  direction?: string;
  leftAt?: string;
  install: string;
  installReason?: string;
  claimedUntil?: string;
  updatedAt: string;
};

/** The bucket of a user id: stable, and spread evenly whatever the ids look like. */
export function rosterPartition(userId: string): string {
  const hash = createHash('sha1').update(userId).digest();
  return `${ROSTER}${(hash[0]! % BUCKETS).toString(16)}`;
}

/** A row's columns; a cleared field is written '' (a merge cannot remove a column) and read back as none. */
function columnsOf(changes: Partial<RosterEntry>): Partial<Record<keyof RosterRow, string>> {
  const row: Partial<Record<keyof RosterRow, string>> = {};
  for (const [key, value] of Object.entries(changes) as [keyof RosterRow, string | undefined][])
    row[key] = value ?? '';
  return row;
}

function toEntry(row: TableEntityResult<RosterRow>): Versioned<RosterEntry> {
  const text = (value: string | undefined) => (value ? value : undefined);
  const entry: RosterEntry = {
    userId: row.userId,
    name: row.name ?? '',
    direction: text(row.direction),
    leftAt: text(row.leftAt),
    install: (text(row.install) ?? 'pending') as RosterEntry['install'],
    installReason: text(row.installReason) as InstallFailure | undefined,
    claimedUntil: text(row.claimedUntil),
    updatedAt: row.updatedAt ?? '',
  };
  for (const key of Object.keys(entry) as (keyof RosterEntry)[])
    if (entry[key] === undefined) delete entry[key];
  return { ...entry, etag: row.etag };
}

export class TableRosterRepository implements RosterRepository {
  constructor(private readonly tables: Pick<TableSet, 'Roster'>) {}

  async get(userId: string): Promise<Versioned<RosterEntry> | null> {
    const row = await getEntityOrNull<RosterRow>(
      this.tables.Roster,
      rosterPartition(userId),
      safeKey(userId),
    );
    return row ? toEntry(row) : null;
  }

  async putMany(entries: readonly RosterEntry[]): Promise<void> {
    const byPartition = new Map<string, TransactionAction[]>();
    for (const entry of entries) {
      const partitionKey = rosterPartition(entry.userId);
      const actions = byPartition.get(partitionKey) ?? [];
      // Replace, not merge: a row is the whole entry, so a field the entry no longer has is gone.
      const columns = Object.fromEntries(
        Object.entries(entry).filter(([, value]) => value !== undefined),
      );
      actions.push([
        'upsert',
        { partitionKey, rowKey: safeKey(entry.userId), ...columns },
        'Replace',
      ]);
      byPartition.set(partitionKey, actions);
    }
    const transactions: TransactionAction[][] = [];
    for (const actions of byPartition.values())
      for (let i = 0; i < actions.length; i += TRANSACTION_MAX)
        transactions.push(actions.slice(i, i + TRANSACTION_MAX));
    await Promise.all(transactions.map((actions) => submitBatch(this.tables.Roster, actions)));
  }

  async update(
    userId: string,
    changes: Partial<Omit<RosterEntry, 'userId'>>,
    etag: string,
  ): Promise<string | null> {
    try {
      const result = await this.tables.Roster.updateEntity(
        { partitionKey: rosterPartition(userId), rowKey: safeKey(userId), ...columnsOf(changes) },
        'Merge',
        { etag },
      );
      return result.etag ?? null;
    } catch (error) {
      if (isStale(error) || isNotFound(error)) return null;
      throw error;
    }
  }

  async *all(): AsyncIterable<RosterEntry> {
    // The buckets are the partitions from `roster-` to just before `roster.`: one scan of the roster rows only.
    const filter = `PartitionKey ge '${escapeOData(ROSTER)}' and PartitionKey lt 'roster.'`;
    for await (const row of this.tables.Roster.listEntities<RosterRow>({
      queryOptions: { filter },
    })) {
      const { etag: _etag, ...entry } = toEntry(row);
      yield entry;
    }
  }

  async deltaLink(scope: string): Promise<string | null> {
    const row = await getEntityOrNull<{ link: string }>(this.tables.Roster, DELTA, safeKey(scope));
    return row?.link || null;
  }

  async saveDeltaLink(scope: string, link: string): Promise<void> {
    await this.tables.Roster.upsertEntity(
      { partitionKey: DELTA, rowKey: safeKey(scope), scope, link },
      'Replace',
    );
  }

  async groupOrganisers(): Promise<string[]> {
    const rows = await listPartition<{ agentId: string }>(this.tables.Roster, ORGANISER);
    return rows.map((row) => row.agentId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async setGroupOrganiser(agentId: string, fromGroup: boolean): Promise<void> {
    if (fromGroup) {
      await this.tables.Roster.upsertEntity(
        { partitionKey: ORGANISER, rowKey: safeKey(agentId), agentId },
        'Replace',
      );
      return;
    }
    await this.tables.Roster.deleteEntity(ORGANISER, safeKey(agentId)).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}
