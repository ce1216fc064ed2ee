import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import type { Agent } from '../../../src/domain/agents';
import type { SendRequest } from '../../../src/domain/broadcast';
import { silentLogger } from '../../../src/log';
import { MemoryBroadcastRepository } from '../../../src/storage/memory/broadcast-repository';
import { MemoryDeliveryQueue } from '../../../src/storage/memory/delivery-queue';
import { buildAgent, buildSendClaim } from '../../support/builders';
import { clockAt } from '../../support/clock';
import { reachableRecipients } from '../../../src/domain/broadcast';

async function* listed<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

const AT_NINE = '2026-11-23T09:00:30+01:00';

function aFanOut(instanceId = 'instance-1') {
  const clock = clockAt(AT_NINE);
  const broadcasts = new MemoryBroadcastRepository();
  const queue = new MemoryDeliveryQueue(clock);
  const fanOut = new QueuedFanOut({ broadcasts, queue, clock, log: silentLogger, instanceId });
  return { clock, broadcasts, queue, fanOut };
}

/** The quiz of day 1 to `recipients`. */
function theQuizTo(recipients: readonly Agent[]): SendRequest {
  return {
    kind: 'quiz',
    challengeId: 'c1',
    subject: 'j1',
    requestedBy: 'test',
    recipients: async function* () {
      yield* reachableRecipients(listed(recipients));
    },
  };
}

describe('starting a send', () => {
  it('records one pending delivery per reachable agent and queues each with how to reach them', async () => {
    // given two agents who can be reached, one who uninstalled the app and one never reached
    const { fanOut, broadcasts, queue } = aFanOut();
    const ana = buildAgent({ locale: 'en' });
    const bea = buildAgent();
    const gone = buildAgent({ reachable: false });
    const neverReached = buildAgent({ conversationReference: undefined });

    // when
    const started = await fanOut.start(theQuizTo([ana, gone, bea, neverReached]));

    // then
    expect(started).toMatchObject({
      started: true,
      send: { id: 'quiz.c1.j1', state: 'enqueued', total: 2, owner: 'instance-1' },
    });
    const deliveries = await broadcasts.listDeliveries('quiz.c1.j1');
    expect(deliveries.map((d) => [d.agentId, d.state]).sort()).toEqual(
      [
        [ana.id, 'pending'],
        [bea.id, 'pending'],
      ].sort(),
    );
    const messages = await queue.receive(10, 60);
    expect(
      messages.map(({ sendId, agentId, reference, locale }) => ({
        sendId,
        agentId,
        reference,
        locale,
      })),
    ).toEqual([
      { sendId: 'quiz.c1.j1', agentId: ana.id, reference: ana.conversationReference, locale: 'en' },
      { sendId: 'quiz.c1.j1', agentId: bea.id, reference: bea.conversationReference, locale: 'fr' },
    ]);
  });

  it('starts a send once, however often and by whomever it is asked', async () => {
    // given a send already started
    const { fanOut, broadcasts, queue, clock } = aFanOut();
    const agents = [buildAgent(), buildAgent()];
    await fanOut.start(theQuizTo(agents));
    const second = new QueuedFanOut({
      broadcasts,
      queue,
      clock,
      log: silentLogger,
      instanceId: 'instance-2',
    });

    // when it is asked again, here and by another instance
    const again = await fanOut.start(theQuizTo(agents));
    const elsewhere = await second.start(theQuizTo(agents));

    // then nothing more is recorded or queued
    for (const result of [again, elsewhere])
      expect(result).toMatchObject({
        started: false,
        send: { state: 'enqueued', owner: 'instance-1' },
      });
    expect(await broadcasts.listDeliveries('quiz.c1.j1')).toHaveLength(2);
    expect(await queue.approximateLength()).toBe(2);
  });

  it('leaves a send alone while the instance that claimed it is still enqueuing', async () => {
    // given another instance claimed the send a moment ago
    const { fanOut, broadcasts, queue, clock } = aFanOut();
    const now = clock.now();
    await broadcasts.claim(buildSendClaim('instance-2', now, { leaseUntil: now + 10_000 }), now);

    // when
    const result = await fanOut.start(theQuizTo([buildAgent()]));

    // then
    expect(result).toMatchObject({
      started: false,
      send: { state: 'enqueuing', owner: 'instance-2' },
    });
    expect(await queue.approximateLength()).toBe(0);
  });

  it('takes over a send whose starter died, and queues again only what is not done', async () => {
    // given a send claimed by an instance that died after one card went out, its lease over
    const { fanOut, broadcasts, queue, clock } = aFanOut();
    const done = buildAgent();
    const waiting = buildAgent();
    const unrecorded = buildAgent();
    const then = clock.now() - 60_000;
    await broadcasts.claim(buildSendClaim('dead', then), then);
    await broadcasts.createPending(
      'quiz.c1.j1',
      [done.id, waiting.id],
      new Date(then).toISOString(),
    );
    const { etag, ...delivery } = (await broadcasts.getDelivery('quiz.c1.j1', done.id))!;
    await broadcasts.updateDelivery({ ...delivery, state: 'sent', tries: 1 }, etag);

    // when
    const result = await fanOut.start(theQuizTo([done, waiting, unrecorded]));

    // then
    expect(result).toMatchObject({
      started: true,
      send: { state: 'enqueued', owner: 'instance-1', total: 3 },
    });
    expect((await queue.receive(10, 60)).map((m) => m.agentId)).toEqual([
      waiting.id,
      unrecorded.id,
    ]);
    expect((await broadcasts.getDelivery('quiz.c1.j1', done.id))!.state).toBe('sent');
    expect((await broadcasts.getDelivery('quiz.c1.j1', unrecorded.id))!.state).toBe('pending');
  });
});

