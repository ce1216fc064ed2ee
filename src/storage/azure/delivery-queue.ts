import { QueueClient } from '@azure/storage-queue';
import { createHash } from 'node:crypto';
import type { DeliveryMessage, ReceivedDelivery } from '../../domain/broadcast';
import { statusOf } from '../../domain/errors';
import type { DeliveryQueue } from '../../domain/ports';
import { storeAddressOf, type StoreAddress } from './store-address';

/** A message as stored: short keys, a few hundred bytes with the conversation reference. */
interface Body {
  s?: unknown;
  a?: unknown;
  r?: unknown;
  l?: unknown;
  /** 1: a team channel. */
  c?: unknown;
  /** The delivery row's etag and tries when the message was written. */
  e?: unknown;
  t?: unknown;
}

function bodyOf(message: DeliveryMessage): string {
  const body: Body = {
    s: message.sendId,
    a: message.agentId,
    r: message.reference,
    l: message.locale,
  };
  if (message.channel) body.c = 1;
  if (message.etag !== undefined) {
    body.e = message.etag;
    body.t = message.tries ?? 0;
  }
  return JSON.stringify(body);
}

/** Where a taken message lives: its shard, and what Azure needs to delete or hide it again. */
export interface QueueReceipt {
  shard: number;
  messageId: string;
  popReceipt: string;
}

/**
 * The Azure Storage queues that spread a send's recipients over every instance's workers: one message per
 * recipient, in `shards` queues chosen by agent. Sharding keeps each queue short (Azurite's delete and update
 * cost grows with the queue's length; Azure's per-queue throughput is bounded too). A message becomes visible
 * again if its worker dies before deleting it: deliveries are at-least-once, the delivery row makes the card
 * at-most-once.
 */
export class AzureDeliveryQueue implements DeliveryQueue<QueueReceipt> {
  private readonly clients: QueueClient[];
  private cursor = 0;

  constructor(at: StoreAddress | string, name: string, shards = 1) {
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,55}[a-z0-9]$/.test(name))
      throw new Error(`invalid queue name "${name}"`);
    const address = storeAddressOf(at);
    const clientOf = (queue: string) =>
      address.kind === 'connection-string'
        ? new QueueClient(address.connectionString, queue)
        : new QueueClient(`${address.queueUrl.replace(/\/+$/, '')}/${queue}`, address.credential);
    this.clients = Array.from({ length: Math.max(1, shards) }, (_, i) =>
      clientOf(shards > 1 ? `${name}-${i}` : name),
    );
  }

  get shards(): number {
    return this.clients.length;
  }

  async ensure(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.createIfNotExists()));
  }

  private shardOf(agentId: string): number {
    return createHash('sha1').update(agentId).digest().readUInt32BE(0) % this.clients.length;
  }

  /** Enqueues messages, `parallel` requests at a time (a queue takes one message per request). */
  async enqueue(messages: readonly DeliveryMessage[], parallel = 32): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const message = messages[next++]!;
        await this.clients[this.shardOf(message.agentId)]!.sendMessage(bodyOf(message));
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, messages.length) }, lane));
  }

  /**
   * Takes up to `count` messages, hidden from others for `visibilitySeconds`: from the current shard while it
   * has some, else from the next ones (one round at most). Malformed messages are dropped.
   */
  async receive(
    count: number,
    visibilitySeconds: number,
  ): Promise<ReceivedDelivery<QueueReceipt>[]> {
    for (let tried = 0; tried < this.clients.length; tried += 1) {
      const shard = this.cursor;
      const received = await this.receiveFrom(shard, count, visibilitySeconds);
      if (received.length > 0) return received;
      this.cursor = (this.cursor + 1) % this.clients.length;
    }
    return [];
  }

  private async receiveFrom(
    shard: number,
    count: number,
    visibilitySeconds: number,
  ): Promise<ReceivedDelivery<QueueReceipt>[]> {
    const client = this.clients[shard]!;
    const response = await client.receiveMessages({
      numberOfMessages: Math.min(32, count),
      visibilityTimeout: visibilitySeconds,
    });
    const received: ReceivedDelivery<QueueReceipt>[] = [];
    for (const item of response.receivedMessageItems) {
      try {
        const body = JSON.parse(item.messageText) as Body;
        if (typeof body.s !== 'string' || typeof body.a !== 'string') throw new Error('bad shape');
        received.push({
          sendId: body.s,
          agentId: body.a,
          reference: typeof body.r === 'string' ? body.r : undefined,
          locale: body.l === 'en' ? 'en' : body.l === 'fr' ? 'fr' : undefined,
          ...(body.c === 1 ? { channel: true } : {}),
          ...(typeof body.e === 'string' && typeof body.t === 'number'
            ? { etag: body.e, tries: body.t }
            : {}),
          handle: { shard, messageId: item.messageId, popReceipt: item.popReceipt },
          dequeueCount: item.dequeueCount,
        });
      } catch {
        // A malformed message can never be delivered: drop it. Should the delete fail, it comes back after its
        // visibility timeout and is dropped then.
        await client.deleteMessage(item.messageId, item.popReceipt).catch(() => undefined);
      }
    }
    return received;
  }

  async delete(message: ReceivedDelivery<QueueReceipt>): Promise<void> {
    const { shard, messageId, popReceipt } = message.handle;
    await this.clients[shard]!.deleteMessage(messageId, popReceipt).catch((error: unknown) => {
      if (statusOf(error) !== 404) throw error; // already deleted: what we wanted
    });
  }

  /**
   * Hides the message for `seconds` more: how a delivery waits for its next try. The message is written again as
   * given, so the delivery's version it carries (`etag`, `tries`) is the one the worker just wrote.
   */
  async retryLater(message: ReceivedDelivery<QueueReceipt>, seconds: number): Promise<void> {
    const { shard, messageId, popReceipt } = message.handle;
    await this.clients[shard]!.updateMessage(
      messageId,
      popReceipt,
      bodyOf(message),
      Math.max(0, Math.ceil(seconds)),
    );
  }

  async approximateLength(): Promise<number> {
    const lengths = await Promise.all(
      this.clients.map(
        async (client) => (await client.getProperties()).approximateMessagesCount ?? 0,
      ),
    );
    return lengths.reduce((sum, n) => sum + n, 0);
  }
}
