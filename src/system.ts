import { randomInt, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from './domain/ports';

/** The real time: the only clock outside tests. */
export const systemClock: Clock = { now: () => Date.now() };

/** Ids and draws from the system's cryptographic generator: join codes and check-in codes must not be guessed. */
export const systemIds: IdGenerator = {
  id: () => randomUUID().replace(/-/g, '').slice(0, 16),
  random: () => randomInt(0, 2 ** 32) / 2 ** 32,
};
