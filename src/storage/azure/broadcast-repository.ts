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

/**
 * Sends table:      PK 'send', RK = send id — the claim (owner + lease, ETag-updated) and the total;
 *                   PK 'instance', RK = instance id — heartbeats, to share the rate limit between instances.
 * Deliveries table: PK = send id, RK = agent id — one row per recipient: state, tries, reason, activity id
 *                   (created once as 'pending'; every change ETag-conditional, so two workers never both send).
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

/** Sends and deliveries in Azure Tables (see the keys above). */
export class TableBroadcastRepository implements BroadcastRepository {
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

  /** Creates 'pending' rows for recipients, 100 per transaction; rows already there are left as they are. */
  async createPending(sendId: string, agentIds: readonly string[], now: string): Promise<void> {
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
        await this.tables.Deliveries.submitTransaction(actions);
      } catch (error) {
        if (!isConflict(error)) throw error;
        // Some rows exist (a resumed send): create the others one by one.
        for (const action of actions) {
          await this.tables.Deliveries.createEntity(action[1]).catch((e: unknown) => {
            if (!isConflict(e)) throw e;
          });
        }
      }
    }
  }

  async getDelivery(sendId: string, agentId: string): Promise<Versioned<Delivery> | null> {
    const row = await getEntityOrNull<DeliveryRow>(
      this.tables.Deliveries,
      sendId,
      safeKey(agentId),
    );
    return row ? { ...toDelivery(sendId, row), etag: row.etag } : null;
  }

  /** Writes a delivery's new state if nobody changed it since `etag`; returns the new etag, or null if they did. */
  async updateDelivery(delivery: Delivery, etag: string): Promise<string | null> {
    try {
      const result = await this.tables.Deliveries.updateEntity(
        {
          partitionKey: delivery.sendId,
          rowKey: safeKey(delivery.agentId),
          agentId: delivery.agentId,
          state: delivery.state,
          tries: delivery.tries,
          reason: delivery.reason ?? '',
          activityId: delivery.activityId ?? '',
          sendingUntil: delivery.sendingUntil ?? 0,
          updatedAt: delivery.updatedAt,
        },
        'Replace',
        { etag },
      );
      return result.etag ?? '';
    } catch (error) {
      if (isStale(error)) return null;
      throw error;
    }
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
