import type { TableClient } from '@azure/data-tables';
import type { RetentionStore } from '../../domain/ports';
import type { KeptFigures, PurgeStep, RetainedFigures } from '../../domain/retention';
import {
  escapeOData,
  getEntityOrNull,
  isConflict,
  isNotFound,
  prefixEnd,
  safeKey,
  type TableSet,
} from './tables';
import { submitBatch } from './table-wire';

/**
 * The retention purge on the tables themselves (docs/storage.md for the keys, docs/rgpd.md § 10 for what goes).
 * It reads the keys of each kind of row of an ended challenge by range or filtered scans — a batch job run once
 * per challenge, never on a request's path — and deletes them by partition, 100 to a transaction.
 *
 * The figures kept are a row of the Challenges table (PK `figures`, RK = challenge id), so that no new table is
 * needed: written once before any deletion, then marked `purgedAt` when every step is done. A crash between leaves
 * the figures and some rows; a rerun finds the rows left and deletes them.
 */

interface FiguresRow {
  challengeId: string;
  keptAt: string;
  purgedAt: string;
  parts: number;
  [part: `figures${number}`]: string;
}

interface Key {
  partitionKey: string;
  rowKey: string;
}

const FIGURES = 'figures';
const CHALLENGE = 'challenge';
const CURRENT = '_current';
const TRANSACTION_MAX = 100;
/** A string column holds 64 KiB (32 K UTF-16 characters): the JSON is cut in parts below that. */
const PART_CHARS = 30_000;

/** A filter on the partitions `<prefix>…`: the challenge's `<challenge>|<agent or workshop>` partitions. */
function partitionsStartingWith(prefix: string): string {
  return `PartitionKey ge '${escapeOData(prefix)}' and PartitionKey lt '${escapeOData(prefixEnd(prefix))}'`;
}

export class TableRetentionStore implements RetentionStore {
  constructor(private readonly tables: TableSet) {}

