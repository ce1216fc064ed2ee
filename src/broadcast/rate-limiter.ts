/**
 * A token bucket: at most `ratePerSecond` acquisitions per second on average, with a small burst. The rate can be
 * changed while running (the share of the app-wide limit falls when another instance joins).
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private queue: (() => void)[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly burstSeconds = 0.2,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.tokens = this.capacity();
    this.last = now();
  }

  private capacity(): number {
    return Math.max(1, this.ratePerSecond * this.burstSeconds);
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  setRate(ratePerSecond: number): void {
    if (!(ratePerSecond > 0)) return;
    this.refill();
    this.ratePerSecond = ratePerSecond;
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Resolves when the caller may send one message. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  private drain(): void {
    this.refill();
    while (this.queue.length && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (this.queue.length && !this.timer) {
      const wait = Math.max(1, ((1 - this.tokens) / this.ratePerSecond) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, wait);
    }
  }

  /** Releases waiting callers (on shutdown); they go ahead and find the worker stopping. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const resolve of this.queue.splice(0)) resolve();
  }
}
