import {
  sendIdFor,
  summariseSend,
  type DeliveryMessage,
  type SendProgress,
  type SendRecord,
  type SendRequest,
  type StartedSend,
} from '../domain/broadcast';
import type { BroadcastRepository, Clock, DeliveryQueue, FanOut } from '../domain/ports';
import type { Logger } from '../log';

export interface FanOutDeps {
  broadcasts: BroadcastRepository;
  /** Only fed here: taking messages is the workers' part. */
  queue: Pick<DeliveryQueue, 'enqueue' | 'approximateLength'>;
  clock: Clock;
  log: Logger;
  /** This instance's id: the owner name of the claims it takes. */
  instanceId: string;
  /** At most this many deliveries wait in the queue; the rest are fed as workers take them. */
  queueWindow?: number;
}

export const CLAIM_LEASE_MS = 30_000;
const FEED_CHUNK = 250;
const FEED_POLL_MS = 1000;

/**
 * The fan-out through a queue: a send is claimed with a conditional write, one 'pending' delivery is recorded per
 * recipient, then the recipients are enqueued for the workers of every instance (src/broadcast/worker.ts).
 */
export class QueuedFanOut implements FanOut {
  /**
   * Figures of sends that are over (fully fed, every delivery settled): they never change again, so the
   * organisers' views stop reading their thousands of delivery rows every minute.
   */
  private readonly finished = new Map<string, SendProgress>();

  constructor(private readonly deps: FanOutDeps) {}

  private async summarise(send: SendRecord): Promise<SendProgress> {
    const known = this.finished.get(send.id);
    if (known) return known;
    const progress = summariseSend(send, await this.deps.broadcasts.listDeliveries(send.id));
    if (progress.pending === 0 && progress.state !== 'enqueuing')
      this.finished.set(send.id, progress);
    return progress;
  }

  /**
   * Starts a send exactly once. Safe to call again or from another instance at any time; a claim whose owner
   * died is taken over and the send resumes where it stopped.
   */
  async start(request: SendRequest): Promise<StartedSend> {
    const { deps } = this;
    const now = deps.clock.now();
    const id = sendIdFor(request.kind, request.challengeId, request.subject);
    const claim = await deps.broadcasts.claim(
      {
        id,
        kind: request.kind,
        challengeId: request.challengeId,
        subject: request.subject,
        state: 'enqueuing',
        owner: deps.instanceId,
        leaseUntil: now + CLAIM_LEASE_MS,
        total: 0,
        createdAt: new Date(now).toISOString(),
        requestedBy: request.requestedBy,
      },
      now,
    );
    if (!claim.owned) return { send: claim.send, started: false };

    // Keep the lease while enqueuing a large audience.
    let lost = false;
    let renewing: Promise<void> | undefined;
    const renew = setInterval(() => {
      renewing ??= deps.broadcasts
        .updateClaim(id, deps.instanceId, { leaseUntil: deps.clock.now() + CLAIM_LEASE_MS })
        .then((kept) => {
          if (!kept) lost = true;
        })
        .catch(() => undefined) // a failed renewal is retried at the next tick
        .finally(() => {
          renewing = undefined;
        });
    }, CLAIM_LEASE_MS / 3);
    try {
      const already = new Map(
        (await deps.broadcasts.listDeliveries(id)).map((d) => [d.agentId, d.state]),
      );
      const recipients: string[] = [];
      const reachable = new Map<string, DeliveryMessage>();
      for await (const recipient of request.recipients()) {
        if (reachable.has(recipient.agentId)) continue;
        recipients.push(recipient.agentId);
        reachable.set(recipient.agentId, {
          sendId: id,
          agentId: recipient.agentId,
          reference: recipient.conversationReference,
          locale: recipient.locale,
          ...(recipient.channel ? { channel: true } : {}),
        });
      }
      const fresh = recipients.filter((agentId) => !already.has(agentId));
      const etags = await deps.broadcasts.createPending(
        id,
        fresh,
        new Date(deps.clock.now()).toISOString(),
      );
      // A row just created is 'pending' at that version: its message says so, and the worker's first write needs
      // no read. A row found there (a resumed send) is read by the worker, which settles it as it says.
      for (const [agentId, etag] of etags) {
        const message = reachable.get(agentId);
        if (message) Object.assign(message, { etag, tries: 0 });
      }
      // Resumed sends re-enqueue whatever is still pending: a duplicate message is harmless, a missing one is not.
      const toEnqueue = recipients.filter((agentId) => {
        const state = already.get(agentId);
        return state === undefined || state === 'pending' || state === 'sending';
      });
      // Fed to the queue in chunks, keeping at most `queueWindow` deliveries waiting: workers see a short queue
      // (Azurite's cost per queue operation grows with the messages it holds) and a large audience does not sit
      // in the queue for minutes.
      const messages: (DeliveryMessage | undefined)[] = toEnqueue.map((agentId) =>
        reachable.get(agentId)!,
      );
      const total = new Set([...already.keys(), ...recipients]).size;
      // Only the messages are needed from here: a large audience's lists go now, not at the end of the feed.
      already.clear();
      reachable.clear();
      recipients.length = 0;
      const window = deps.queueWindow ?? Number.POSITIVE_INFINITY;
      for (let i = 0; i < messages.length; i += FEED_CHUNK) {
        // Looked at once a second (each look reads every shard): the workers take 50 a second at most, so the
        // window refills in 5 s per 250.
        while (
          i > 0 &&
          Number.isFinite(window) &&
          (await deps.queue.approximateLength()) >= window - FEED_CHUNK
        ) {
          if (lost) break;
          await new Promise((resolve) => setTimeout(resolve, FEED_POLL_MS));
        }
        if (lost) break;
        // A send cancelled while it is fed stops being fed (its workers skip what is already queued).
        if (i > 0 && (await deps.broadcasts.getSend(id))?.cancelledAt) break;
        const chunk = messages.slice(i, i + FEED_CHUNK) as DeliveryMessage[];
        await deps.queue.enqueue(chunk);
        messages.fill(undefined, i, i + FEED_CHUNK); // the queue holds them now
      }
      if (lost) throw new Error(`send ${id}: claim lost while enqueuing`);
      await deps.broadcasts.updateClaim(id, deps.instanceId, { state: 'enqueued', total });
      deps.log.info('send enqueued', { send: id, recipients: total, enqueued: toEnqueue.length });
      return { send: { ...claim.send, state: 'enqueued', total }, started: true };
    } finally {
      clearInterval(renew);
      await renewing;
    }
  }

  /** Every send with its delivery figures, oldest first: a read of each send's deliveries (organisers only). */
  async progress(): Promise<SendProgress[]> {
    const sends = await this.deps.broadcasts.listSends();
    return Promise.all(sends.map((send) => this.summarise(send)));
  }

  async progressOf(sendId: string): Promise<SendProgress | null> {
    const send = await this.deps.broadcasts.getSend(sendId);
    return send ? this.summarise(send) : null;
  }

  /**
   * Stops a send. The mark is read by every worker before each delivery (src/broadcast/worker.ts), which
   * skips the rest as 'cancelled'; a request already on its way finishes and is reported as it went.
   */
  async cancel(sendId: string, by: string): Promise<SendProgress | null> {
    const now = new Date(this.deps.clock.now()).toISOString();
    const send = await this.deps.broadcasts.cancel(sendId, by, now);
    if (!send) return null;
    this.deps.log.info('send cancelled', { send: sendId, by });
    return summariseSend(send, await this.deps.broadcasts.listDeliveries(send.id));
  }
}