  async challengeIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const row of this.tables.Challenges.listEntities({
      queryOptions: { filter: `PartitionKey eq '${CHALLENGE}'`, select: ['RowKey'] },
    })) {
      if (row.rowKey && row.rowKey !== CURRENT) ids.push(row.rowKey);
    }
    return ids;
  }

  async figures(challengeId: string): Promise<KeptFigures | null> {
    const row = await getEntityOrNull<FiguresRow>(
      this.tables.Challenges,
      FIGURES,
      safeKey(challengeId),
    );
    return row ? keptOf(row) : null;
  }

  async keepFigures(figures: RetainedFigures): Promise<KeptFigures> {
    const json = JSON.stringify(figures);
    const row: FiguresRow = {
      challengeId: figures.challengeId,
      keptAt: figures.keptAt,
      purgedAt: '',
      parts: Math.max(1, Math.ceil(json.length / PART_CHARS)),
    };
    for (let i = 0; i < row.parts; i += 1)
      row[`figures${i}`] = json.slice(i * PART_CHARS, (i + 1) * PART_CHARS);
    try {
      // Created once: figures computed on a rerun would count what the first run already deleted.
      await this.tables.Challenges.createEntity({
        partitionKey: FIGURES,
        rowKey: safeKey(figures.challengeId),
        ...row,
      });
      return { figures, purgedAt: null };
    } catch (error) {
      if (!isConflict(error)) throw error;
      const kept = await this.figures(figures.challengeId);
      if (!kept) throw error;
      return kept;
    }
  }

  async markPurged(challengeId: string, at: string): Promise<void> {
    await this.tables.Challenges.updateEntity(
      { partitionKey: FIGURES, rowKey: safeKey(challengeId), purgedAt: at },
      'Merge',
    );
  }

  async purge(challengeId: string, step: PurgeStep, options: { dryRun: boolean }): Promise<number> {
    const { tables } = this;
    const own = partitionsStartingWith(`${challengeId}|`);
    const thisPartition = `PartitionKey eq '${escapeOData(challengeId)}'`;
    const sendsOf = `PartitionKey eq 'send' and challengeId eq '${escapeOData(challengeId)}'`;
    switch (step) {
      case 'events':
        return this.remove(tables.Events, await keys(tables.Events, own), options);
      case 'signups':
        return this.remove(tables.Signups, await keys(tables.Signups, own), options);
      case 'checkinGuards':
        return this.remove(tables.CheckinGuards, await keys(tables.CheckinGuards, own), options);
      case 'teams':
        return this.remove(tables.Teams, await keys(tables.Teams, thisPartition), options);
      case 'announcements':
        return this.remove(
          tables.Announcements,
          await keys(tables.Announcements, thisPartition),
          options,
        );
      case 'deliveries': {
        let count = 0;
        for (const send of await keys(tables.Sends, sendsOf)) {
          const partition = `PartitionKey eq '${escapeOData(send.rowKey)}'`;
          count += await this.remove(
            tables.Deliveries,
            await keys(tables.Deliveries, partition),
            options,
          );
        }
        return count;
      }
      case 'sends':
        return this.remove(tables.Sends, await keys(tables.Sends, sendsOf), options);
      case 'materials':
        return this.scrubMaterials(challengeId, options);
      case 'agents':
        return this.removeAgentsNoLongerNeeded(options);
      case 'roster':
        return this.remove(
          tables.Roster,
          await keys(tables.Roster, `${rosterRows()} and leftAt gt ''`),
          options,
        );
    }
  }

  /** The library keeps the materials (what the week taught), not who added them. */
  private async scrubMaterials(challengeId: string, options: { dryRun: boolean }) {
    const filter = `PartitionKey eq '${escapeOData(challengeId)}' and RowKey ge 'material:' and RowKey lt '${prefixEnd('material:')}' and addedBy gt ''`;
    const rows = await keys(this.tables.Workshops, filter);
    if (options.dryRun) return rows.length;
    for (const row of rows) {
      try {
        await this.tables.Workshops.updateEntity({ ...row, addedBy: '' }, 'Merge');
      } catch (error) {
        if (!isNotFound(error)) throw error; // removed meanwhile: nothing to scrub
      }
    }
    return rows.length;
  }

  /**
   * Agents who can no longer be written to (the app uninstalled) or who left the directory: their row served only
   * to reach them. Those still reachable keep theirs (name, direction, how to reach them) while the app stays
   * installed for them: the next challenge needs it, and the directory refreshes it.
   */
  private async removeAgentsNoLongerNeeded(options: { dryRun: boolean }) {
    const left = new Set<string>();
    for await (const row of this.tables.Roster.listEntities<{ userId: string }>({
      queryOptions: { filter: `${rosterRows()} and leftAt gt ''`, select: ['userId'] },
    })) {
      left.add(row.userId);
    }
    const rows: Key[] = [];
    for await (const row of this.tables.Agents.listEntities<{
      agentId: string;
      reachable: boolean;
    }>({
      queryOptions: {
        filter: `RowKey eq 'agent'`,
        select: ['PartitionKey', 'RowKey', 'agentId', 'reachable'],
      },
    })) {
      if (row.reachable === false || left.has(row.agentId))
        rows.push({ partitionKey: row.partitionKey!, rowKey: row.rowKey! });
    }
    return this.remove(this.tables.Agents, rows, options);
  }

  /** Deletes rows by partition, 100 to a transaction; a row deleted meanwhile is not an error. */
  private async remove(
    client: TableClient,
    rows: readonly Key[],
    options: { dryRun: boolean },
  ): Promise<number> {
    if (options.dryRun) return rows.length;
    const byPartition = new Map<string, Key[]>();
    for (const row of rows) {
      const list = byPartition.get(row.partitionKey) ?? [];
      list.push(row);
      byPartition.set(row.partitionKey, list);
    }
    let deleted = 0;
    for (const list of byPartition.values()) {
      for (let i = 0; i < list.length; i += TRANSACTION_MAX) {
        const chunk = list.slice(i, i + TRANSACTION_MAX);
        try {
          await submitBatch(
            client,
            chunk.map((row) => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]),
          );
        } catch (error) {
          // One row of the chunk went meanwhile (an erasure, another purge): the others one by one.
          if (!isNotFound(error)) throw error;
          for (const row of chunk) {
            try {
              await client.deleteEntity(row.partitionKey, row.rowKey);
            } catch (single) {
              if (!isNotFound(single)) throw single;
            }
          }
        }
        deleted += chunk.length;
      }
    }
    return deleted;
  }
}

/** The roster's people: partitions `roster-0` to `roster-f` (not its `delta` and `organiser` rows). */
function rosterRows(): string {
  return `PartitionKey ge 'roster-' and PartitionKey lt 'roster.'`;
}

/** The keys of the rows a filter selects (keys only: nothing else is read). */
async function keys(client: TableClient, filter: string): Promise<Key[]> {
  const rows: Key[] = [];
  for await (const row of client.listEntities({
    queryOptions: { filter, select: ['PartitionKey', 'RowKey'] },
  })) {
    rows.push({ partitionKey: row.partitionKey!, rowKey: row.rowKey! });
  }
  return rows;
}

function keptOf(row: FiguresRow): KeptFigures {
  let json = '';
  for (let i = 0; i < row.parts; i += 1) json += row[`figures${i}`] ?? '';
  return { figures: JSON.parse(json) as RetainedFigures, purgedAt: row.purgedAt || null };
}
