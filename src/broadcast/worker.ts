import {
  backoffMs,
  classifyFailure,
  retryAfterOfError,
  type Delivery,
  type ReceivedDelivery,
  type Recipient,
  type SendRecord,
} from '../domain/broadcast';
import { statusOf } from '../domain/errors';
import type {
  AgentRepository,
  BroadcastRepository,
  Clock,
  DeliveryQueue,
  Messenger,
  PayloadBuilders,
} from '../domain/ports';
import type { Logger } from '../log';
import type { RateLimiter, Slot } from './rate-limiter';

export interface WorkerOptions {
  concurrency: number;
  maxTries: number;
  visibilitySeconds: number;
  /** How long a 'sending' mark protects an attempt before it is known to have died. */
  sendingLeaseMs: number;
  idlePollMs: number;
}

export interface WorkerDeps<Handle> {
  broadcasts: BroadcastRepository;
  queue: DeliveryQueue<Handle>;
  /** Only for deliveries queued without a conversation reference, and to mark agents unreachable. */
  agents: Pick<AgentRepository, 'get' | 'markUnreachable'>;
  messenger: Messenger;
  payloads: PayloadBuilders;
  limiter: RateLimiter;
  clock: Clock;
  log: Logger;
  random: () => number;
}

const SEND_REREAD_MS = 1000;
/** Deliveries asked of the queue per receive (the Azure queue gives whole bundles of 16: two messages). */
const RECEIVE_BATCH = 32;

/** Who a queue message is for: the message carries how to reach them; older messages fall back to a read. */
async function recipientOf(
  message: ReceivedDelivery<unknown>,
  agents: Pick<AgentRepository, 'get'>,
): Promise<Recipient | null> {
  if (message.reference) {
    return {
      agentId: message.agentId,
      locale: message.locale ?? 'fr',
      conversationReference: message.reference,
      ...(message.channel ? { channel: true } : {}),
    };
  }
  const agent = await agents.get(message.agentId);
  if (!agent || !agent.reachable || !agent.conversationReference) return null;
  return {
    agentId: agent.id,
    locale: agent.locale,
    conversationReference: agent.conversationReference,
  };
}

/**
 * Takes deliveries from the queue and sends them, under the shared rate limit, each at most once: a delivery
 * row goes pending → sending → sent/failed with ETag-conditional writes, so a redelivered message or a second
 * worker never sends a second card. Runs in every instance.
 */
export class DeliveryWorker<Handle = unknown> {
  private running = false;
  private inFlight = 0;
  private loop?: Promise<void>;
  /** Each send as last read, and when: read again after a second, to see an organiser's cancel. */
  private readonly sends = new Map<string, { send: SendRecord; at: number }>();
  private readonly reading = new Map<string, Promise<SendRecord | null>>();
  private readonly counters = new Map<
    string,
    { sent: number; failed: number; skipped: number; retried: number }
  >();
  private wake?: () => void;

  constructor(
    private readonly deps: WorkerDeps<Handle>,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking messages and waits for those in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.deps.limiter.close();
    await this.loop;
  }

  /** Deliveries done by this worker since the last call, per send (for progress logs). */
  takeCounters(): Map<string, { sent: number; failed: number; skipped: number; retried: number }> {
    const copy = new Map(this.counters);
    this.counters.clear();
    return copy;
  }

