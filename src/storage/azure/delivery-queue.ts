import { QueueClient } from '@azure/storage-queue';
import { createHash } from 'node:crypto';
import type { DeliveryMessage, ReceivedDelivery } from '../../domain/broadcast';
import { statusOf } from '../../domain/errors';
import type { DeliveryQueue } from '../../domain/ports';
import { storeAddressOf, type StoreAddress } from './store-address';

/** Deliveries per queue message: a put and a delete now serve this many cards. */
const BUNDLE = 16;
/** A queue message holds 64 KiB; a bundle's text stays under this, whatever its references weigh. */
const BUNDLE_BYTES = 48 * 1024;
/** A queue hands out at most 32 messages per receive. */
const MAX_RECEIVE = 32;

/** A delivery as stored: short keys, a few hundred bytes with the conversation reference. */
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

/** One stored delivery read back, or null when it is not one. */
function deliveryOf(value: unknown): DeliveryMessage | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const body = value as Body;
  if (typeof body.s !== 'string' || typeof body.a !== 'string') return null;
  return {
    sendId: body.s,
    agentId: body.a,
    reference: typeof body.r === 'string' ? body.r : undefined,
    locale: body.l === 'en' ? 'en' : body.l === 'fr' ? 'fr' : undefined,
    ...(body.c === 1 ? { channel: true } : {}),
    ...(typeof body.e === 'string' && typeof body.t === 'number'
      ? { etag: body.e, tries: body.t }
      : {}),
  };
}

/**
 * A queue message's items: a bundle is a JSON array of bodies; a bare body is a message of one (as older versions
 * wrote, and as `retryLater` writes). Null when the text is not JSON at all.
 */
function itemsOf(text: string): (DeliveryMessage | null)[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return Array.isArray(parsed) ? parsed.map(deliveryOf) : [deliveryOf(parsed)];
}

/**
 * One queue message as taken, shared by the deliveries it carried: what Azure needs to delete or rewrite it, and
 * which of its items are settled (deleted, or put back on their own by `retryLater`).
 */
export interface QueueBundle {
  shard: number;
  messageId: string;
  popReceipt: string;
  /** Items the message held, malformed ones included. */
  size: number;
  /** Items not settled yet: the message is deleted when none is left. */
  unsettled: number;
  settled: boolean[];
}

/** Where a taken delivery lives: its queue message, and its place in it. */
export interface QueueReceipt {
  bundle: QueueBundle;
  item: number;
}

/**
 * The Azure Storage queues that spread a send's recipients over every instance's workers, in `shards` queues
 * chosen by agent. Sharding keeps each queue short (Azurite's delete and update cost grows with the queue's
 * length; Azure's per-queue throughput is bounded too).
 *
 * A queue message carries a bundle of up to 16 deliveries of one shard: its put and its delete, two of the four
 * or so store requests a card cost, are shared by 16 cards. The port still speaks of single deliveries: each
 * one taken names its bundle, `delete` settles it, and the bundle's message is deleted once all its items are
 * settled. `retryLater` cannot hide one item of a bundle, so it puts the delivery back as a message of its own
 * and settles it in its bundle (a bundle's last unsettled item is simply rewritten in place instead).
 *
 * Why it stays correct. Deliveries stay at-least-once: a bundle not fully settled (its worker died, or one
 * attempt threw) becomes visible again after its visibility timeout, whole, and every item is tried again.
 * Cards stay at-most-once because of the delivery row, not the queue: an item already settled finds its row
 * changed since the version the message carries (the ETag-conditional `sending` write is refused), the worker
 * reads the row, sees it sent or failed, and drops the item. An item put back by `retryLater` may also come back
 * inside its old bundle, should the process die before that bundle is deleted: two messages for one delivery,
 * which the row's ETag makes at worst an early retry, never a second card.
 */
export class AzureDeliveryQueue implements DeliveryQueue<QueueReceipt> {
  private readonly clients: QueueClient[];
  private cursor = 0;
  /** What this instance has enqueued, to turn the queue's count of messages into deliveries. */
  private enqueuedDeliveries = 0;
  private enqueuedMessages = 0;

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

  /** The messages' bodies packed per shard into bundles of up to 16 (and 48 KB). */
  private pack(messages: readonly DeliveryMessage[]): { shard: number; text: string }[] {
    const byShard = new Map<number, string[]>();
    for (const message of messages) {
      const shard = this.shardOf(message.agentId);
      const bodies = byShard.get(shard) ?? [];
      bodies.push(bodyOf(message));
      byShard.set(shard, bodies);
    }
    const packed: { shard: number; text: string }[] = [];
    for (const [shard, bodies] of byShard) {
      let bundle: string[] = [];
      let bytes = 2; // the brackets
      for (const body of bodies) {
        const size = Buffer.byteLength(body) + 1; // and its comma
        if (bundle.length === BUNDLE || (bundle.length > 0 && bytes + size > BUNDLE_BYTES)) {
          packed.push({ shard, text: `[${bundle.join(',')}]` });
          bundle = [];
          bytes = 2;
        }
        bundle.push(body);
        bytes += size;
      }
      if (bundle.length > 0) packed.push({ shard, text: `[${bundle.join(',')}]` });
    }
    return packed;
  }

