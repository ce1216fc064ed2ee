/**
 * Paces sends at `ratePerSecond`: each caller gets the next free slot on a fixed grid (one slot every 1/rate s),
 * so timer lateness never lowers the average rate and no second ever holds more slots than the rate. The rate
 * can change while running (the share of the app-wide limit falls when another instance joins).
 */
export class RateLimiter {
  private nextSlot: number;
  private readonly waiting = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(
    private ratePerSecond: number,
    // Pacing needs a timer that moves on its own and never jumps, not the app's clock (a wall clock, or a test's
    // frozen one): slots are milliseconds apart.
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.nextSlot = now();
  }

  private get interval(): number {
    return 1000 / this.ratePerSecond;
  }

  setRate(ratePerSecond: number): void {
    if (ratePerSecond > 0) this.ratePerSecond = ratePerSecond;
  }

  /** Resolves at the caller's slot. */
  acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.interval;
    const wait = slot - now;
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.waiting.delete(entry);
          resolve();
        }, wait),
      };
      this.waiting.add(entry);
    });
  }

  /**
   * Gives a slot back: the attempt that used it was throttled (429) and did not count as a message, so the
   * next caller may have it. Never further back than now.
   */
  refund(): void {
    this.nextSlot = Math.max(this.now(), this.nextSlot - this.interval);
  }

  /** Releases waiting callers (on shutdown); they go ahead and find the worker stopping. */
  close(): void {
    for (const entry of this.waiting) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.waiting.clear();
  }
}
