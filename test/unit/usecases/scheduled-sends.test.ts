import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import type { SendRequest } from '../../../src/domain/broadcast';
import type { FanOut } from '../../../src/domain/ports';
import { silentLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import { MemoryBroadcastRepository } from '../../../src/storage/memory/broadcast-repository';
import { MemoryDeliveryQueue } from '../../../src/storage/memory/delivery-queue';
import { scheduledSends } from '../../../src/usecases/scheduled-sends';
import {
  buildSendClaim,
  givenAgent,
  givenChallenge,
  givenQuiz,
  givenWorkshop,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

/** The use cases on in-memory twins, with a fan-out that also notes every send it is asked to start. */
function aStore(now: string) {
  const clock = clockAt(now);
  const broadcasts = new MemoryBroadcastRepository();
  const queued = new QueuedFanOut({
    broadcasts,
    queue: new MemoryDeliveryQueue(clock),
    clock,
    log: silentLogger,
    instanceId: 'instance-1',
  });
  const asked: SendRequest[] = [];
  const fanOut: FanOut = {
    start: (request) => {
      asked.push(request);
      return queued.start(request);
    },
    progress: () => queued.progress(),
    progressOf: (sendId) => queued.progressOf(sendId),
    cancel: (sendId, by) => queued.cancel(sendId, by),
  };
  const deps = memoryDeps({ clock, fanOut });
  const sendIds = () =>
    asked.map((request) => `${request.kind}.${request.challengeId}.${request.subject}`);
  return { deps, clock, broadcasts, sendIds };
}

/** A challenge starting Monday 23 November 2026, with its quiz of day 1 (09:00–18:00) and one agent. */
async function aChallengeWithItsFirstQuiz(now: string) {
  const store = aStore(now);
  await givenChallenge(store.deps);
  await givenQuiz(store.deps, 1);
  await givenAgent(store.deps);
  return store;
}

describe('the sends the scheduler starts', () => {
  it('are none before the quiz’s send time', async () => {
    // given
    const { deps, sendIds } = await aChallengeWithItsFirstQuiz('2026-11-23T08:59:30+01:00');

    // when
    const started = await scheduledSends(deps, { reminderAt: '14:00' })();

    // then
    expect(started).toEqual([]);
    expect(sendIds()).toEqual([]);
  });

  it('are the day’s quiz at its send time, asked of the fan-out once however many ticks follow', async () => {
    // given
    const { deps, sendIds } = await aChallengeWithItsFirstQuiz('2026-11-23T09:00:30+01:00');
    const tick = scheduledSends(deps, { reminderAt: '14:00' });

    // when
    const first = await tick();
    const second = await tick();

    // then
    expect(first).toEqual([
      expect.objectContaining({
        started: true,
        send: expect.objectContaining({ id: 'quiz.c1.j1', state: 'enqueued', total: 1 }),
      }),
    ]);
    expect(second).toEqual([]);
    expect(sendIds()).toEqual(['quiz.c1.j1']);
  });

  it('include the afternoon reminder from REMINDER_AT on, and not when it is off', async () => {
    // given two stores at 14:00:05, one with the reminder at 14:00, one without
    const withReminder = await aChallengeWithItsFirstQuiz('2026-11-23T14:00:05+01:00');
    const without = await aChallengeWithItsFirstQuiz('2026-11-23T14:00:05+01:00');

    // when
    await scheduledSends(withReminder.deps, { reminderAt: '14:00' })();
    await scheduledSends(without.deps, { reminderAt: null })();

    // then
    expect(withReminder.sendIds()).toEqual(['quiz.c1.j1', 'reminder.c1.j1']);
    expect(without.sendIds()).toEqual(['quiz.c1.j1']);
  });

  it('include a workshop’s reminder 15 minutes before it starts', async () => {
    // given a workshop at 14:00 on Tuesday (no quiz that day), and the time 13:46
    const store = aStore('2026-11-24T13:46:00+01:00');
    await givenChallenge(store.deps);
    const workshop = await givenWorkshop(store.deps, { startsAt: '2026-11-24T13:00:00.000Z' });

    // when
    await scheduledSends(store.deps, { reminderAt: '14:00' })();

    // then
    expect(store.sendIds()).toEqual([`workshop-reminder.c1.${workshop.id}`]);
  });

  it('are asked for again at the next tick while another instance is still enqueuing them', async () => {
    // given another instance claimed the day's quiz send a moment ago and is still enqueuing it
    const { deps, clock, broadcasts, sendIds } = await aChallengeWithItsFirstQuiz(
      '2026-11-23T09:00:30+01:00',
    );
    const now = clock.now();
    await broadcasts.claim(buildSendClaim('instance-2', now), now);
    const tick = scheduledSends(deps, { reminderAt: null });

    // when
    const first = await tick();
    clock.advance(60_000);
    await tick();

    // then
    expect(first).toEqual([expect.objectContaining({ started: false })]);
    expect(sendIds()).toEqual(['quiz.c1.j1', 'quiz.c1.j1']);
  });

  it('are none without a challenge', async () => {
    // given an empty store
    const { deps, sendIds } = aStore('2026-11-23T09:00:30+01:00');

    // when
    const started = await scheduledSends(deps, { reminderAt: '14:00' })();

    // then
    expect(started).toEqual([]);
    expect(sendIds()).toEqual([]);
  });
});
