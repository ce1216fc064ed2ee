import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import { RateLimiter } from '../../../src/broadcast/rate-limiter';
import { DeliveryWorker } from '../../../src/broadcast/worker';
import type { Agent } from '../../../src/domain/agents';
import type { SendKind } from '../../../src/domain/broadcast';
import type { Messenger, OutgoingActivity } from '../../../src/domain/ports';
import { silentLogger } from '../../../src/log';
import { MemoryBroadcastRepository } from '../../../src/storage/memory/broadcast-repository';
import { MemoryDeliveryQueue } from '../../../src/storage/memory/delivery-queue';
import { buildAgent } from '../../support/builders';
import { clockAt } from '../../support/clock';
import { reachableRecipients } from '../../../src/domain/broadcast';

async function* listed<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

const AT_NINE = '2026-11-23T09:00:30+01:00';
const SEND = 'quiz.c1.j1';

/** A connector error as botbuilder's client throws it: a status, and the answer's headers. */
function connectorError(status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${status}`), {
    statusCode: status,
    response: { status, headers: { get: (name: string) => headers[name.toLowerCase()] ?? null } },
  });
}

/** A messenger that plays `script` (an error to throw, or an activity id), then sends fine. */
function scriptedMessenger(...script: (Error | string)[]) {
  const sent: { reference: string; activity: OutgoingActivity }[] = [];
  let calls = 0;
  const messenger: Messenger = {
    update: async () => undefined,
    send: async (reference, activity) => {
      calls += 1;
      const next = script.shift();
      if (next instanceof Error) throw next;
      sent.push({ reference, activity });
      return next ?? `activity-${sent.length}`;
    },
  };
  return { messenger, sent, calls: () => calls };
}

/** One worker on in-memory twins, with a send of `kind` to `agents` already started; moved by hand. */
async function aSendUnderWay(
  messenger: Messenger,
  options: { agents?: Agent[]; kind?: SendKind; maxTries?: number; limiter?: RateLimiter } = {},
) {
  const clock = clockAt(AT_NINE);
  const broadcasts = new MemoryBroadcastRepository();
  const queue = new MemoryDeliveryQueue(clock);
  const agents = options.agents ?? [buildAgent()];
  const kind = options.kind ?? 'quiz';
  const unreachable: string[] = [];
  /** A worker on these stores; another one plays a second instance, or the same one restarted. */
  const workerWith = (limiter: RateLimiter) =>
    new DeliveryWorker(
      {
        broadcasts,
        queue,
        agents: {
          get: async (id) => agents.find((agent) => agent.id === id) ?? null,
          markUnreachable: async (id) => void unreachable.push(id),
        },
        messenger,
        payloads: {
          quiz: async (_send, recipient) => ({
            text: `quiz for ${recipient.agentId} in ${recipient.locale}`,
          }),
          reminder: async () => null,
          announcement: async () => null,
          podium: async () => null,
          'workshop-reminder': async () => null,
        },
        limiter,
        clock,
        log: silentLogger,
        random: () => 0, // the shortest backoff: 100 ms, so the message is hidden one second
      },
      {
        concurrency: 4,
        maxTries: options.maxTries ?? 3,
        visibilitySeconds: 60,
        sendingLeaseMs: 30_000,
        idlePollMs: 10,
      },
    );
  const worker = workerWith(options.limiter ?? new RateLimiter(1_000_000));
  const fanOut = new QueuedFanOut({
    broadcasts,
    queue,
    clock,
    log: silentLogger,
    instanceId: 'test',
  });
  await fanOut.start({
    kind,
    challengeId: 'c1',
    subject: 'j1',
    requestedBy: 'test',
    recipients: async function* () {
      yield* reachableRecipients(listed(agents));
    },
  });
  /** The worker takes what the queue shows now and tries each: one turn of its loop. */
  const turn = async () => {
    for (const message of await queue.receive(32, 60)) await worker.process(message);
  };
  const deliveryOf = async (agent: Agent) =>
    (await broadcasts.getDelivery(`${kind}.c1.j1`, agent.id))!;
  return { clock, broadcasts, queue, agents, unreachable, turn, deliveryOf, worker, workerWith };
}

describe('a delivery goes at most once', () => {
  it('sends the card, records it sent with its activity id, and removes the message', async () => {
    // given
    const { messenger, sent } = scriptedMessenger('activity-42');
    const { agents, turn, deliveryOf, queue } = await aSendUnderWay(messenger, {
      agents: [buildAgent({ locale: 'en' })],
    });

    // when
    await turn();

    // then
    expect(sent).toEqual([
      {
        reference: agents[0]!.conversationReference,
        activity: { text: `quiz for ${agents[0]!.id} in en` },
      },
    ]);
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'sent',
      tries: 1,
      activityId: 'activity-42',
    });
    expect(await queue.approximateLength()).toBe(0);
  });

  it('sends one card when the same recipient is queued twice', async () => {
    // given the recipient's message queued a second time (a resumed send does that)
    const { messenger, sent } = scriptedMessenger();
    const { agents, turn, queue } = await aSendUnderWay(messenger);
    await queue.enqueue([
      { sendId: SEND, agentId: agents[0]!.id, reference: agents[0]!.conversationReference },
    ]);

    // when
    await turn();

    // then
    expect(sent).toHaveLength(1);
    expect(await queue.approximateLength()).toBe(0);
  });

  it('leaves a delivery another worker is sending, and looks again once that attempt must be over', async () => {
    // given another worker marked the delivery 'sending' a moment ago
    const { messenger, sent } = scriptedMessenger();
    const { agents, turn, deliveryOf, broadcasts, clock, queue } = await aSendUnderWay(messenger);
    const { etag, ...delivery } = await deliveryOf(agents[0]!);
    await broadcasts.updateDelivery(
      { ...delivery, state: 'sending', tries: 1, sendingUntil: clock.now() + 10_000 },
      etag,
    );

    // when
    await turn();

    // then nothing is sent, and the message waits out the other attempt
    expect(sent).toHaveLength(0);
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'sending' });
    clock.advance(10_000);
    expect(await queue.receive(32, 60)).toHaveLength(0);
    clock.advance(1_000);
    expect(await queue.receive(32, 60)).toHaveLength(1);
  });

  it('counts an attempt that died mid-request as sent, unconfirmed, rather than risk a second card', async () => {
    // given a worker marked the delivery 'sending' and died before recording what happened
    const { messenger, sent } = scriptedMessenger();
    const { agents, turn, deliveryOf, broadcasts, clock } = await aSendUnderWay(messenger);
    const { etag, ...delivery } = await deliveryOf(agents[0]!);
    await broadcasts.updateDelivery(
      { ...delivery, state: 'sending', tries: 1, sendingUntil: clock.now() - 1 },
      etag,
    );

    // when
    await turn();

    // then
    expect(sent).toHaveLength(0);
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'sent',
      reason: expect.stringContaining('unconfirmed'),
    });
  });
});

/** Lets every settled promise run its continuation: the worker gets as far as it can without a timer. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('an attempt waiting for its rate-limit slot', () => {
  it('leaves the delivery pending when its worker dies or stops, so a later worker sends it', async () => {
    // given a limiter whose next slot is 1,000 s away, and a worker waiting for it
    const limiter = new RateLimiter(0.001);
    limiter.used((await limiter.acquire())!); // a request that just left
    const { messenger, sent } = scriptedMessenger();
    const { agents, queue, clock, deliveryOf, worker, workerWith } = await aSendUnderWay(
      messenger,
      { limiter },
    );
    const [message] = await queue.receive(32, 60);
    const attempt = worker.process(message!);
    await settle();

    // then what the store holds if the process is killed now: a delivery that nobody will count as sent
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'pending', tries: 0 });

    // when the worker stops instead, releasing its wait
    await worker.stop();
    await attempt;

    // then it sent nothing and left the delivery pending
    expect(sent).toHaveLength(0);
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'pending', tries: 0 });

    // when the message comes back to another worker
    clock.advance(60_000);
    const later = workerWith(new RateLimiter(1_000_000));
    for (const again of await queue.receive(32, 60)) await later.process(again);

    // then the card goes, once
    expect(sent).toHaveLength(1);
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'sent', tries: 1 });
    expect(await queue.approximateLength()).toBe(0);
  });

  it('gives its slot back when another worker took the delivery meanwhile, and sends nothing', async () => {
    // given a worker waiting for a slot 100 ms away
    const limiter = new RateLimiter(10);
    limiter.used((await limiter.acquire())!); // a request that just left
    const refund = jest.spyOn(limiter, 'refund');
    const { messenger, sent } = scriptedMessenger();
    const { agents, queue, broadcasts, clock, deliveryOf, worker } = await aSendUnderWay(
      messenger,
      { limiter },
    );
    const [message] = await queue.receive(32, 60);
    const attempt = worker.process(message!);
    await settle();

    // when another worker marks the delivery 'sending' before the slot comes
    const { etag, ...delivery } = await deliveryOf(agents[0]!);
    await broadcasts.updateDelivery(
      { ...delivery, state: 'sending', tries: 1, sendingUntil: clock.now() + 10_000 },
      etag,
    );
    await attempt;

    // then
    expect(sent).toHaveLength(0);
    expect(refund).toHaveBeenCalledTimes(1);
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'sending', tries: 1 });
    // The message stays, hidden until the other attempt's lease is over: should that attempt die, the delivery
    // is still settled (as sent, unconfirmed) when the message comes back.
    expect(await queue.receive(32, 60)).toHaveLength(0);
    clock.advance(12_000);
    const [back] = await queue.receive(32, 60);
    await worker.process(back!);
    expect(sent).toHaveLength(0);
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'sent', tries: 1 });
    expect(await queue.approximateLength()).toBe(0);
  });
});

describe('a card that went', () => {
  it('is never sent again when recording it fails: it is settled as sent after its lease', async () => {
    // given a store that fails to record the card once it went
    const { messenger, sent } = scriptedMessenger();
    const { agents, turn, broadcasts, clock, deliveryOf } = await aSendUnderWay(messenger);
    const update = broadcasts.updateDelivery.bind(broadcasts);
    jest.spyOn(broadcasts, 'updateDelivery').mockImplementation(async (delivery, etag) => {
      if (delivery.state === 'sent' && !delivery.reason) throw new Error('store unreachable');
      return update(delivery, etag);
    });

    // when the worker tries, then its message comes back after the lease and the visibility timeout
    await turn().catch(() => undefined);
    clock.advance(60_000);
    jest.mocked(broadcasts.updateDelivery).mockRestore();
    await turn();

    // then one card, counted as sent
    expect(sent).toHaveLength(1);
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'sent',
      reason: expect.stringContaining('unconfirmed'),
    });
  });
});

describe('a failed delivery', () => {
  it('is tried again after a backoff when the failure is transient, and sent once', async () => {
    // given a connector that fails once with a 503
    const { messenger, sent } = scriptedMessenger(connectorError(503));
    const { agents, turn, deliveryOf, clock } = await aSendUnderWay(messenger);

    // when the first try fails
    await turn();

    // then the delivery waits, hidden for the backoff
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'pending',
      tries: 1,
      reason: 'HTTP 503',
    });
    await turn();
    expect(sent).toHaveLength(0);

    // when the backoff is over
    clock.advance(1_000);
    await turn();

    // then
    expect(await deliveryOf(agents[0]!)).toMatchObject({ state: 'sent', tries: 2 });
    expect(sent).toHaveLength(1);
  });

  it('waits as long as Retry-After says when throttled (429)', async () => {
    // given a connector that throttles once, asking for 5 seconds
    const { messenger, sent } = scriptedMessenger(connectorError(429, { 'retry-after': '5' }));
    const { turn, clock } = await aSendUnderWay(messenger);
    await turn();

    // when 4 seconds have passed, then nothing is tried
    clock.advance(4_000);
    await turn();
    expect(sent).toHaveLength(0);

    // when the fifth second has passed, then the card goes
    clock.advance(1_000);
    await turn();
    expect(sent).toHaveLength(1);
  });

  it('keeps the slot of a throttled request: Teams counted it', async () => {
    // given a connector that throttles once, and a limiter watched for slots given back
    const limiter = new RateLimiter(1_000_000);
    const refund = jest.spyOn(limiter, 'refund');
    const { messenger } = scriptedMessenger(connectorError(429, { 'retry-after': '1' }));
    const { turn } = await aSendUnderWay(messenger, { limiter });

    // when the request is throttled
    await turn();

    // then its slot stays spent (a slot given back would bunch the next requests into more 429s)
    expect(refund).not.toHaveBeenCalled();
  });

  it('reads a Retry-After date against the app’s clock', async () => {
    // given a connector that throttles until 3 seconds after the app's now (a date days away from the machine's)
    const until = new Date(Date.parse(AT_NINE) + 3_000).toUTCString();
    const { messenger, sent } = scriptedMessenger(connectorError(429, { 'retry-after': until }));
    const { turn, clock } = await aSendUnderWay(messenger);
    await turn();

    // when 2 seconds have passed, then nothing is tried; after 3, the card goes
    clock.advance(2_000);
    await turn();
    expect(sent).toHaveLength(0);
    clock.advance(1_000);
    await turn();
    expect(sent).toHaveLength(1);
  });

  it('fails for good after maxTries, saying why, each try counted', async () => {
    // given a connector that always answers 502
    const { messenger, calls } = scriptedMessenger(
      connectorError(502),
      connectorError(502),
      connectorError(502),
      connectorError(502),
    );
    const { agents, turn, deliveryOf, clock, queue } = await aSendUnderWay(messenger, {
      maxTries: 3,
    });

    // when the worker goes on trying
    for (let i = 0; i < 5; i += 1) {
      await turn();
      clock.advance(60_000);
    }

    // then
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'failed',
      tries: 3,
      reason: 'HTTP 502 after 3 tries',
    });
    expect(calls()).toBe(3);
    expect(await queue.approximateLength()).toBe(0);
  });

  it('is not tried again when the connector refuses it for good (400)', async () => {
    // given
    const { messenger, calls } = scriptedMessenger(connectorError(400));
    const { agents, turn, deliveryOf, clock } = await aSendUnderWay(messenger);

    // when
    await turn();
    clock.advance(60_000);
    await turn();

    // then
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'failed',
      tries: 1,
      reason: 'HTTP 400 after 1 tries',
    });
    expect(calls()).toBe(1);
  });
});

describe('an agent who cannot be reached', () => {
  it('is marked unreachable when the connector says the conversation is gone (403/404), without retrying', async () => {
    // given
    const { messenger, calls } = scriptedMessenger(connectorError(404));
    const { agents, turn, deliveryOf, unreachable, queue } = await aSendUnderWay(messenger);

    // when
    await turn();

    // then
    expect(await deliveryOf(agents[0]!)).toMatchObject({
      state: 'failed',
      tries: 1,
      reason: 'unreachable (HTTP 404)',
    });
    expect(unreachable).toEqual([agents[0]!.id]);
    expect(calls()).toBe(1);
    expect(await queue.approximateLength()).toBe(0);
  });

  it('is looked up when an older message carries no conversation, and not sent to once gone', async () => {
    // given an older message without the conversation, for an agent who has since uninstalled the app
    const { messenger, sent } = scriptedMessenger();
    const gone = buildAgent({ reachable: false });
    // (the send left them out; their message was queued before)
    const { turn, queue, broadcasts, clock } = await aSendUnderWay(messenger, { agents: [gone] });
    await broadcasts.createPending(SEND, [gone.id], new Date(clock.now()).toISOString());
    await queue.enqueue([{ sendId: SEND, agentId: gone.id }]);

    // when
    await turn();

    // then
    expect(sent).toHaveLength(0);
    expect(await broadcasts.getDelivery(SEND, gone.id)).toMatchObject({
      state: 'failed',
      reason: 'agent unreachable',
    });
  });
});

describe('a recipient the send has nothing for', () => {
  it('is skipped, and nothing is sent', async () => {
    // given a reminder (nothing to remind these agents of)
    const { messenger, sent } = scriptedMessenger();
    const agents = [buildAgent(), buildAgent()];
    const { turn, broadcasts } = await aSendUnderWay(messenger, { agents, kind: 'reminder' });

    // when
    await turn();

    // then
    expect(sent).toHaveLength(0);
    const deliveries = await broadcasts.listDeliveries('reminder.c1.j1');
    expect(deliveries.map((d) => [d.state, d.reason])).toEqual([
      ['skipped', 'nothing to send'],
      ['skipped', 'nothing to send'],
    ]);
  });
});
