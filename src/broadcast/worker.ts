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
import type { RateLimiter } from './rate-limiter';

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

  private async run(): Promise<void> {
    let idle = 0;
    let storeDown = 0;
    const active = new Set<Promise<void>>();
    while (this.running) {
      const free = this.options.concurrency - this.inFlight;
      if (free <= 0) {
        await Promise.race(active);
        continue;
      }
      let messages: ReceivedDelivery<Handle>[];
      try {
        messages = await this.deps.queue.receive(free, this.options.visibilitySeconds);
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
      for (const message of messages) {
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
    }
    await Promise.allSettled([...active]);
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
    const send = await this.deps.broadcasts.getSend(sendId);
    if (send) this.sends.set(sendId, { send, at: now });
    return send;
  }

  private async finish(
    message: ReceivedDelivery<Handle>,
    delivery: Delivery,
    etag: string,
    changes: Partial<Delivery>,
  ): Promise<void> {
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
    if (changes.state !== 'pending') await this.deps.queue.delete(message);
  }

  /** One delivery attempt. */
  async process(message: ReceivedDelivery<Handle>): Promise<void> {
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
        await queue.retryLater(message, ((delivery.sendingUntil ?? now) - now) / 1000 + 1);
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
    const send = await this.sendOf(message.sendId);
    const recipient = await recipientOf(message, this.deps.agents);
    if (!send || !recipient) {
      await this.finish(message, delivery, etag, {
        state: 'failed',
        reason: !send ? 'send unknown' : 'agent unreachable',
      });
      return;
    }
    if (send.cancelledAt) {
      await this.finish(message, delivery, etag, { state: 'skipped', reason: 'cancelled' });
      return;
    }
    const payload = await this.deps.payloads[send.kind](send, recipient);
    if (!payload) {
      await this.finish(message, delivery, etag, { state: 'skipped', reason: 'nothing to send' });
      return;
    }
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
    if (!slot) return; // shutting down: still pending, the message comes back
    // A slot can take a while to come (a queue of deliveries waits for theirs): a cancel that landed meanwhile
    // stops this one here, before anything is marked or sent.
    if ((await this.sendOf(message.sendId))?.cancelledAt) {
      this.deps.limiter.refund(slot);
      await this.finish(message, delivery, etag, { state: 'skipped', reason: 'cancelled' });
      return;
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
      await queue.delete(message); // another worker took this delivery
      return;
    }
    const sending = { ...delivery, tries };
    let activityId: string | undefined;
    this.deps.limiter.used(slot);
    try {
      activityId = await this.deps.messenger.send(recipient.conversationReference, payload);
    } catch (error) {
      await this.failed(message, sending, sendingEtag, recipient, error);
      return;
    }
    this.deps.limiter.accepted();
    // Outside the try above: a store error while recording a card that went must not be taken for a failed
    // request and tried again (a second card). The row stays 'sending' and is settled as sent after its lease.
    await this.finish(message, sending, sendingEtag, {
      state: 'sent',
      activityId,
      reason: undefined,
    });
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
  ): Promise<void> {
    const { clock, queue } = this.deps;
    const tries = sending.tries;
    const status = statusOf(error);
    const kind = classifyFailure(status);
    if (kind === 'throttled')
      this.deps.limiter.throttled(retryAfterOfError(error, clock.now()) ?? 1000);
    else this.deps.limiter.accepted();
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
      await this.finish(message, sending, sendingEtag, { state: 'pending', reason });
      await queue.retryLater(message, wait / 1000);
    }
  }
}
