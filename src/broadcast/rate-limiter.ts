/** The right to make one request, from `acquire` until the request leaves (`used`) or never does (`refund`). */
export interface Slot {
  readonly grantedAt: number;
}

interface Waiter {
  at: number;
  timer?: NodeJS.Timeout;
  resolve: (slot: Slot | null) => void;
}

/** The window the connector counts requests in. */
const WINDOW_MS = 1000;
/** The last answers weighed to tell Teams' real throttling from the odd 429. */
const ANSWERS_WEIGHED = 50;
/** A share of 429s among them above which the whole instance waits for the Retry-After. */
const SUSTAINED_THROTTLING = 0.2;

/**
 * Paces sends at `ratePerSecond`: each caller gets the next free slot on a fixed grid (one slot every 1/rate s),
 * so timer lateness never lowers the average rate. The rate can change while running (the share of the app-wide
 * limit falls when another instance joins).
 *
 * A caller does not request at its slot but a little later (the worker records the attempt first), so the grid
 * alone would not bound what the connector sees: a slow write can release several requests together. Hence a
 * second guard, checked when a slot comes and before the caller commits to anything: the requests that left in
 * the last second, plus those granted and not left yet (counted as leaving now, the worst case), never exceed
 * ⌊rate⌋. A slot that would exceed it waits until the oldest request leaves the window.
 */
export class RateLimiter {
  private nextSlot: number;
  private readonly waiting = new Set<Waiter>();
  /** Requests that left less than a window ago, oldest first. */
  private readonly departures: { slot: Slot; at: number }[] = [];
  /** Slots handed out whose request has not left yet. */
  private readonly granted = new Set<Slot>();
  private closed = false;
  /** The last answers, oldest first: true for a 429. */
  private readonly answers: boolean[] = [];
  /** No slot before this instant: Teams asked the whole app to wait. */
  private holdUntil = 0;

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

  /** Requests allowed in any window: at least one, or a rate under 1/s could never send. */
  private get cap(): number {
    return Math.max(1, Math.floor(this.ratePerSecond));
  }

  setRate(ratePerSecond: number): void {
    if (ratePerSecond > 0) this.ratePerSecond = ratePerSecond;
  }

  /**
   * Resolves at the caller's slot, or with `null` once the limiter is closed: a caller released by a shutdown
   * has no slot and must not send.
   */
  acquire(): Promise<Slot | null> {
    if (this.closed) return Promise.resolve(null);
    const slot = Math.max(this.now(), this.nextSlot);
    this.nextSlot = slot + this.interval;
    return new Promise((resolve) => this.wake({ at: slot, resolve }));
  }

  /** Says the slot's request leaves now: from here it counts in the window. */
  used(slot: Slot): void {
    if (!this.granted.delete(slot)) return;
    this.departures.push({ slot, at: this.now() });
  }

  /**
   * Gives a slot back: its request never left (another worker had the delivery, the store failed). The next
   * caller may have it. A throttled request (429) did leave and counts: its slot is not given back.
   */
  refund(slot: Slot): void {
    if (!this.granted.delete(slot)) {
      const index = this.departures.findIndex((departure) => departure.slot === slot);
      if (index < 0) return;
      this.departures.splice(index, 1);
    }
    this.nextSlot = Math.max(this.now(), this.nextSlot - this.interval);
  }

  /** An answer that was not a 429: it weighs against sustained throttling. */
  accepted(): void {
    this.weigh(false);
  }

  /**
   * A 429 with its Retry-After. The odd one is only its delivery's business (it waits, then takes a new slot);
   * when they pile up (over a fifth of the last 50 answers), Teams is throttling the app as a whole, and the
   * whole instance waits for the Retry-After before granting any slot.
   */
  throttled(retryAfterMs: number): void {
    this.weigh(true);
    const recent = this.answers.length;
    const throttled = this.answers.filter(Boolean).length;
    if (recent >= 10 && throttled / recent > SUSTAINED_THROTTLING) {
      this.holdUntil = Math.max(this.holdUntil, this.now() + retryAfterMs);
      this.nextSlot = Math.max(this.nextSlot, this.holdUntil);
      this.answers.length = 0; // weighed afresh after the wait
    }
  }

  private weigh(throttled: boolean): void {
    this.answers.push(throttled);
    if (this.answers.length > ANSWERS_WEIGHED) this.answers.shift();
  }

  /** On shutdown: waiting callers, and any that come later, get no slot. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
    this.waiting.clear();
  }

  /** Grants the waiter its slot if its time has come and the window has room, or waits again. */
  private wake(waiter: Waiter): void {
    const now = this.now();
    const at = Math.max(waiter.at, this.roomAt(now));
    if (at <= now) {
      this.waiting.delete(waiter);
      const slot = { grantedAt: now };
      this.granted.add(slot);
      waiter.resolve(slot);
      return;
    }
    waiter.at = at;
    this.waiting.add(waiter);
    waiter.timer = setTimeout(() => this.wake(waiter), at - now);
  }

  /** When one more request may be granted without a window holding more than the cap. */
  private roomAt(now: number): number {
    if (this.holdUntil > now) return this.holdUntil;
    while (this.departures.length > 0 && this.departures[0]!.at <= now - WINDOW_MS)
      this.departures.shift();
    const excess = this.departures.length + this.granted.size + 1 - this.cap;
    if (excess <= 0) return now;
    const leaving = this.departures[excess - 1];
    // Only granted requests fill the window (their writes are slow): look again one slot later.
    return leaving ? leaving.at + WINDOW_MS : now + this.interval;
  }
}
