/** Fan-out of one message to many agents: what a send is, how each delivery goes, and when to try again. */

import type { Agent, Locale } from './agents';

export type SendKind = 'quiz' | 'reminder' | 'announcement' | 'workshop-reminder' | 'podium';

/** A send, claimed once (even with several instances) by whoever creates its row first. */
export interface SendRecord {
  id: string;
  kind: SendKind;
  challengeId: string;
  /** What the send carries: the quiz id, the announcement id, or the workshop id. */
  subject: string;
  state: 'enqueuing' | 'enqueued';
  owner: string;
  /** Epoch ms until which `owner` holds the claim; a dead owner's claim is taken over after it. */
  leaseUntil: number;
  total: number;
  createdAt: string;
  /** Who asked (organiser id, 'scheduler', 'cli'). */
  requestedBy: string;
  /** Set once an organiser stops the send: nothing more goes out, what went out stays reported. */
  cancelledAt?: string;
  cancelledBy?: string;
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Delivery {
  sendId: string;
  agentId: string;
  state: DeliveryState;
  tries: number;
  reason?: string;
  activityId?: string;
  /** While 'sending': epoch ms after which the attempt is known to have died. */
  sendingUntil?: number;
  updatedAt: string;
}

/** The one id of a send: a quiz is sent once per challenge, whoever starts it and however often. */
export function sendIdFor(kind: SendKind, challengeId: string, subject: string): string {
  return `${kind}.${challengeId}.${subject}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Jittered exponential backoff ("full jitter"): a random wait up to base·2^(tries-1), capped. */
export function backoffMs(
  tries: number,
  random: () => number,
  baseMs = 1000,
  capMs = 60_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, tries - 1));
  return Math.max(100, Math.floor(random() * ceiling));
}

/**
 * How long a `Retry-After` header asks to wait, in ms: seconds, or an HTTP date read against `now`; undefined
 * when absent or unreadable. Teams' connector and Microsoft Graph both send it with 429 and 503.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The `Retry-After` of a failed connector call (botbuilder's errors carry the response), in ms. */
export function retryAfterOfError(error: unknown, now: number): number | undefined {
  const headers = (
    error as { response?: { headers?: { get?: (name: string) => string | undefined | null } } }
  )?.response?.headers;
  return retryAfterMs(headers?.get?.('retry-after'), now);
}

export type FailureKind = 'throttled' | 'transient' | 'unreachable' | 'permanent';

/** How to treat a failed send, from the connector's HTTP status (undefined: network error or timeout). */
export function classifyFailure(status: number | undefined): FailureKind {
  if (status === 429) return 'throttled';
  if (status === undefined || status === 408 || status === 412 || status >= 500) return 'transient';
  if (status === 403 || status === 404) return 'unreachable';
  return 'permanent';
}

export interface SendProgress {
  sendId: string;
  kind: SendKind;
  /** What the send carries (quiz, announcement or workshop id). */
  subject: string;
  state: SendRecord['state'] | 'cancelled';
  requestedBy: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  /** Deliveries per second between the first and the last one done. */
  rate: number;
  createdAt: string;
  failures: Record<string, number>;
}

/** Counts a send's deliveries into the figures `cli status` and the organiser view show. */
export function summariseSend(send: SendRecord, deliveries: readonly Delivery[]): SendProgress {
  const count = (state: DeliveryState) => deliveries.filter((d) => d.state === state).length;
  const done = deliveries.filter(
    (d) => d.state === 'sent' || d.state === 'failed' || d.state === 'skipped',
  );
  const times = done.map((d) => Date.parse(d.updatedAt)).filter((t) => !Number.isNaN(t));
  const span = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  const failures: Record<string, number> = {};
  for (const d of deliveries)
    if (d.state === 'failed')
      failures[d.reason ?? 'unknown'] = (failures[d.reason ?? 'unknown'] ?? 0) + 1;
  const total = Math.max(send.total, deliveries.length);
  return {
    sendId: send.id,
    kind: send.kind,
    subject: send.subject,
    state: send.cancelledAt ? 'cancelled' : send.state,
    requestedBy: send.requestedBy,
    total,
    sent: count('sent'),
    failed: count('failed'),
    skipped: count('skipped'),
    pending: total - done.length,
    rate: span > 0 ? Math.round((done.length / span) * 10) / 10 : 0,
    createdAt: send.createdAt,
    failures,
  };
}

/** One recipient of a send as the fan-out reaches them: who, in which language, and where. */
export interface Recipient {
  /** The agent's id, or a team channel's recipient id (`channelRecipientId`). */
  agentId: string;
  locale: Locale;
  /** The agent's conversation reference (opaque JSON owned by the bot edge). */
  conversationReference: string;
  /** A team channel, not an agent: a refusal there says nothing about any agent's reachability. */
  channel?: boolean;
}

/** The agents a send can reach: reachable, with a stored conversation. */
export async function* reachableRecipients(agents: AsyncIterable<Agent>): AsyncIterable<Recipient> {
  for await (const agent of agents) {
    if (agent.reachable && agent.conversationReference) {
      yield {
        agentId: agent.id,
        locale: agent.locale,
        conversationReference: agent.conversationReference,
      };
    }
  }
}

/** One queue message: a recipient of a send, with how to reach them (saves a read per delivery). */
export interface DeliveryMessage {
  sendId: string;
  agentId: string;
  /** The agent's conversation reference (JSON) and language at enqueue time; older messages carry neither. */
  reference?: string;
  locale?: Locale;
  /** The recipient is a team channel (see Recipient.channel). */
  channel?: boolean;
  /**
   * The delivery row's version (and its tries) when the message was written — at enqueue, and again by each
   * `retryLater`: the worker marks 'sending' against it without reading the row first; a row changed since (412)
   * is read, and settled as it says.
   */
  etag?: string;
  tries?: number;
}

/** A message taken from the queue; `handle` is the queue's own (shard, receipt), handed back to it as is. */
export interface ReceivedDelivery<Handle = unknown> extends DeliveryMessage {
  handle: Handle;
  /** How many times the queue has handed this message out. */
  dequeueCount: number;
}

/** What starts a send: what it carries, who asked, and who may receive it. */
export interface SendRequest {
  kind: SendKind;
  challengeId: string;
  subject: string;
  requestedBy: string;
  /** Read once when the send starts (`reachableRecipients` turns agents into recipients). */
  recipients: () => AsyncIterable<Recipient>;
}

export interface StartedSend {
  send: SendRecord;
  /** False when another instance (or an earlier run) already did or is doing this send. */
  started: boolean;
}