  private count(sendId: string, what: 'sent' | 'failed' | 'skipped' | 'retried'): void {
    const counter = this.counters.get(sendId) ?? { sent: 0, failed: 0, skipped: 0, retried: 0 };
    counter[what] += 1;
    this.counters.set(sendId, counter);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Takes deliveries in batches of about 32 (one queue call for them all) and hands them one by one to the
   * `concurrency` attempts in flight, each of which waits for its slot of the limiter: the batch sets how often
   * the queue is asked, the limiter alone how fast requests leave. A batch is taken when the last one is handed
   * out, so the deliveries waiting here are at most a batch (32: two whole bundles of the Azure queue), drained
   * in about (concurrency + 32) / rate seconds — far within their visibility timeout.
   */
  private async run(): Promise<void> {
    let idle = 0;
    let storeDown = 0;
    const active = new Set<Promise<void>>();
    const taken: ReceivedDelivery<Handle>[] = [];
    while (this.running) {
      while (taken.length > 0 && this.inFlight < this.options.concurrency)
        this.dispatch(taken.shift()!, active);
      if (taken.length > 0) {
        await Promise.race(active);
        continue;
      }
      let messages: ReceivedDelivery<Handle>[];
      try {
        messages = await this.deps.queue.receive(
          Math.min(RECEIVE_BATCH, this.options.concurrency),
          this.options.visibilitySeconds,
        );
        storeDown = 0;
      } catch (error) {
        storeDown += 1;
        if (storeDown === 1) this.deps.log.warn('delivery queue unreachable, retrying', { error });
        await this.sleep(Math.min(5000, 200 * 2 ** Math.min(storeDown, 5)));
        continue;
      }
      if (messages.length === 0) {
        idle = Math.min(idle + 1, 4);
        await this.sleep(this.inFlight > 0 ? 50 : this.options.idlePollMs * idle);
        continue;
      }
      idle = 0;
      taken.push(...messages);
    }
    // Stopping: messages taken but not started go back to the queue now rather than after their visibility
    // timeout (best effort: should this fail, they come back then).
    await Promise.allSettled([
      ...active,
      ...taken.map((message) => this.deps.queue.retryLater(message, 0)),
    ]);
  }

  private dispatch(message: ReceivedDelivery<Handle>, active: Set<Promise<void>>): void {
    this.inFlight += 1;
    const task = this.process(message)
      .catch((error) =>
        this.deps.log.warn('delivery attempt failed, it will be retried', {
          error,
          send: message.sendId,
        }),
      )
      .finally(() => {
        this.inFlight -= 1;
        active.delete(task);
      });
    active.add(task);
  }

  /**
   * The send of a delivery, read at most once a second per send (what it carries never changes; only a cancel
   * does, and a second is how long one can take to stop every worker).
   */
  private async sendOf(sendId: string): Promise<SendRecord | null> {
    // Elapsed time, not the challenge's clock (which tests hold still): how fresh a read is.
    const now = performance.now();
    const known = this.sends.get(sendId);
    if (known && (known.send.cancelledAt || now - known.at < SEND_REREAD_MS)) return known.send;
    // One read at a time per send: the attempts in flight that find it stale together share it.
    let reading = this.reading.get(sendId);
    if (!reading) {
      reading = this.deps.broadcasts.getSend(sendId).finally(() => this.reading.delete(sendId));
      this.reading.set(sendId, reading);
    }
    const send = await reading;
    if (send) {
      // Sends over for a while are forgotten: the map holds the sends in progress, not every send of the week.
      for (const [id, kept] of this.sends)
        if (now - kept.at > 60 * SEND_REREAD_MS) this.sends.delete(id);
      this.sends.set(sendId, { send, at: now });
    }
    return send;
  }

  /**
   * Records a delivery's new state against `etag`; the new etag, or null when the row changed since. A settled
   * delivery's message goes, unless `keepIfStale` and the row had changed: then the row is read and decides.
   */
  private async finish(
    message: ReceivedDelivery<Handle>,
    delivery: Delivery,
    etag: string,
    changes: Partial<Delivery>,
    keepIfStale = false,
  ): Promise<string | null> {
    const written = await this.deps.broadcasts.updateDelivery(
      {
        ...delivery,
        ...changes,
        sendingUntil: undefined,
        updatedAt: new Date(this.deps.clock.now()).toISOString(),
      },
      etag,
    );
    if (written !== null && changes.state)
      this.count(
        delivery.sendId,
        changes.state === 'pending' ? 'retried' : (changes.state as 'sent' | 'failed' | 'skipped'),
      );
    if (written === null && keepIfStale) return null;
    if (changes.state !== 'pending') await this.deps.queue.delete(message);
    return written;
  }

  /**
   * One delivery attempt. A message that carries the row's version (written by the fan-out or by the last
   * retry) is tried at once against it: 'pending' at that version is all the attempt needs to know, and the
   * ETag-conditional 'sending' mark proves it. Should the row have changed since (another worker, an attempt that
   * died, a duplicate message), the write is refused and the row is read: what it says is done.
   */
  async process(message: ReceivedDelivery<Handle>): Promise<void> {
    if (message.etag !== undefined) {
      const known: Delivery = {
        sendId: message.sendId,
        agentId: message.agentId,
        state: 'pending',
        tries: message.tries ?? 0,
        updatedAt: '',
      };
      if ((await this.attempt(message, known, message.etag, true)) === 'done') return;
    }
    const { broadcasts, queue, clock } = this.deps;
    const found = await broadcasts.getDelivery(message.sendId, message.agentId);
    if (!found || found.state === 'sent' || found.state === 'failed' || found.state === 'skipped') {
      await queue.delete(message);
      return;
    }
    const { etag, ...delivery } = found;
    const now = clock.now();
    if (delivery.state === 'sending') {
      if ((delivery.sendingUntil ?? 0) > now) {
        // Someone is on it right now; look again once their attempt must be over.
        await queue.retryLater(
          { ...message, etag: undefined, tries: undefined },
          ((delivery.sendingUntil ?? now) - now) / 1000 + 1,
        );
        return;
      }
      // An attempt died between the request and its record. The request most likely reached Teams: count it
      // as sent rather than risk a second card (the agent can always type "quiz" to see it again).
      await this.finish(message, delivery, etag, {
        state: 'sent',
        reason: 'unconfirmed: the sender stopped mid-request',
      });
      return;
    }
    await this.attempt(message, delivery, etag, false);
  }

  /**
   * Sends a 'pending' delivery known at `etag`. `unread`: the row was not read, only named by the message; a
   * write it refuses (412) returns 'stale' with nothing sent, and the caller reads the row.
   */
  private async attempt(
    message: ReceivedDelivery<Handle>,
    delivery: Delivery,
    etag: string,
    unread: boolean,
  ): Promise<'done' | 'stale'> {
    const { broadcasts, queue, clock } = this.deps;
    const settle = async (changes: Partial<Delivery>) =>
      (await this.finish(message, delivery, etag, changes, unread)) === null && unread
        ? 'stale'
        : 'done';
    const send = await this.sendOf(message.sendId);
    const recipient = await recipientOf(message, this.deps.agents);
    if (!send || !recipient)
      return settle({ state: 'failed', reason: !send ? 'send unknown' : 'agent unreachable' });
    if (send.cancelledAt) return settle({ state: 'skipped', reason: 'cancelled' });
    const payload = await this.deps.payloads[send.kind](send, recipient);
    if (!payload) return settle({ state: 'skipped', reason: 'nothing to send' });
    // The order is slot, then the 'sending' mark, then the request at once. The mark is what lets a crashed
    // attempt be settled as sent (see above), so nothing may wait between it and the request: marked first, a
    // delivery could sit 'sending' for a whole queue of slots (concurrency × 1/rate), and a crash there recorded
    // as sent cards that were never requested. Taken first, a slot can go unused (the write lost the race or
    // failed): it is given back, and the delivery stays 'pending' for whoever takes it next.
    //
    // Rate: requests now leave one store write after their slot. A constant write latency only shifts the grid;
    // its variation J brings requests closer (a second could hold ⌊rate × (1 + J)⌋ + 1), and a store stall
    // would release together every request whose slot passed during it. The 2 % headroom covers J up to about
    // one slot (~20 ms), which a loaded Azurite exceeds. So the limiter also counts, when a slot comes, the
    // requests that left in the last second and those granted but not yet left, and holds the slot while they
    // fill the window (rate-limiter.ts): the wait happens before the mark, while the delivery is still pending.
    const slot = await this.deps.limiter.acquire();
    if (!slot) return 'done'; // shutting down: still pending, the message comes back
    // A slot can take a while to come (a queue of deliveries waits for theirs): a cancel that landed meanwhile
    // stops this one here, before anything is marked or sent.
    if ((await this.sendOf(message.sendId))?.cancelledAt) {
      this.deps.limiter.refund(slot);
      return settle({ state: 'skipped', reason: 'cancelled' });
    }
    const tries = delivery.tries + 1;
    let sendingEtag: string | null;
    try {
      sendingEtag = await broadcasts.updateDelivery(
        {
          ...delivery,
          state: 'sending',
          tries,
          sendingUntil: clock.now() + this.options.sendingLeaseMs,
          updatedAt: new Date(clock.now()).toISOString(),
        },
        etag,
      );
    } catch (error) {
      this.deps.limiter.refund(slot); // no request went out
      throw error;
    }
    if (sendingEtag === null) {
      this.deps.limiter.refund(slot);
      if (unread) return 'stale';
      await queue.delete(message); // another worker took this delivery
      return 'done';
    }
    const sending = { ...delivery, tries };
    let activityId: string | undefined;
    this.deps.limiter.used(slot, true); // its answer is reported below, whatever it is
    try {
      activityId = await this.deps.messenger.send(recipient.conversationReference, payload);
    } catch (error) {
      await this.failed(message, sending, sendingEtag, recipient, error, slot);
      return 'done';
    }
    this.deps.limiter.accepted(slot);
    // Outside the try above: a store error while recording a card that went must not be taken for a failed
    // request and tried again (a second card). The row stays 'sending' and is settled as sent after its lease.
    await this.finish(message, sending, sendingEtag, {
      state: 'sent',
      activityId,
      reason: undefined,
    });
    return 'done';
  }

  /**
   * Records a request the connector refused or that never got an answer, and when to try again. A throttled
   * request (429) keeps its slot: Teams counts it against the app's 50 per second like any other, so giving it
   * back would only bunch the next requests into more 429s.
   */
  private async failed(
    message: ReceivedDelivery<Handle>,
    sending: Delivery,
    sendingEtag: string,
    recipient: Recipient,
    error: unknown,
    slot: Slot,
  ): Promise<void> {
    const { clock, queue } = this.deps;
    const tries = sending.tries;
    const status = statusOf(error);
    const kind = classifyFailure(status);
    if (kind === 'throttled')
      this.deps.limiter.throttled(retryAfterOfError(error, clock.now()) ?? 1000, slot);
    else this.deps.limiter.accepted(slot);
    const reason = status
      ? `HTTP ${status}`
      : ((error as { code?: string }).code ?? 'network error');
    if (kind === 'unreachable') {
      if (!recipient.channel) await this.deps.agents.markUnreachable(recipient.agentId);
      await this.finish(message, sending, sendingEtag, {
        state: 'failed',
        reason: `unreachable (${reason})`,
      });
    } else if (kind === 'permanent' || tries >= this.options.maxTries) {
      await this.finish(message, sending, sendingEtag, {
        state: 'failed',
        reason: `${reason} after ${tries} tries`,
      });
    } else {
      const wait =
        (kind === 'throttled' ? retryAfterOfError(error, clock.now()) : undefined) ??
        backoffMs(tries, this.deps.random);
      const pending = await this.finish(message, sending, sendingEtag, {
        state: 'pending',
        reason,
      });
      // The message now names the row as just written: the next try needs no read.
      await queue.retryLater(
        pending === null
          ? { ...message, etag: undefined, tries: undefined }
          : { ...message, etag: pending, tries },
        wait / 1000,
      );
    }
  }
}
