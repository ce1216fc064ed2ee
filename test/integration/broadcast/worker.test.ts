import type { Agent } from '../../../src/domain/agents';
import type { SendRecord } from '../../../src/domain/broadcast';
import type { Messenger } from '../../../src/domain/ports';
import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import { RateLimiter } from '../../../src/broadcast/rate-limiter';
import { DeliveryWorker } from '../../../src/broadcast/worker';
import { silentLogger } from '../../../src/log';
import { AzureDeliveryQueue, azureRepositories, openTables } from '../../../src/storage/azure';
import { testConnectionString, uniquePrefix } from '../../support/storage';
import { reachableRecipients } from '../../../src/domain/broadcast';

async function* listed<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

/** The worker against a real Azurite queue and tables, with a scripted messenger instead of Teams. */
function agent(id: string): Agent {
  return {
    id,
    tenantId: 't',
    name: id,
    locale: 'fr',
    reachable: true,
    conversationReference: `{"conversation":{"id":"${id}"}}`,
    registeredAt: '',
  };
}

async function setup(messenger: Messenger, options: { maxTries?: number; agents?: Agent[] } = {}) {
  const prefix = uniquePrefix();
  const tables = await openTables(testConnectionString(), prefix);
  const { broadcasts } = azureRepositories(tables);
  const queue = new AzureDeliveryQueue(testConnectionString(), `${prefix}-q`, 3);
  await queue.ensure();
  const people = options.agents ?? [agent('a1'), agent('a2'), agent('a3')];
  const unreachable: string[] = [];
  const clock = { now: () => Date.now() };
  const worker = new DeliveryWorker(
    {
      broadcasts,
      queue,
      agents: {
        get: async (id: string) => people.find((p) => p.id === id) ?? null,
        markUnreachable: async (id: string) => void unreachable.push(id),
      },
      messenger,
      payloads: {
        quiz: async () => ({ text: 'card' }),
        reminder: async () => null,
        announcement: async () => null,
        podium: async () => null,
        'workshop-reminder': async () => null,
      },
      limiter: new RateLimiter(1000),
      clock,
      log: silentLogger,
      random: () => 0, // shortest backoff
    },
    {
      concurrency: 4,
      maxTries: options.maxTries ?? 3,
      visibilitySeconds: 30,
      sendingLeaseMs: 30_000,
      idlePollMs: 20,
    },
  );
  const fanOut = new QueuedFanOut({
    broadcasts,
    queue,
    clock,
    log: silentLogger,
    instanceId: 'test',
  });
  const start = (kind: SendRecord['kind'] = 'quiz') =>
    fanOut.start({
      kind,
      challengeId: 'c1',
      subject: 'j1',
      requestedBy: 'test',
      recipients: async function* () {
        yield* reachableRecipients(listed(people));
      },
    });
  const settle = async (sendId: string) => {
    for (let i = 0; i < 200; i += 1) {
      const deliveries = await broadcasts.listDeliveries(sendId);
      if (deliveries.every((d) => d.state !== 'pending' && d.state !== 'sending'))
        return deliveries;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('deliveries did not settle');
  };
  return { broadcasts, queue, worker, start, settle, unreachable };
}

describe('DeliveryWorker', () => {
  it('counts its own tries honestly and gives up after maxTries, recording why', async () => {
    const calls: string[] = [];
    const messenger: Messenger = {
      update: async () => undefined,
      send: async (reference) => {
        calls.push(reference);
        throw Object.assign(new Error('boom'), { statusCode: 502 });
      },
    };
    const { worker, start, settle } = await setup(messenger, {
      maxTries: 3,
      agents: [agent('a1')],
    });
    worker.start();
    const { send } = await start();
    const [delivery] = await settle(send.id);
    await worker.stop();
    expect(delivery).toMatchObject({ state: 'failed', tries: 3, reason: 'HTTP 502 after 3 tries' });
    expect(calls).toHaveLength(3);
  }, 30_000);

  it('retries a transient failure and sends once', async () => {
    let failures = 2;
    const sent: string[] = [];
    const messenger: Messenger = {
      update: async () => undefined,
      send: async (reference) => {
        if (failures-- > 0) throw Object.assign(new Error('unavailable'), { statusCode: 503 });
        sent.push(reference);
        return `id-${sent.length}`;
      },
    };
    const { worker, start, settle } = await setup(messenger, { agents: [agent('a1')] });
    worker.start();
    const { send } = await start();
    const [delivery] = await settle(send.id);
    await worker.stop();
    expect(delivery).toMatchObject({ state: 'sent', tries: 3, activityId: 'id-1' });
    expect(sent).toHaveLength(1);
  }, 30_000);

  it('never sends twice when the same delivery is queued twice and two workers race for it', async () => {
    const sent: string[] = [];
    const messenger: Messenger = {
      update: async () => undefined,
      send: async (reference) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        sent.push(reference);
        return 'id';
      },
    };
    const { worker, start, settle, queue } = await setup(messenger);
    const { send } = await start();
    await queue.enqueue([
      { sendId: send.id, agentId: 'a1' },
      { sendId: send.id, agentId: 'a1' },
      { sendId: send.id, agentId: 'a2' },
    ]);
    worker.start();
    await settle(send.id);
    await worker.stop();
    expect(sent.sort()).toEqual(
      [agent('a1'), agent('a2'), agent('a3')].map((a) => a.conversationReference).sort(),
    );
  }, 30_000);

  it('treats an attempt that died mid-request as sent rather than risk a second card', async () => {
    const sent: string[] = [];
    const { worker, start, settle, broadcasts } = await setup(
      {
        update: async () => undefined,
        send: async (r) => {
          sent.push(r);
          return undefined;
        },
      },
      { agents: [agent('a1')] },
    );
    const { send } = await start();
    // A previous worker marked the delivery 'sending' and died before recording the outcome.
    const found = (await broadcasts.getDelivery(send.id, 'a1'))!;
    const { etag, ...delivery } = found;
    await broadcasts.updateDelivery(
      { ...delivery, state: 'sending', tries: 1, sendingUntil: Date.now() - 1 },
      etag,
    );
    worker.start();
    const [settled] = await settle(send.id);
    await worker.stop();
    expect(settled).toMatchObject({
      state: 'sent',
      reason: expect.stringContaining('unconfirmed'),
    });
    expect(sent).toHaveLength(0);
  }, 30_000);

  it('marks agents whose conversation is gone (403/404) unreachable without retrying', async () => {
    const messenger: Messenger = {
      update: async () => undefined,
      send: async () => Promise.reject(Object.assign(new Error('gone'), { statusCode: 404 })),
    };
    const { worker, start, settle, unreachable } = await setup(messenger, {
      agents: [agent('a1')],
    });
    worker.start();
    const { send } = await start();
    const [delivery] = await settle(send.id);
    await worker.stop();
    expect(delivery).toMatchObject({ state: 'failed', tries: 1 });
    expect(unreachable).toEqual(['a1']);
  }, 30_000);

  it('skips agents the payload has nothing for', async () => {
    const { worker, start, settle } = await setup({
      send: async () => 'x',
      update: async () => undefined,
    });
    worker.start();
    const { send } = await start('reminder');
    const deliveries = await settle(send.id);
    await worker.stop();
    expect(deliveries.map((d) => d.state)).toEqual(['skipped', 'skipped', 'skipped']);
  }, 30_000);
});
