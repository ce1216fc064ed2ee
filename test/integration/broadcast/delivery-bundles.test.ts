import { QueueClient } from '@azure/storage-queue';
import { createHash } from 'node:crypto';
import type { DeliveryMessage, ReceivedDelivery } from '../../../src/domain/broadcast';
import { AzureDeliveryQueue, type QueueReceipt } from '../../../src/storage/azure';
import { testConnectionString, uniquePrefix } from '../../support/storage';

/** AzureDeliveryQueue packs deliveries into queue messages of 16, on a real Azurite queue. */

function buildDelivery(i: number, options: Partial<DeliveryMessage> = {}): DeliveryMessage {
  return {
    sendId: 'quiz.c1.j1',
    agentId: `agent-${i}`,
    reference: JSON.stringify({ conversation: { id: `conv-${i}` }, serviceUrl: 'https://smba/' }),
    locale: i % 2 === 0 ? 'fr' : 'en',
    ...(i % 5 === 0 ? { channel: true } : {}),
    ...(i % 3 === 0
      ? {}
      : { etag: `W/"datetime'2026-11-23T08%3A00%3A0${i % 10}Z'"`, tries: i % 4 }),
    ...options,
  };
}

function deliveries(count: number, from = 0): DeliveryMessage[] {
  return Array.from({ length: count }, (_, i) => buildDelivery(from + i));
}

/** What a received delivery carries, without the queue's own fields. */
function carried(received: ReceivedDelivery<QueueReceipt>): DeliveryMessage {
  const { handle: _handle, dequeueCount: _count, ...delivery } = received;
  return Object.fromEntries(
    Object.entries(delivery).filter(([, value]) => value !== undefined),
  ) as unknown as DeliveryMessage;
}

