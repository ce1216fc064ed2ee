import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot sent to the connector, with how it was sent. */
export interface SentActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The id the stand-in gave it (POST) or the id it replaced (PUT). */
  activityId: string;
  activity: Record<string, unknown>;
  authorization?: string;
  at: number;
}

/** How the stand-in answers the next calls; a fault applies to POST and PUT on activities. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; times: number }
  | { kind: 'slow'; delayMs: number; times: number };

export interface ConnectorOptions {
  /** Enforce a global rate: beyond `perSecond` calls in a sliding second, answer 429 with Retry-After. */
  ratePerSecond?: number;
  /** Answer 429 with Retry-After: 1 to this share of calls (0..1), chosen by a seeded sequence. */
  random429Share?: number;
  /** Conversations whose agent uninstalled the app: 403 ConversationBlockedByUser. */
  blockedConversations?: Set<string>;
}

/**
 * A local Bot Connector stand-in on 127.0.0.1: records what the bot sends (replies, proactive messages, card
 * updates) and can answer 429 / 500 / slowly, so bot tests assert on real HTTP traffic.
 */
export class ConnectorStandIn {
  readonly sent: SentActivity[] = [];
  readonly rejected: { status: number; conversationId: string }[] = [];
  /**
   * Calls on activities; those that found the enforced limit's window full (over the limit, what the app must
   * avoid: answered 429 'rate', or 'random' when the injected share hits them too); the injected 429s 'random'
   * (what it must cope with). Benches count them apart.
   */
  readonly counts = { requests: 0, overLimit: 0, random429: 0 };
  private server?: Server;
  private faults: Fault[] = [];
  private nextId = 1;
  private readonly window: number[] = [];
  private seed = 12345;
  private holding = 0;

  /** Requests that arrived and are being held by a 'slow' fault (they are recorded once the delay is over). */
  get held(): number {
    return this.holding;
  }
  private waiters: { count: number; resolve: () => void }[] = [];
  url = '';

  constructor(private readonly options: ConnectorOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Queues faults for the next calls, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  clear(): void {
    this.sent.length = 0;
    this.rejected.length = 0;
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Activities sent to one conversation, in order. */
  to(conversationId: string): SentActivity[] {
    return this.sent.filter((s) => s.conversationId === conversationId);
  }

  /** Resolves once at least `count` activities have been recorded. */
  waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.sent.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `connector stand-in: ${this.sent.length} of ${count} activities after ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private nextRandom(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    // GET /__stats: what was recorded, for a stand-in running in its own process (benchmarks).
    if (req.method === 'GET' && url.pathname === '/__stats') {
      const perConversation: Record<string, number> = {};
      for (const sent of this.sent)
        perConversation[sent.conversationId] = (perConversation[sent.conversationId] ?? 0) + 1;
      json(200, {
        sent: this.sent.length,
        perConversation,
        rejected: this.rejected.reduce<Record<string, number>>(
          (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
          {},
        ),
        firstAt: this.sent[0]?.at ?? 0,
        lastAt: this.sent.at(-1)?.at ?? 0,
        times: this.sent.map((s) => s.at),
        ...this.counts,
      });
      return;
    }
    // POST /v3/conversations: create a conversation (proactive to a user without one).
    if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === '/v3/conversations') {
      json(201, { id: `conv-created-${this.nextId++}` });
      return;
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
      json(404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    this.counts.requests += 1;
    const fault = this.faults[0];
    if (fault) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.shift();
      if (fault.kind === 'slow') {
        this.holding += 1;
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        this.holding -= 1;
      } else {
        this.rejected.push({ status: fault.status, conversationId });
        json(
          fault.status,
          { error: { code: 'Fault', message: 'injected' } },
          fault.retryAfterSeconds !== undefined
            ? { 'Retry-After': String(fault.retryAfterSeconds) }
            : {},
        );
        return;
      }
    }
    if (this.options.blockedConversations?.has(conversationId)) {
      this.rejected.push({ status: 403, conversationId });
      json(403, {
        error: {
          code: 'ConversationBlockedByUser',
          message: 'User blocked the conversation with the bot.',
        },
      });
      return;
    }
    // Teams counts every request against the app's rate, throttled ones included (../shared/NOTES.md): each call
    // enters the sliding second, whether it is then accepted or answered 429.
    const now = Date.now();
    let windowFull = false;
    if (this.options.ratePerSecond !== undefined) {
      while (this.window.length && this.window[0]! <= now - 1000) this.window.shift();
      windowFull = this.window.length >= this.options.ratePerSecond;
      this.window.push(now);
      // Over the limit whatever the answer: one that the random share also hits is still over.
      if (windowFull) this.counts.overLimit += 1;
    }
    if (this.options.random429Share && this.nextRandom() < this.options.random429Share) {
      this.rejected.push({ status: 429, conversationId });
      this.counts.random429 += 1;
      json(429, { error: { code: 'Throttled', message: 'random' } }, { 'Retry-After': '1' });
      return;
    }
    if (windowFull) {
      this.rejected.push({ status: 429, conversationId });
      json(429, { error: { code: 'Throttled', message: 'rate' } }, { 'Retry-After': '1' });
      return;
    }
    const activityId =
      req.method === 'PUT' ? decodeURIComponent(match[2] ?? '') : `act-${this.nextId++}`;
    this.sent.push({
      method: req.method as 'POST' | 'PUT',
      conversationId,
      activityId,
      activity: body,
      authorization: req.headers.authorization,
      at: Date.now(),
    });
    this.waiters = this.waiters.filter((w) => {
      if (this.sent.length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
    json(200, { id: activityId });
  }
}
