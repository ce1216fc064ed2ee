import { QueuedFanOut } from '../../broadcast/fan-out';
import type { Clock, FanOut, IdGenerator } from '../../domain/ports';
import { silentLogger } from '../../log';
import { systemClock } from '../../system';
import type { UseCaseDeps } from '../../usecases/deps';
import { MemoryAgentRepository } from './agent-repository';
import { MemoryAnnouncementRepository } from './announcement-repository';
import { MemoryBroadcastRepository } from './broadcast-repository';
import { MemoryChallengeRepository } from './challenge-repository';
import { MemoryChannelRepository } from './channel-repository';
import { MemoryCheckinGuardRepository } from './checkin-guard-repository';
import { MemoryDeliveryQueue } from './delivery-queue';
import { MemoryEventRepository } from './event-repository';
import { MemoryQuizRepository } from './quiz-repository';
import { MemoryRosterRepository } from './roster-repository';
import { MemorySignupRepository } from './signup-repository';
import { MemoryTeamRepository } from './team-repository';
import { MemoryWorkshopRepository } from './workshop-repository';

export { MemoryAgentRepository } from './agent-repository';
export { MemoryAnnouncementRepository } from './announcement-repository';
export { MemoryChannelRepository } from './channel-repository';
export { MemoryBroadcastRepository } from './broadcast-repository';
export { MemoryChallengeRepository } from './challenge-repository';
export { MemoryCheckinGuardRepository } from './checkin-guard-repository';
export { MemoryDeliveryQueue } from './delivery-queue';
export { MemoryEventRepository } from './event-repository';
export { MemoryQuizRepository } from './quiz-repository';
export { MemoryRosterRepository } from './roster-repository';
export { MemorySignupRepository } from './signup-repository';
export { MemoryTeamRepository } from './team-repository';
export { MemoryWorkshopRepository } from './workshop-repository';

/**
 * Ids `id1`, `id2`… and a seeded sequence of numbers in [0, 1): the same run gives the same teams and codes, so a
 * unit test can name what it expects.
 */
export function sequentialIds(seed = 1): IdGenerator {
  let count = 0;
  let state = seed >>> 0 || 1;
  return {
    id: () => `id${++count}`,
    random: () => {
      // xorshift32: cheap and repeatable; a rare code collision is drawn again, as with real draws.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      return state / 0x1_0000_0000;
    },
  };
}

/** The use cases' dependencies in memory, with the stores behind the fan-out for a test to look into. */
export type MemoryDeps = UseCaseDeps & {
  broadcasts: MemoryBroadcastRepository;
  deliveryQueue: MemoryDeliveryQueue;
};

/**
 * Every dependency of the use cases, stored in memory: for unit tests, fast and isolated. The fan-out is the real
 * one (claims, one delivery per recipient, the queue) on in-memory twins; nothing takes messages off the queue.
 */
export function memoryDeps(
  options: {
    clock?: Clock;
    ids?: IdGenerator;
    organiserIds?: Iterable<string>;
    fanOut?: FanOut;
  } = {},
): MemoryDeps {
  // Without a clock of its own, a test runs at the real time (a use case never reads Date.now() itself).
  const clock = options.clock ?? systemClock;
  const broadcasts = new MemoryBroadcastRepository();
  const deliveryQueue = new MemoryDeliveryQueue(clock);
  const teams = new MemoryTeamRepository();
  return {
    challenges: new MemoryChallengeRepository(),
    agents: new MemoryAgentRepository(),
    teams,
    events: new MemoryEventRepository((challengeId, agentId) =>
      teams.teamIdNow(challengeId, agentId),
    ),
    quizzes: new MemoryQuizRepository(),
    workshops: new MemoryWorkshopRepository(),
    signups: new MemorySignupRepository(),
    checkinGuards: new MemoryCheckinGuardRepository(),
    announcements: new MemoryAnnouncementRepository(),
    channels: new MemoryChannelRepository(),
    roster: new MemoryRosterRepository(),
    fanOut:
      options.fanOut ??
      new QueuedFanOut({
        broadcasts,
        queue: deliveryQueue,
        clock,
        log: silentLogger,
        instanceId: 'memory',
      }),
    clock,
    ids: options.ids ?? sequentialIds(),
    organiserIds: new Set(options.organiserIds ?? []),
    broadcasts,
    deliveryQueue,
  };
}
