import { sendIdFor, type SendKind, type SendRecord } from '../domain/broadcast';
import type { Agent } from '../domain/agents';
import type { Clock } from '../domain/ports';
import type { Logger } from '../log';
import type { TableBroadcastRepository } from '../storage/azure/broadcast-repository';
import type { DeliveryQueue } from './delivery-queue';

export interface FanOutDeps {
  broadcasts: TableBroadcastRepository;
  queue: DeliveryQueue;
  clock: Clock;
  log: Logger;
  /** This instance's id: the owner name of the claims it takes. */
  instanceId: string;
  /** At most this many messages wait in the queue; the rest are fed as workers take them. */
  queueWindow?: number;
}

export const CLAIM_LEASE_MS = 30_000;
const FEED_CHUNK = 250;

export interface StartedSend {
  send: SendRecord;
  /** False when another instance (or an earlier run) already did or is doing this send. */
  started: boolean;
}

/**
 * Starts a send to `recipients` exactly once: claims it with a conditional write, records one 'pending' delivery
 * per recipient, then enqueues them for the workers. Safe to call again or from another instance at any time; a
 * claim whose owner died is taken over and the send resumes where it stopped.
 */
export async function startSend(
  deps: FanOutDeps,
  input: { kind: SendKind; challengeId: string; subject: string; requestedBy: string; recipients: () => AsyncIterable<Agent> },
): Promise<StartedSend> {
  const now = deps.clock.now();
  const id = sendIdFor(input.kind, input.challengeId, input.subject);
  const claim = await deps.broadcasts.claim(
    {
      id,
      kind: input.kind,
      challengeId: input.challengeId,
      subject: input.subject,
      state: 'enqueuing',
      owner: deps.instanceId,
      leaseUntil: now + CLAIM_LEASE_MS,
      total: 0,
      createdAt: new Date(now).toISOString(),
      requestedBy: input.requestedBy,
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
    const already = new Map((await deps.broadcasts.listDeliveries(id)).map((d) => [d.agentId, d.state]));
    const recipients: string[] = [];
    const reachable = new Map<string, Agent>();
    for await (const agent of input.recipients()) {
      if (agent.reachable && agent.conversationReference) {
        recipients.push(agent.id);
        reachable.set(agent.id, agent);
      }
    }
    const fresh = recipients.filter((agentId) => !already.has(agentId));
    await deps.broadcasts.createPending(id, fresh, new Date(deps.clock.now()).toISOString());
    // Resumed sends re-enqueue whatever is still pending: a duplicate message is harmless, a missing one is not.
    const toEnqueue = recipients.filter((agentId) => {
      const state = already.get(agentId);
      return state === undefined || state === 'pending' || state === 'sending';
    });
    // Fed to the queue in chunks, keeping at most `queueWindow` messages waiting: workers see a short queue
    // (Azurite's cost per queue operation grows with the messages it holds) and a large audience does not sit
    // in the queue for minutes.
    const messages = toEnqueue.map((agentId) => {
      const agent = reachable.get(agentId)!;
      return { sendId: id, agentId, reference: agent.conversationReference, locale: agent.locale };
    });
    const window = deps.queueWindow ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < messages.length; i += FEED_CHUNK) {
      while (i > 0 && Number.isFinite(window) && (await deps.queue.approximateLength()) >= window - FEED_CHUNK) {
        if (lost) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (lost) break;
      await deps.queue.enqueue(messages.slice(i, i + FEED_CHUNK));
    }
    if (lost) throw new Error(`send ${id}: claim lost while enqueuing`);
    const total = new Set([...already.keys(), ...recipients]).size;
    await deps.broadcasts.updateClaim(id, deps.instanceId, { state: 'enqueued', total });
    deps.log.info('send enqueued', { send: id, recipients: total, enqueued: toEnqueue.length });
    return { send: { ...claim.send, state: 'enqueued', total }, started: true };
  } finally {
    clearInterval(renew);
    await renewing;
  }
}
