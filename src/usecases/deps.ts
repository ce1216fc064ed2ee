import type { Clock, FanOut, IdGenerator, Repositories } from '../domain/ports';

/**
 * What the use cases may touch, all behind ports: built once by the composition root (src/app.ts), or from
 * in-memory twins in unit tests, and passed in whole.
 */
export interface UseCaseDeps extends Repositories {
  /** Sends of one message to many agents (a quiz, a reminder). */
  fanOut: FanOut;
  clock: Clock;
  ids: IdGenerator;
  organiserIds: ReadonlySet<string>;
}
