import type { Delivery, SendRecord } from '../../domain/broadcast';
import type { BroadcastRepository, Versioned } from '../../domain/ports';
import { byKey, copy } from './copy';

/**
 * In-memory twin of TableBroadcastRepository: sends claimed once (a dead owner's claim taken over after its
 * lease), one delivery per recipient, every change checked against the version read, as the table's ETags do.
 */
export class MemoryBroadcastRepository implements BroadcastRepository {
  private readonly sends = new Map<string, Versioned<SendRecord>>();
  private readonly deliveries = new Map<string, Map<string, Versioned<Delivery>>>();
  private readonly instances = new Map<string, number>();
  private version = 0;

  private nextEtag(): string {
    this.version += 1;
    return `v${this.version}`;
  }

  private sendOf(sendId: string): Versioned<SendRecord> {
    const send = this.sends.get(sendId);
    if (!send) throw new Error(`no send ${sendId}`);
    return send;
  }

  async claim(send: SendRecord, now: number): Promise<{ owned: boolean; send: SendRecord }> {
    const existing = this.sends.get(send.id);
    if (!existing) {
      this.sends.set(send.id, { ...copy(send), etag: this.nextEtag() });
      return { owned: true, send: copy(send) };
    }
    const { etag: _etag, ...record } = copy(existing);
    if (record.state === 'enqueued' || record.leaseUntil > now)
      return { owned: false, send: record };
    const takenOver = { ...record, owner: send.owner, leaseUntil: send.leaseUntil };
    this.sends.set(send.id, { ...copy(takenOver), etag: this.nextEtag() });
    return { owned: true, send: takenOver };
  }

  async updateClaim(
    sendId: string,
    owner: string,
    changes: Partial<Pick<SendRecord, 'leaseUntil' | 'state' | 'total'>>,
  ): Promise<boolean> {
    const send = this.sendOf(sendId);
    if (send.owner !== owner) return false;
    this.sends.set(sendId, { ...send, ...changes, etag: this.nextEtag() });
    return true;
  }

  async getSend(sendId: string): Promise<SendRecord | null> {
    const send = this.sends.get(sendId);
    if (!send) return null;
    const { etag: _etag, ...record } = copy(send);
    return record;
  }

  async cancel(sendId: string, by: string, at: string): Promise<SendRecord | null> {
    const send = this.sends.get(sendId);
    if (!send) return null;
    if (!send.cancelledAt)
      this.sends.set(sendId, { ...send, cancelledAt: at, cancelledBy: by, etag: this.nextEtag() });
    return this.getSend(sendId);
  }

  async listSends(): Promise<SendRecord[]> {
    const sends = [...this.sends.values()].map(({ etag: _etag, ...record }) => copy(record));
    return sends.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createPending(
    sendId: string,
    agentIds: readonly string[],
    now: string,
  ): Promise<ReadonlyMap<string, string>> {
    const rows = this.deliveries.get(sendId) ?? new Map<string, Versioned<Delivery>>();
    this.deliveries.set(sendId, rows);
    const etags = new Map<string, string>();
    for (const agentId of agentIds) {
      if (rows.has(agentId)) continue;
      const etag = this.nextEtag();
      rows.set(agentId, { sendId, agentId, state: 'pending', tries: 0, updatedAt: now, etag });
      etags.set(agentId, etag);
    }
    return etags;
  }

  async getDelivery(sendId: string, agentId: string): Promise<Versioned<Delivery> | null> {
    const row = this.deliveries.get(sendId)?.get(agentId);
    return row ? copy(row) : null;
  }

  async updateDelivery(delivery: Delivery, etag: string): Promise<string | null> {
    const rows = this.deliveries.get(delivery.sendId);
    const row = rows?.get(delivery.agentId);
    if (!rows || !row || row.etag !== etag) return null;
    const written = { ...copy(delivery), etag: this.nextEtag() };
    rows.set(delivery.agentId, written);
    return written.etag;
  }

  async listDeliveries(sendId: string): Promise<Delivery[]> {
    const rows = [...(this.deliveries.get(sendId)?.values() ?? [])].sort((a, b) =>
      byKey(a.agentId, b.agentId),
    );
    return rows.map(({ etag: _etag, ...delivery }) => copy(delivery));
  }

  async heartbeat(instanceId: string, now: number, windowMs: number): Promise<number> {
    this.instances.set(instanceId, now);
    return Math.max(
      1,
      [...this.instances.values()].filter((seenAt) => seenAt > now - windowMs).length,
    );
  }
}
