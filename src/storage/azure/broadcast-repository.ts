import type { TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { Delivery, DeliveryState, SendRecord } from '../../domain/broadcast';
import type { BroadcastRepository, Versioned } from '../../domain/ports';
import {
  getEntityOrNull,
  isConflict,
  isStale,
  listPartition,
  safeKey,
  type TableSet,
} from './tables';
import { replaceEntity, submitBatch } from './table-wire';

/**
 * Sends table:      PK 'send', RK = send id — the claim (owner + lease, ETag-updated) and the total;
 *                   PK 'instance', RK = instance id — heartbeats, to share the rate limit between instances.
 * Deliveries table: PK = send id, RK = agent id — one row per recipient: state, tries, reason, activity id
 *                   (created once as 'pending'; every change ETag-conditional, so two workers never both send;
 *                   outcomes of one send written together, see updateDelivery).
 */
interface SendRow {
  kind: string;
  challengeId: string;
  subject: string;
  state: string;
  owner: string;
  leaseUntil: number;
  total: number;
  createdAt: string;
  requestedBy: string;
  cancelledAt?: string;
  cancelledBy?: string;
}

interface DeliveryRow {
  agentId: string;
  state: string;
  tries: number;
  reason?: string;
  activityId?: string;
  sendingUntil?: number;
  updatedAt: string;
}

const SEND = 'send';
const INSTANCE = 'instance';

function toSend(row: TableEntityResult<SendRow>): SendRecord {
  return {
    id: row.rowKey!,
    kind: row.kind as SendRecord['kind'],
    challengeId: row.challengeId,
    subject: row.subject,
    state: row.state as SendRecord['state'],
    owner: row.owner,
    leaseUntil: row.leaseUntil,
    total: row.total,
    createdAt: row.createdAt,
    requestedBy: row.requestedBy,
    ...(row.cancelledAt
      ? { cancelledAt: row.cancelledAt, cancelledBy: row.cancelledBy ?? '' }
      : {}),
  };
}

function toDelivery(sendId: string, row: DeliveryRow): Delivery {
  return {
    sendId,
    agentId: row.agentId,
    state: row.state as DeliveryState,
    tries: row.tries,
    reason: row.reason || undefined,
    activityId: row.activityId || undefined,
    sendingUntil: row.sendingUntil || undefined,
    updatedAt: row.updatedAt,
  };
}

/** A delivery row as written (Replace: every column). */
type DeliveryEntity = DeliveryRow & { partitionKey: string; rowKey: string };

function entityOf(delivery: Delivery): DeliveryEntity {
  return {
    partitionKey: delivery.sendId,
    rowKey: safeKey(delivery.agentId),
    agentId: delivery.agentId,
    state: delivery.state,
    tries: delivery.tries,
    reason: delivery.reason ?? '',
    activityId: delivery.activityId ?? '',
    sendingUntil: delivery.sendingUntil ?? 0,
    updatedAt: delivery.updatedAt,
  };
}

/** A row key as a transaction's answer gives it (from a URL: maybe percent-encoded), against ours. */
function sameKey(answered: string, key: string): boolean {
  if (answered === key) return true;
  try {
    return decodeURIComponent(answered) === key;
  } catch {
    return false;
  }
}

/** How long an outcome waits for others of its send, and how many one transaction takes. */
const OUTCOME_WINDOW_MS = 100;
const MAX_TRANSACTION = 100;

interface OutcomeWrite {
  entity: DeliveryEntity;
  etag: string;
  resolve(etag: string | null): void;
  reject(error: unknown): void;
}

/** Sends and deliveries in Azure Tables (see the keys above). */
export class TableBroadcastRepository implements BroadcastRepository {
  /** Outcome writes waiting to go together, by send (see updateDelivery). */
  private readonly outcomes = new Map<string, { writes: OutcomeWrite[]; timer: NodeJS.Timeout }>();

  constructor(private readonly tables: TableSet) {}

  /**
   * Claims a send: the first to create its row owns it; a claim whose lease has run out is taken over.
   * Returns the record and whether this caller now owns it.
   */
  async claim(send: SendRecord, now: number): Promise<{ owned: boolean; send: SendRecord }> {
    const entity = { partitionKey: SEND, rowKey: send.id, ...rowOf(send) };
    try {
      await this.tables.Sends.createEntity(entity);
      return { owned: true, send };
    } catch (error) {
      // 409: the send is claimed already; whether it may be taken over is read below.
      if (!isConflict(error)) throw error;
    }
    const row = await this.tables.Sends.getEntity<SendRow>(SEND, send.id);
    const existing = toSend(row);
    if (existing.state === 'enqueued' || existing.leaseUntil > now)
      return { owned: false, send: existing };
    const takenOver = { ...existing, owner: send.owner, leaseUntil: send.leaseUntil };
    try {
      await this.tables.Sends.updateEntity(
        { partitionKey: SEND, rowKey: send.id, ...rowOf(takenOver) },
        'Replace',
        {
          etag: row.etag,
        },
      );
      return { owned: true, send: takenOver };
    } catch (error) {
      if (isStale(error)) return { owned: false, send: existing };
      throw error;
    }
  }

  /** Extends the owner's lease, or records the send as fully enqueued; false when the claim was lost. */
  async updateClaim(
    sendId: string,
    owner: string,
    changes: Partial<Pick<SendRecord, 'leaseUntil' | 'state' | 'total'>>,
  ): Promise<boolean> {
    // A 412 may be our own other write (a renewal crossing the final update): the claim is lost only if the
    // row names another owner.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const row = await this.tables.Sends.getEntity<SendRow>(SEND, sendId);
      if (row.owner !== owner) return false;
      try {
        await this.tables.Sends.updateEntity(
          { partitionKey: SEND, rowKey: sendId, ...changes },
          'Merge',
          { etag: row.etag },
        );
        return true;
      } catch (error) {
        if (!isStale(error)) throw error;
      }
    }
    return false;
  }

  async getSend(sendId: string): Promise<SendRecord | null> {
    const row = await getEntityOrNull<SendRow>(this.tables.Sends, SEND, sendId);
    return row ? toSend(row) : null;
  }

  /** Merges the cancel mark into the claim row, unless one is there already (the first cancel is the one told). */
  async cancel(sendId: string, by: string, at: string): Promise<SendRecord | null> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const row = await getEntityOrNull<SendRow>(this.tables.Sends, SEND, sendId);
      if (!row) return null;
      if (row.cancelledAt) return toSend(row);
      try {
        await this.tables.Sends.updateEntity(
          { partitionKey: SEND, rowKey: sendId, cancelledAt: at, cancelledBy: by },
          'Merge',
          { etag: row.etag },
        );
        return toSend({ ...row, cancelledAt: at, cancelledBy: by });
      } catch (error) {
        // 412: the owner renewed its lease meanwhile; read again.
        if (!isStale(error)) throw error;
      }
    }
    throw new Error(`send ${sendId}: could not record its cancellation`);
  }

  async listSends(): Promise<SendRecord[]> {
    const rows = await listPartition<SendRow>(this.tables.Sends, SEND);
    return rows.map(toSend).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Creates 'pending' rows for recipients, 100 per transaction; rows already there are left as they are. Returns
   * the etag of each row created (a transaction's answer carries them): the worker's first write needs no read.
   */
  async createPending(
    sendId: string,
    agentIds: readonly string[],
    now: string,
  ): Promise<ReadonlyMap<string, string>> {
    const etags = new Map<string, string>();
    for (let i = 0; i < agentIds.length; i += 100) {
      const chunk = agentIds.slice(i, i + 100);
      const actions: TransactionAction[] = chunk.map((agentId) => [
        'create',
        {
          partitionKey: sendId,
          rowKey: safeKey(agentId),
          agentId,
          state: 'pending',
          tries: 0,
          updatedAt: now,
        },
      ]);
      try {
        const result = await submitBatch(this.tables.Deliveries, actions);
        // The answers come in the order of the actions; the row key, when the answer names it, confirms it.
        chunk.forEach((agentId, index) => {
          const { etag, rowKey } = result.subResponses[index] ?? {};
          if (etag && (rowKey === undefined || sameKey(rowKey, safeKey(agentId))))
            etags.set(agentId, etag);
        });
      } catch (error) {
        if (!isConflict(error)) throw error;
        // Some rows exist (a resumed send): create the others one by one.
        for (const action of actions) {
          const created = await this.tables.Deliveries.createEntity(action[1]).catch(
            (e: unknown) => {
              if (!isConflict(e)) throw e;
              return null;
            },
          );
          if (created?.etag) etags.set(action[1].agentId as string, created.etag);
        }
      }
    }
    return etags;
  }

  async getDelivery(sendId: string, agentId: string): Promise<Versioned<Delivery> | null> {
    const row = await getEntityOrNull<DeliveryRow>(
      this.tables.Deliveries,
      sendId,
      safeKey(agentId),
    );
    return row ? { ...toDelivery(sendId, row), etag: row.etag } : null;
  }

  /**
   * Writes a delivery's new state if nobody changed it since `etag`; returns the new etag, or null if they did.
   *
   * A 'sending' mark goes at once: a request waits on it. An outcome (sent, failed, skipped, pending again) waits
   * up to OUTCOME_WINDOW_MS for the outcomes of the same send, and they go together as one entity-group
   * transaction (the send is their partition): at 50 cards a second, one store call records about five cards
   * instead of one. Each write keeps its own ETag condition; should any be refused (412: the row changed, say
   * an attempt settled after its lease), the transaction changes nothing and each write is made alone, so each
   * caller still learns its own answer. Nothing is lost by waiting: a card whose outcome was not yet written
   * when the process died is a 'sending' row, settled after its lease like any attempt cut short.
   */
  async updateDelivery(delivery: Delivery, etag: string): Promise<string | null> {
    const entity = entityOf(delivery);
    if (delivery.state === 'sending') return this.writeDelivery(entity, etag);
    return new Promise((resolve, reject) => {
      let group = this.outcomes.get(delivery.sendId);
      if (group?.writes.some((write) => write.entity.rowKey === entity.rowKey)) {
        // The same row twice in a window (an entity appears once in a transaction): this one goes alone.
        this.writeDelivery(entity, etag).then(resolve, reject);
        return;
      }
      if (!group) {
        const sendId = delivery.sendId;
        group = { writes: [], timer: setTimeout(() => void this.flush(sendId), OUTCOME_WINDOW_MS) };
        this.outcomes.set(sendId, group);
      }
      group.writes.push({ entity, etag, resolve, reject });
      if (group.writes.length >= MAX_TRANSACTION) void this.flush(delivery.sendId);
    });
  }

  private async writeDelivery(entity: DeliveryEntity, etag: string): Promise<string | null> {
    try {
      const result = await replaceEntity(this.tables.Deliveries, entity, etag);
      return result.etag ?? '';
    } catch (error) {
      if (isStale(error)) return null;
      throw error;
    }
  }

  /** Writes a send's waiting outcomes: together when they can, each alone when the transaction is refused. */
  private async flush(sendId: string): Promise<void> {
    const group = this.outcomes.get(sendId);
    if (!group) return;
    this.outcomes.delete(sendId);
    clearTimeout(group.timer);
    const { writes } = group;
    if (writes.length > 1) {
      try {
        const result = await submitBatch(
          this.tables.Deliveries,
          writes.map(({ entity, etag }): TransactionAction => [
            'update',
            { ...entity },
            'Replace',
            { etag },
          ]),
        );
        writes.forEach((write, index) => write.resolve(result.subResponses[index]?.etag ?? ''));
        return;
      } catch {
        // A refused condition (or any failure) fails the whole transaction: each write on its own below.
      }
    }
    await Promise.all(
      writes.map((write) =>
        this.writeDelivery(write.entity, write.etag).then(write.resolve, write.reject),
      ),
    );
  }

  async listDeliveries(sendId: string): Promise<Delivery[]> {
    const rows = await listPartition<DeliveryRow>(this.tables.Deliveries, sendId);
    return rows.map((row) => toDelivery(sendId, row));
  }

  /** Says this instance is alive; returns how many instances were seen within `windowMs`. */
  async heartbeat(instanceId: string, now: number, windowMs: number): Promise<number> {
    await this.tables.Sends.upsertEntity(
      { partitionKey: INSTANCE, rowKey: instanceId, seenAt: now },
      'Replace',
    );
    const rows = await listPartition<{ seenAt: number }>(this.tables.Sends, INSTANCE);
    return Math.max(1, rows.filter((row) => row.seenAt > now - windowMs).length);
  }
}

function rowOf(send: SendRecord): SendRow {
  return {
    kind: send.kind,
    challengeId: send.challengeId,
    subject: send.subject,
    state: send.state,
    owner: send.owner,
    leaseUntil: send.leaseUntil,
    total: send.total,
    createdAt: send.createdAt,
    requestedBy: send.requestedBy,
    ...(send.cancelledAt ? { cancelledAt: send.cancelledAt, cancelledBy: send.cancelledBy } : {}),
  };
}