  /** Enqueues messages in bundles, `parallel` requests at a time (a queue takes one message per request). */
  async enqueue(messages: readonly DeliveryMessage[], parallel = 32): Promise<void> {
    const packed = this.pack(messages);
    let next = 0;
    const lane = async () => {
      while (next < packed.length) {
        const { shard, text } = packed[next++]!;
        await this.clients[shard]!.sendMessage(text);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, packed.length) }, lane));
    this.enqueuedDeliveries += messages.length;
    this.enqueuedMessages += packed.length;
  }

  /**
   * Takes deliveries, hidden from others for `visibilitySeconds`: from the current shard while it has some, else
   * from the next ones (one round at most). Malformed items are dropped.
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

  /**
   * Asks for enough bundles to make `count` deliveries and returns each bundle whole: up to `count` + 15. That is
   * fine: the worker hands what it took to its slots one by one, as it did a batch of 32, and the extra few are
   * sent well within their visibility timeout (16 cards at the app's 50 a second take a third of a second).
   */
  private async receiveFrom(
    shard: number,
    count: number,
    visibilitySeconds: number,
  ): Promise<ReceivedDelivery<QueueReceipt>[]> {
    const client = this.clients[shard]!;
    const response = await client.receiveMessages({
      numberOfMessages: Math.min(MAX_RECEIVE, Math.max(1, Math.ceil(count / BUNDLE))),
      visibilityTimeout: visibilitySeconds,
    });
    const received: ReceivedDelivery<QueueReceipt>[] = [];
    for (const message of response.receivedMessageItems) {
      const items = itemsOf(message.messageText) ?? [];
      const bundle: QueueBundle = {
        shard,
        messageId: message.messageId,
        popReceipt: message.popReceipt,
        size: items.length,
        unsettled: 0,
        // A malformed item can never be delivered: it counts as settled.
        settled: items.map((delivery) => delivery === null),
      };
      items.forEach((delivery, item) => {
        if (!delivery) return;
        bundle.unsettled += 1;
        received.push({
          ...delivery,
          handle: { bundle, item },
          dequeueCount: message.dequeueCount,
        });
      });
      // Nothing deliverable in it: drop it. Should the delete fail, it comes back after its visibility timeout
      // and is dropped then.
      if (bundle.unsettled === 0) await this.deleteBundle(bundle).catch(() => undefined);
    }
    return received;
  }

  /** Marks an item settled; true when it was its bundle's last. */
  private settle({ bundle, item }: QueueReceipt): boolean {
    if (bundle.settled[item]) return false;
    bundle.settled[item] = true;
    bundle.unsettled -= 1;
    return bundle.unsettled === 0;
  }

  private async deleteBundle(bundle: QueueBundle): Promise<void> {
    const { shard, messageId, popReceipt } = bundle;
    await this.clients[shard]!.deleteMessage(messageId, popReceipt).catch((error: unknown) => {
      if (statusOf(error) === 404) return; // already deleted: what we wanted
      // Taken again by another worker after its visibility ran out (400 PopReceiptMismatch): theirs to settle.
      if ((error as { code?: unknown }).code === 'PopReceiptMismatch') return;
      throw error;
    });
  }

  /**
   * Settles a delivery (again: nothing more); its bundle's message is deleted with its last item. Should that
   * delete fail, the bundle comes back after its visibility timeout and its settled items are dropped then.
   */
  async delete(message: ReceivedDelivery<QueueReceipt>): Promise<void> {
    if (this.settle(message.handle)) await this.deleteBundle(message.handle.bundle);
  }

  /**
   * Has a delivery wait `seconds` for its next try, written again as given, so the delivery's version it carries
   * (`etag`, `tries`) is the one the worker just wrote. A bundle cannot hide one of its items: the delivery is
   * put back as a message of its own, hidden for that long, then settled in its bundle. The last unsettled item
   * of a message (a message of one, as before bundles, or the rest of a bundle all settled) rewrites that message
   * in place instead: one request, and one copy of the delivery.
   */
  async retryLater(message: ReceivedDelivery<QueueReceipt>, seconds: number): Promise<void> {
    const { bundle, item } = message.handle;
    const client = this.clients[bundle.shard]!;
    const visibility = Math.max(0, Math.ceil(seconds));
    if (!bundle.settled[item] && bundle.unsettled === 1) {
      const updated = await client.updateMessage(
        bundle.messageId,
        bundle.popReceipt,
        bodyOf(message),
        visibility,
      );
      // The message lives on, taken again later: this taking of it is over, nothing here deletes it.
      if (updated.popReceipt) bundle.popReceipt = updated.popReceipt;
      bundle.settled[item] = true;
      bundle.unsettled = 0;
      return;
    }
    // Put first, settled after: should the put fail, the item stays in its bundle, which comes back whole.
    await client.sendMessage(bodyOf(message), { visibilityTimeout: visibility });
    if (this.settle(message.handle)) await this.deleteBundle(bundle);
  }

  /**
   * Deliveries waiting, roughly (visible or not): the fan-out keeps at most `queueWindow` deliveries in the
   * queue, and the queue counts messages. Each message is reckoned at the average bundle this instance has been
   * enqueuing (16 when it has enqueued nothing: what others enqueue is bundles too). A delivery put back alone
   * by `retryLater` is counted as a bundle: the figure errs high by a few dozen while retries wait, so the feed
   * at worst waits a little longer; it never overfills the queue.
   */
  async approximateLength(): Promise<number> {
    const lengths = await Promise.all(
      this.clients.map(
        async (client) => (await client.getProperties()).approximateMessagesCount ?? 0,
      ),
    );
    const perMessage =
      this.enqueuedMessages > 0 ? this.enqueuedDeliveries / this.enqueuedMessages : BUNDLE;
    return Math.round(lengths.reduce((sum, n) => sum + n, 0) * perMessage);
  }
}