describe('the figures of the sends', () => {
  it('counts each send’s deliveries by state', async () => {
    // given a send of three cards, one sent and one failed
    const { fanOut, broadcasts } = aFanOut();
    const agents = [buildAgent(), buildAgent(), buildAgent()];
    await fanOut.start(theQuizTo(agents));
    for (const [agent, state, reason] of [
      [agents[0]!, 'sent', undefined],
      [agents[1]!, 'failed', 'HTTP 400 after 1 tries'],
    ] as const) {
      const { etag, ...delivery } = (await broadcasts.getDelivery('quiz.c1.j1', agent.id))!;
      await broadcasts.updateDelivery({ ...delivery, state, reason, tries: 1 }, etag);
    }

    // when
    const progress = await fanOut.progress();

    // then
    expect(progress).toEqual([
      expect.objectContaining({
        sendId: 'quiz.c1.j1',
        kind: 'quiz',
        state: 'enqueued',
        total: 3,
        sent: 1,
        failed: 1,
        skipped: 0,
        pending: 1,
        failures: { 'HTTP 400 after 1 tries': 1 },
      }),
    ]);
  });

  it('stops reading the deliveries of a send that is over: its figures can no longer change', async () => {
    // given a send whose three deliveries are settled
    const { fanOut, broadcasts } = aFanOut();
    await fanOut.start(theQuizTo([buildAgent(), buildAgent(), buildAgent()]));
    for (const delivery of await broadcasts.listDeliveries('quiz.c1.j1')) {
      const { etag } = (await broadcasts.getDelivery(delivery.sendId, delivery.agentId))!;
      await broadcasts.updateDelivery({ ...delivery, state: 'sent' }, etag);
    }
    const reads = jest.spyOn(broadcasts, 'listDeliveries');

    // when the organisers' view asks three times
    const first = await fanOut.progress();
    await fanOut.progress();
    await fanOut.progressOf('quiz.c1.j1');

    // then the rows were read once, and the figures are the same
    expect(reads).toHaveBeenCalledTimes(1);
    expect(first[0]).toMatchObject({ sent: 3, pending: 0 });
    expect(await fanOut.progressOf('quiz.c1.j1')).toEqual(first[0]);
  });

  it('reads a send in progress every time', async () => {
    const { fanOut, broadcasts } = aFanOut();
    await fanOut.start(theQuizTo([buildAgent()]));
    const reads = jest.spyOn(broadcasts, 'listDeliveries');
    await fanOut.progress();
    await fanOut.progress();
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