const byAgent = (a: { agentId: string }, b: { agentId: string }) =>
  a.agentId.localeCompare(b.agentId);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setup(shards = 1) {
  const name = `${uniquePrefix()}-q`;
  const queue = new AzureDeliveryQueue(testConnectionString(), name, shards);
  await queue.ensure();
  const raw = Array.from(
    { length: shards },
    (_, i) => new QueueClient(testConnectionString(), shards > 1 ? `${name}-${i}` : name),
  );
  /** Messages in the shard's queue, visible or not. */
  const stored = async (shard = 0) =>
    (await raw[shard]!.getProperties()).approximateMessagesCount ?? 0;
  /** How many deliveries each visible message of the shard holds. */
  const peekSizes = async (shard = 0) =>
    (await raw[shard]!.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((item) => {
      const parsed: unknown = JSON.parse(item.messageText);
      return Array.isArray(parsed) ? parsed.length : 1;
    });
  return { queue, raw, stored, peekSizes };
}

describe('AzureDeliveryQueue bundles', () => {
  it('packs 40 deliveries into 3 queue messages of 16, 16 and 8', async () => {
    // Given a queue of one shard
    const { queue, stored, peekSizes } = await setup();
    // When 40 deliveries are enqueued
    await queue.enqueue(deliveries(40));
    // Then the queue holds 3 messages, and the fan-out still counts deliveries
    expect(await stored()).toBe(3);
    expect((await peekSizes()).sort((a, b) => b - a)).toEqual([16, 16, 8]);
    expect(await queue.approximateLength()).toBe(40);
  });

  it('gives every delivery back with its fields intact', async () => {
    const { queue } = await setup();
    const sent = deliveries(40);
    await queue.enqueue(sent);
    // When a worker asks for 40 (3 queue messages)
    const received = await queue.receive(40, 30);
    // Then every delivery comes back as it went: reference, locale, channel flag, etag and tries
    expect(received.map(carried).sort(byAgent)).toEqual([...sent].sort(byAgent));
    expect(received.every((r) => r.dequeueCount === 1)).toBe(true);
    expect(new Set(received.map((r) => r.handle.bundle)).size).toBe(3);
  });

  it('returns whole bundles: asked for 4, a worker gets the 16 of one message', async () => {
    const { queue } = await setup();
    await queue.enqueue(deliveries(32));
    const received = await queue.receive(4, 30);
    expect(received).toHaveLength(16);
  });

  it('deletes a bundle once all its items are deleted, and brings back whole one that is not', async () => {
    // Given two bundles taken with a 1 s visibility
    const { queue, stored } = await setup();
    await queue.enqueue(deliveries(32));
    const received = await queue.receive(32, 1);
    const [first, second] = [...new Set(received.map((r) => r.handle.bundle))];
    const itemsOf = (bundle: unknown) => received.filter((r) => r.handle.bundle === bundle);
    // When every item of the first and all but one of the second are deleted
    await Promise.all(itemsOf(first).map((r) => queue.delete(r)));
    await Promise.all(
      itemsOf(second)
        .slice(1)
        .map((r) => queue.delete(r)),
    );
    // Then only the second message is left, and it comes back after its visibility timeout with all 16 items
    expect(await stored()).toBe(1);
    expect(await queue.receive(32, 30)).toEqual([]);
    await sleep(1500);
    const again = await queue.receive(32, 30);
    expect(again.map(carried).sort(byAgent)).toEqual(itemsOf(second).map(carried).sort(byAgent));
    expect(again.every((r) => r.dequeueCount === 2)).toBe(true);
  });

  it('puts a retried item back on its own, hidden for the delay, and settles it in its bundle', async () => {
    // Given a bundle of 3 taken
    const { queue, stored } = await setup();
    await queue.enqueue(deliveries(3, 1));
    const [retried, ...others] = await queue.receive(16, 30);
    // When one item waits for a second try, written with the row's new version
    await queue.retryLater({ ...retried!, etag: 'W/"new"', tries: 2 }, 1.2);
    // Then a second message holds it, hidden for now
    expect(await stored()).toBe(2);
    expect(await queue.receive(16, 30)).toEqual([]);
    // And its bundle goes with the other two items: the retried one is settled
    await Promise.all(others.map((r) => queue.delete(r)));
    expect(await stored()).toBe(1);
    // And after the delay it comes back alone, carrying the new version
    await sleep(2100);
    const [again, ...more] = await queue.receive(16, 30);
    expect(more).toEqual([]);
    expect(carried(again!)).toEqual({ ...carried(retried!), etag: 'W/"new"', tries: 2 });
    expect(again!.dequeueCount).toBe(1);
  });

  it('rewrites in place the last unsettled item of a bundle rather than putting a copy', async () => {
    const { queue, stored } = await setup();
    await queue.enqueue(deliveries(2, 1));
    const [done, retried] = await queue.receive(16, 30);
    await queue.delete(done!);
    // When the bundle's last item is retried
    await queue.retryLater({ ...retried!, etag: 'W/"v2"', tries: 1 }, 0);
    // Then the same message, rewritten, holds it alone
    expect(await stored()).toBe(1);
    const [again, ...more] = await queue.receive(16, 30);
    expect(more).toEqual([]);
    expect(carried(again!)).toEqual({ ...carried(retried!), etag: 'W/"v2"', tries: 1 });
    expect(again!.dequeueCount).toBe(2);
  });

  it('still reads a single-delivery message written by an older version, and hides it in place', async () => {
    // Given a message of the old format: one bare body
    const { queue, raw, stored } = await setup();
    await raw[0]!.sendMessage(
      JSON.stringify({ s: 'quiz.c1.j1', a: 'agent-old', r: '{"conversation":{}}', l: 'en', c: 1 }),
    );
    // When it is received and retried
    const [old, ...more] = await queue.receive(32, 30);
    expect(more).toEqual([]);
    expect(carried(old!)).toEqual({
      sendId: 'quiz.c1.j1',
      agentId: 'agent-old',
      reference: '{"conversation":{}}',
      locale: 'en',
      channel: true,
    });
    await queue.retryLater(old!, 0);
    // Then it stays one message, and comes back
    expect(await stored()).toBe(1);
    const [again] = await queue.receive(32, 30);
    expect(again!.agentId).toBe('agent-old');
    await queue.delete(again!);
    expect(await stored()).toBe(0);
  });

  it('drops malformed items and delivers the rest; a wholly malformed message is deleted', async () => {
    const { queue, raw, stored } = await setup();
    await raw[0]!.sendMessage(
      JSON.stringify([{ s: 'quiz.c1.j1', a: 'agent-1' }, { oops: 1 }, 42, { s: 'x' }]),
    );
    await raw[0]!.sendMessage('not json');
    await raw[0]!.sendMessage('[]');
    // When they are received (asked for 48: three queue messages)
    const received = await queue.receive(48, 30);
    // Then the one good delivery comes, the malformed messages are gone
    expect(received.map(carried)).toEqual([{ sendId: 'quiz.c1.j1', agentId: 'agent-1' }]);
    expect(await stored()).toBe(1);
    // And its bundle goes with it: the malformed items count as settled
    await queue.delete(received[0]!);
    expect(await stored()).toBe(0);
  });

  it('takes a second delete of the same item as nothing', async () => {
    const { queue, stored } = await setup();
    await queue.enqueue(deliveries(2));
    const [first, second] = await queue.receive(16, 30);
    // When one item is deleted twice
    await queue.delete(first!);
    await queue.delete(first!);
    // Then its bundle still waits for the other
    expect(await stored()).toBe(1);
    await queue.delete(second!);
    await queue.delete(second!);
    expect(await stored()).toBe(0);
  });

  it('takes a bundle taken again by another worker (its receipt gone stale) as theirs to delete', async () => {
    // given a bundle taken with a 1 s visibility, then taken again by another worker once it showed again
    const { queue, stored } = await setup();
    await queue.enqueue(deliveries(2));
    const mine = await queue.receive(16, 1);
    await sleep(1500);
    const theirs = await queue.receive(16, 30);

    // when the first worker settles its items late: the queue refuses its old pop receipt
    for (const item of mine) await queue.delete(item);

    // then nothing is thrown, and the bundle waits for the worker that holds it now
    expect(await stored()).toBe(1);
    for (const item of theirs) await queue.delete(item);
    expect(await stored()).toBe(0);
  });

  it('keeps each agent on its shard', async () => {
    // Given two shards
    const { queue, raw } = await setup(2);
    const shardOf = (agentId: string) =>
      createHash('sha1').update(agentId).digest().readUInt32BE(0) % 2;
    // When 40 deliveries are enqueued
    await queue.enqueue(deliveries(40));
    // Then each shard's messages hold only its agents
    for (const shard of [0, 1]) {
      const { peekedMessageItems } = await raw[shard]!.peekMessages({ numberOfMessages: 32 });
      const agents = peekedMessageItems.flatMap((item) =>
        (JSON.parse(item.messageText) as { a: string }[]).map((body) => body.a),
      );
      expect(agents.length).toBeGreaterThan(0);
      expect(agents.every((agentId) => shardOf(agentId) === shard)).toBe(true);
    }
    // And what the queue gives back names the right shard
    const received = [...(await queue.receive(32, 30)), ...(await queue.receive(32, 30))];
    expect(received).toHaveLength(40);
    expect(received.every((r) => r.handle.bundle.shard === shardOf(r.agentId))).toBe(true);
  });
});
