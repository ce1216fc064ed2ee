import type { Clock } from '../../src/domain/ports';

/** A clock the test sets and moves by hand, for unit tests (no app, no store). */
export class FakeClock implements Clock {
  private current: number;

  constructor(instant: number | string) {
    this.current = typeof instant === 'string' ? Date.parse(instant) : instant;
  }

  now(): number {
    return this.current;
  }

  set(instant: number | string): void {
    this.current = typeof instant === 'string' ? Date.parse(instant) : instant;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** A clock stopped at `instant` (ISO, with its offset), the usual start of a given / when / then test. */
export function clockAt(instant: string): FakeClock {
  return new FakeClock(instant);
}
