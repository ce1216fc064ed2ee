import { broadcastPayloads } from '../../../src/bot/broadcast-payloads';
import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import { RateLimiter } from '../../../src/broadcast/rate-limiter';
import { DeliveryWorker } from '../../../src/broadcast/worker';
import type { Messenger } from '../../../src/domain/ports';
import { silentLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import { MemoryBroadcastRepository } from '../../../src/storage/memory/broadcast-repository';
import { MemoryDeliveryQueue } from '../../../src/storage/memory/delivery-queue';
import { sendDailyQuiz } from '../../../src/usecases/send-daily-quiz';
import { buildChallenge, buildQuiz, givenAgent } from '../../support/builders';
import { clockAt } from '../../support/clock';

/**
 * What the worker path asks of the store for each card, counted on the in-memory twins: every call to a
 * repository or the queue is one store call (an enqueue of n messages is n: a queue takes one per request).
 */
function counted<T extends object>(target: T, name: string, calls: Map<string, number>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const weight =
          property === 'enqueue' && Array.isArray(args[0]) ? (args[0] as unknown[]).length : 1;
        const key = `${name}.${property}`;
        calls.set(key, (calls.get(key) ?? 0) + weight);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

const total = (calls: Map<string, number>, except: readonly string[] = []) =>
  [...calls].filter(([key]) => !except.includes(key)).reduce((sum, [, n]) => sum + n, 0);

/** A morning send of day 1's quiz to `agents` agents, on counted twins, through the real payload builder. */
async function aMorningSend(agents: number, options: { throttleEvery?: number } = {}) {
  const clock = clockAt('2026-11-23T09:00:30+01:00');
  const calls = new Map<string, number>();
  const broadcasts = counted(new MemoryBroadcastRepository(), 'broadcasts', calls);
  const queue = counted(new MemoryDeliveryQueue(clock), 'queue', calls);
  const raw = memoryDeps({ clock });
  const deps = {
    ...raw,
    events: counted(raw.events, 'events', calls),
    challenges: counted(raw.challenges, 'challenges', calls),
    quizzes: counted(raw.quizzes, 'quizzes', calls),
    fanOut: new QueuedFanOut({ broadcasts, queue, clock, log: silentLogger, instanceId: 'i1' }),
  };
  await raw.challenges.saveAsCurrent(buildChallenge());
  await raw.quizzes.save(buildQuiz(1));
  for (let i = 0; i < agents; i += 1) await givenAgent(raw);
  let requests = 0;
  const sent = new Set<string>();
  const messenger: Messenger = {
    update: async () => undefined,
    send: async (reference) => {
      requests += 1;
      if (options.throttleEvery && requests % options.throttleEvery === 0)
        throw Object.assign(new Error('HTTP 429'), {
          statusCode: 429,
          response: { status: 429, headers: { get: () => '0' } },
        });
      sent.add(reference);
      return `activity-${requests}`;
    },
  };
  const worker = new DeliveryWorker(
    {
      broadcasts,
      queue,
      agents: counted(raw.agents, 'agents', calls),
      messenger,
      payloads: broadcastPayloads(deps),
      limiter: new RateLimiter(100_000),
      clock,
      log: silentLogger,
      random: () => 0,
    },
    {
      concurrency: 32,
      maxTries: 5,
      visibilitySeconds: 60,
      sendingLeaseMs: 30_000,
      idlePollMs: 5,
    },
  );
  return { deps, calls, worker, sent, requests: () => requests, clock };
}

describe('a quiz card sent by the fan-out, in store calls', () => {
  it('costs one enqueue, two delivery writes, one delete and a share of a batch receive: nothing read', async () => {
    // given a morning send to 200 agents
    const { deps, calls, worker, sent } = await aMorningSend(200);

    // when it is started and every message taken
    await sendDailyQuiz(deps, { date: '2026-11-23', requestedBy: 'test' });
    const beforeWorker = new Map(calls);
    worker.start();
    while (sent.size < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    await worker.stop();

    // then
    const perCard = (key: string) => (calls.get(key) ?? 0) / 200;
    expect(perCard('queue.enqueue')).toBe(1);
    expect(perCard('broadcasts.updateDelivery')).toBe(2); // pending → sending → sent, each against the last etag
    expect(perCard('queue.delete')).toBe(1);
    expect(calls.get('queue.receive')! - (beforeWorker.get('queue.receive') ?? 0)).toBeLessThan(
      200 / 32 + 4, // batches of 32, and a few empty looks at the end
    );
    expect(calls.get('broadcasts.getDelivery') ?? 0).toBe(0); // the message carries the row's version
    expect(calls.get('events.answersTo') ?? 0).toBe(0); // the morning card: nobody's answers read
    expect(calls.get('agents.get') ?? 0).toBe(0);
    const idlePolls = ['queue.receive', 'queue.approximateLength'];
    expect(total(calls, idlePolls) / 200).toBeLessThanOrEqual(4.1);
    expect(total(calls) / 200).toBeLessThanOrEqual(5);
  });

  it('stays under five with a 429 in twenty, each retry named by its message: no read before it', async () => {
    // given a morning send to 200 agents where the connector throttles one request in twenty
    const { deps, calls, worker, sent, requests, clock } = await aMorningSend(200, {
      throttleEvery: 20,
    });

    // when every card has gone (the retries wait a second of the challenge's clock)
    await sendDailyQuiz(deps, { date: '2026-11-23', requestedBy: 'test' });
    worker.start();
    while (sent.size < 200) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      clock.advance(100);
    }
    await worker.stop();

    // then each card went once, and the retries cost a pending write and a retryLater each
    expect(requests()).toBeGreaterThan(200);
    expect(calls.get('broadcasts.getDelivery') ?? 0).toBe(0);
    expect(calls.get('queue.retryLater')).toBe(requests() - 200);
    expect(total(calls) / 200).toBeLessThanOrEqual(5);
  });

  it('reads each agent’s answers for a reminder, which must skip whoever answered', async () => {
    // given an agent who answered both questions of the day, and one who did not
    const { deps, calls } = await aMorningSend(0);
    const answered = await givenAgent(deps);
    const payloads = broadcastPayloads(deps);
    for (const questionId of ['j1-q1', 'j1-q2'])
      await deps.events.recordAnswer('c1', answered.id, {
        questionId,
        quizId: 'j1',
        choiceIds: ['b'],
        correct: true,
        points: 1,
        at: '2026-11-23T08:05:00.000Z',
      });
    const send = {
      id: 'reminder.c1.j1',
      kind: 'reminder' as const,
      challengeId: 'c1',
      subject: 'j1',
      state: 'enqueued' as const,
      owner: 'i1',
      leaseUntil: 0,
      total: 2,
      createdAt: '',
      requestedBy: 'test',
    };
    const recipient = (agentId: string) => ({
      agentId,
      locale: 'fr' as const,
      conversationReference: '{}',
    });

    // when the reminder is built for each
    const toAnswered = await payloads.reminder(send, recipient(answered.id));
    const toOther = await payloads.reminder(send, recipient('someone-else'));

    // then
    expect(toAnswered).toBeNull();
    expect(toOther).not.toBeNull();
    expect(calls.get('events.answersTo')).toBe(2);
  });

  it('reads the agent’s answers for a morning card built long after the quiz opened', async () => {
    // given an agent who answered the first question, and a send that starts 20 minutes after the opening
    const { deps, calls, clock } = await aMorningSend(0);
    clock.advance(20 * 60_000);
    const agent = await givenAgent(deps);
    await deps.events.recordAnswer('c1', agent.id, {
      questionId: 'j1-q1',
      quizId: 'j1',
      choiceIds: ['b'],
      correct: true,
      points: 1,
      at: '2026-11-23T08:10:00.000Z',
    });
    const send = {
      id: 'quiz.c1.j1',
      kind: 'quiz' as const,
      challengeId: 'c1',
      subject: 'j1',
      state: 'enqueued' as const,
      owner: 'i1',
      leaseUntil: 0,
      total: 1,
      createdAt: '',
      requestedBy: 'test',
    };

    // when their card is built
    const card = await broadcastPayloads(deps).quiz(send, {
      agentId: agent.id,
      locale: 'fr',
      conversationReference: '{}',
    });

    // then it asks the second question: built from their answers
    expect(JSON.stringify(card)).toContain('j1-q2');
    expect(JSON.stringify(card)).not.toContain('"questionId":"j1-q1"');
    expect(calls.get('events.answersTo')).toBe(1);
  });
});

describe('a message naming a version the row no longer has', () => {
  it('is settled by reading the row: a card that went is never sent again', async () => {
    // given a card that went, and the same message queued once more (a resumed feed, say)
    const { deps, calls, worker, sent, requests } = await aMorningSend(1);
    await sendDailyQuiz(deps, { date: '2026-11-23', requestedBy: 'test' });
    const queue = (worker as unknown as { deps: { queue: MemoryDeliveryQueue } }).deps.queue;
    const [message] = await queue.receive(32, 60);
    await worker.process(message!);
    expect(sent.size).toBe(1);
    const { handle: _handle, dequeueCount: _count, ...again } = message!;
    await queue.enqueue([again]);

    // when it is taken
    const [duplicate] = await queue.receive(32, 60);
    await worker.process(duplicate!);

    // then the 'sending' mark is refused, the row read, and the message dropped: one card
    expect(requests()).toBe(1);
    expect(calls.get('broadcasts.getDelivery')).toBe(1);
    expect(await queue.approximateLength()).toBe(0);
  });
});

describe('messages taken in batches', () => {
  it('are handed to the paced attempts without a request more than the limiter allows', async () => {
    // given 40 deliveries queued, a limiter at 20 per second, and a worker taking up to 32 at once
    const clock = clockAt('2026-11-23T09:00:30+01:00');
    const calls = new Map<string, number>();
    const broadcasts = new MemoryBroadcastRepository();
    const queue = counted(new MemoryDeliveryQueue(clock), 'queue', calls);
    const ids = Array.from({ length: 40 }, (_, i) => `agent-${i}`);
    const etags = await broadcasts.createPending('quiz.c1.j1', ids, '');
    await broadcasts.claim(
      {
        id: 'quiz.c1.j1',
        kind: 'quiz',
        challengeId: 'c1',
        subject: 'j1',
        state: 'enqueued',
        owner: 'i1',
        leaseUntil: 0,
        total: 40,
        createdAt: '',
        requestedBy: 'test',
      },
      0,
    );
    await queue.enqueue(
      ids.map((agentId) => ({
        sendId: 'quiz.c1.j1',
        agentId,
        reference: `{"conversation":{"id":"${agentId}"}}`,
        locale: 'fr' as const,
        etag: etags.get(agentId),
        tries: 0,
      })),
    );
    const at: number[] = [];
    const worker = new DeliveryWorker(
      {
        broadcasts,
        queue,
        agents: { get: async () => null, markUnreachable: async () => undefined },
        messenger: {
          update: async () => undefined,
          send: async () => {
            at.push(performance.now());
            return 'id';
          },
        },
        payloads: {
          quiz: async () => ({ text: 'card' }),
          reminder: async () => null,
          announcement: async () => null,
          podium: async () => null,
          'workshop-reminder': async () => null,
        },
        limiter: new RateLimiter(20),
        clock,
        log: silentLogger,
        random: () => 0,
      },
      {
        concurrency: 32,
        maxTries: 3,
        visibilitySeconds: 60,
        sendingLeaseMs: 30_000,
        idlePollMs: 5,
      },
    );

    // when the worker runs until every card went
    const received: number[] = [];
    const receive = queue.receive.bind(queue);
    queue.receive = async (count, visibility) => {
      const taken = await receive(count, visibility);
      if (taken.length) received.push(taken.length);
      return taken;
    };
    worker.start();
    while (at.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();

    // then two receives took them all, and no second held more than 20 requests
    expect(received).toEqual([32, 8]);
    let most = 0;
    for (let i = 0, j = 0; i < at.length; i += 1) {
      while (at[i]! - at[j]! >= 1000) j += 1;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(20);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(39 * 50 - 50);
  });
});
