/** The right to make one request, from `acquire` until the request leaves (`used`) or never does (`refund`). */
export interface Slot {
  readonly grantedAt: number;
}

interface Waiter {
  /** The caller's slot on the grid. */
  at: number;
  /** Waiting past its slot for room in the window: an answer that frees room wakes it early. */
  blocked?: boolean;
  timer?: NodeJS.Timeout;
  resolve: (slot: Slot | null) => void;
}

/** The window the connector counts requests in. */
const WINDOW_MS = 1000;
/** How long a request whose answer is awaited counts at most: the connector client's own timeout is shorter. */
const UNANSWERED_MS = 30_000;
/** A request that left, and until when it may still count in the connector's window. */
interface Departure {
  slot: Slot;
  at: number;
  until: number;
}
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
 * second guard, checked when a slot comes and before the caller commits to anything: the requests that may
 * still count in the connector's last second, plus those granted and not left yet (counted as leaving now, the
 * worst case), never exceed ⌊rate⌋. A slot that would exceed it waits until enough of them are out of the window.
 *
 * "May still count": a request reaches the connector some time between `used` and its answer. Counted from
 * `used` only, requests delayed on their way (a busy event loop, a slow socket) arrive closer together than they
 * left, and the connector sees more than ⌊rate⌋ in one of its seconds — measured here: 46–49 per second at
 * `used`, 53–56 at the connector, on a loaded machine. So a request whose answer the caller reports (`used(slot,
 * true)`, then `accepted` / `throttled` with the slot) counts until it is answered, then until one window after
 * the latest moment it can have arrived: its answer, less the quickest answer seen lately (the time any answer
 * takes to come back, that no delay shortens). An unhurried request adds nothing; one held up on its way counts
 * as long as it was held.
 */
export class RateLimiter {
  private nextSlot: number;
  private readonly waiting = new Set<Waiter>();
  /** Requests that may still count in the connector's window. */
  private departures: Departure[] = [];
  /** How long the last answers took, to know the quickest (see above). */
  private readonly latencies: number[] = [];
  /** The slot granted last: giving it back lets the callers behind it move up. */
  private lastGranted?: Slot;
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

  /**
   * Says the slot's request leaves now: from here it counts in the window. `answerFollows`: the caller will say
   * when it is answered (`accepted` / `throttled` with the slot), and until then the request counts, however
   * long it takes (up to UNANSWERED_MS): one that is still on its way may arrive at any moment.
   */
  used(slot: Slot, answerFollows = false): void {
    if (!this.granted.delete(slot)) return;
    const now = this.now();
    this.departures.push({
      slot,
      at: now,
      until: now + (answerFollows ? UNANSWERED_MS : WINDOW_MS),
    });
  }

  /**
   * Gives a slot back: its request never left (another worker had the delivery, the store failed). When no slot
   * was granted after it, the callers waiting behind it each move up one slot; otherwise its time is simply
   * lost. Pulling the grid back under callers already placed on it would hand two of them the same instant,
   * the bunching that makes a connector answer 429. A throttled request (429) did leave and counts: its slot is
   * not given back.
   */
  refund(slot: Slot): void {
    if (!this.granted.delete(slot)) {
      const before = this.departures.length;
      this.departures = this.departures.filter((departure) => departure.slot !== slot);
      if (this.departures.length === before) return;
    }
    if (slot !== this.lastGranted) return;
    this.lastGranted = undefined;
    const now = this.now();
    this.nextSlot = Math.max(now, this.nextSlot - this.interval);
    for (const waiter of [...this.waiting].sort((a, b) => a.at - b.at)) {
      clearTimeout(waiter.timer);
      this.waiting.delete(waiter);
      this.wake({ ...waiter, at: Math.max(now, waiter.at - this.interval) });
    }
  }

  /** An answer that was not a 429: it weighs against sustained throttling, and dates its request (see above). */
  accepted(slot?: Slot): void {
    this.weigh(false);
    if (slot) this.answered(slot);
  }

  /** The request of `slot` was answered now: it may have reached the connector as late as that. */
  private answered(slot: Slot): void {
    const departure = this.departures.find((d) => d.slot === slot);
    if (!departure) return;
    const now = this.now();
    this.latencies.push(now - departure.at);
    if (this.latencies.length > ANSWERS_WEIGHED) this.latencies.shift();
    const quickest = Math.min(...this.latencies);
    const until = Math.max(departure.at, now - quickest) + WINDOW_MS;
    if (until >= departure.until) {
      departure.until = until;
      return;
    }
    // Answered sooner than it was counted for: callers waiting for room may have it now.
    departure.until = until;
    for (const waiter of [...this.waiting].sort((a, b) => a.at - b.at)) {
      if (!waiter.blocked) continue;
      clearTimeout(waiter.timer);
      this.waiting.delete(waiter);
      this.wake(waiter);
    }
  }

  /**
   * A 429 with its Retry-After. The odd one is only its delivery's business (it waits, then takes a new slot);
   * when they pile up (over a fifth of the last 50 answers), Teams is throttling the app as a whole, and the
   * whole instance waits for the Retry-After before granting any slot.
   */
  throttled(retryAfterMs: number, slot?: Slot): void {
    this.weigh(true);
    if (slot) this.answered(slot);
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
      this.lastGranted = slot;
      waiter.resolve(slot);
      return;
    }
    waiter.blocked = at > waiter.at;
    this.waiting.add(waiter);
    waiter.timer = setTimeout(() => this.wake(waiter), at - now);
  }

  /** When one more request may be granted without a window holding more than the cap. */
  private roomAt(now: number): number {
    if (this.holdUntil > now) return this.holdUntil;
    if (this.departures.some((departure) => departure.until <= now))
      this.departures = this.departures.filter((departure) => departure.until > now);
    const excess = this.departures.length + this.granted.size + 1 - this.cap;
    if (excess <= 0) return now;
    // Only granted requests fill the window (their writes are slow): look again one slot later.
    if (excess > this.departures.length) return now + this.interval;
    const leaving = this.departures.map((departure) => departure.until).sort((a, b) => a - b);
    return leaving[excess - 1]!;
  }
}
