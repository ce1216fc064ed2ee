import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP proxy in front of Azurite's table or queue port, counting every request the app makes by what it
 * does to the store (a point read, a query page, a batch…). The app is pointed at the proxy, so "store calls per
 * answer" is what the app asked for, not a guess from the code; seeding goes straight to Azurite and is not counted.
 */

/** Counts of store calls, by kind ("point read", "batch"…) and by answer status for the ones that were not 2xx. */
export interface StoreCounts {
  total: number;
  byKind: Record<string, number>;
  /** `<kind> <status>` for answers that were not 2xx (404 reads, 409 inserts, 412 stale writes…). */
  failures: Record<string, number>;
  /** Operations inside entity-group transactions (a batch is one call, carrying this many). */
  batchOperations: number;
  /** Messages the queue receives handed out (a receive may take up to 32 at once). */
  messagesReceived: number;
}

export const emptyCounts = (): StoreCounts => ({
  total: 0,
  byKind: {},
  failures: {},
  batchOperations: 0,
  messagesReceived: 0,
});

/** What happened between two snapshots. */
export function diffCounts(before: StoreCounts, after: StoreCounts): StoreCounts {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([key, n]) => [key, n - (b[key] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
  return {
    total: after.total - before.total,
    byKind: minus(after.byKind, before.byKind),
    failures: minus(after.failures, before.failures),
    batchOperations: after.batchOperations - before.batchOperations,
    messagesReceived: after.messagesReceived - before.messagesReceived,
  };
}

/** "8.02 store calls (point read 3.01, query 1.00, batch 1.00…; 412 stale 0.20)" per `per` things. */
export function describeCounts(counts: StoreCounts, per: number, unit: string): string {
  const each = (n: number) => (n / per).toFixed(2);
  const kinds = Object.entries(counts.byKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${kind} ${each(n)}`)
    .join(', ');
  const failures = Object.entries(counts.failures)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${kind} ${each(n)}`)
    .join(', ');
  const extra = [
    counts.batchOperations ? `operations in batches ${each(counts.batchOperations)}` : '',
    counts.messagesReceived ? `queue messages received ${each(counts.messagesReceived)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    `${each(counts.total)} store calls per ${unit} (${kinds || 'none'})` +
    (failures ? `; not 2xx: ${failures}` : '') +
    (extra ? `; ${extra}` : '')
  );
}

const ENTITY = /^\/[^/]+\/[^/()]+\(PartitionKey='.*',RowKey='.*'\)$/;
const TABLE_QUERY = /^\/[^/]+\/[^/()]+(\(\))?$/;

/** What a request to the Table service does, from its method, path and If-Match header. */
export function tableKind(method: string, path: string, ifMatch: string | undefined): string {
  if (/^\/[^/]+\/\$batch$/.test(path)) return 'batch';
  if (/^\/[^/]+\/Tables(\(.*\))?$/.test(path) || /^\/[^/]*\/?$/.test(path)) return 'table admin';
  const condition = ifMatch === undefined ? 'upsert ' : ifMatch === '*' ? '' : 'if-match ';
  if (ENTITY.test(decodeURIComponent(path))) {
    if (method === 'GET') return 'point read';
    if (method === 'DELETE') return ifMatch && ifMatch !== '*' ? 'delete if-match' : 'delete';
    if (method === 'PUT') return `${condition}replace`.trim();
    if (method === 'PATCH' || method === 'MERGE') return `${condition}merge`.trim();
  }
  if (TABLE_QUERY.test(path)) {
    if (method === 'GET') return 'query';
    if (method === 'POST') return 'insert';
  }
  return `table ${method} other`;
}

/** What a request to the Queue service does. */
export function queueKind(method: string, path: string, search: URLSearchParams): string {
  if (/^\/[^/]+\/[^/]+\/messages\/[^/]+$/.test(path)) {
    if (method === 'DELETE') return 'queue delete';
    if (method === 'PUT') return 'queue update';
  }
  if (/^\/[^/]+\/[^/]+\/messages$/.test(path)) {
    if (method === 'GET') return search.get('peekonly') === 'true' ? 'queue peek' : 'queue receive';
    if (method === 'POST') return 'queue put';
    if (method === 'DELETE') return 'queue clear';
  }
  return 'queue admin';
}

export class CountingProxy {
  private counts = emptyCounts();
  private server?: Server;
  // Kept-alive sockets to Azurite, as the SDK keeps its own to the proxy: the proxy adds a hop, not a handshake.
  // Idle sockets are dropped after 4 s, before Azurite's server drops them (Node's 5 s keep-alive timeout).
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 128, timeout: 4000 });
  port = 0;

  constructor(
    private readonly service: 'table' | 'queue',
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** A copy of the counts so far: take one before and one after a phase, and `diffCounts` them. */
  snapshot(): StoreCounts {
    return structuredClone(this.counts);
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = req.method ?? 'GET';
    const ifMatch = req.headers['if-match'];
    const kind =
      this.service === 'table'
        ? tableKind(method, url.pathname, Array.isArray(ifMatch) ? ifMatch[0] : ifMatch)
        : queueKind(method, url.pathname, url.searchParams);
    this.counts.total += 1;
    this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (kind === 'batch') {
        // Each operation of a changeset is an HTTP request line inside the multipart body.
        const operations = body.toString('utf8').match(/^(GET|POST|PUT|PATCH|MERGE|DELETE) http/gm);
        this.counts.batchOperations += operations?.length ?? 0;
      }
      this.send(req, res, kind, body, true);
    });
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    kind: string,
    body: Buffer,
    mayRetry: boolean,
  ): void {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: this.targetPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (answer) => {
        const status = answer.statusCode ?? 0;
        if (status >= 300) {
          const key = `${kind} ${status}`;
          this.counts.failures[key] = (this.counts.failures[key] ?? 0) + 1;
        }
        res.writeHead(status, answer.headers);
        if (kind === 'queue receive') {
          const received: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => received.push(chunk));
          answer.on('end', () => {
            const xml = Buffer.concat(received);
            this.counts.messagesReceived +=
              xml.toString('utf8').match(/<QueueMessage>/g)?.length ?? 0;
            res.end(xml);
          });
        } else {
          answer.pipe(res);
        }
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket Azurite closed as we reused it (its idle timeout): the request never reached it, so
      // it is sent again once (Node's documented pattern). Anything else would be the proxy's fault, not the
      // app's: it is answered 502 and will show in the failures.
      if (mayRetry && upstream.reusedSocket && error.code === 'ECONNRESET') {
        this.send(req, res, kind, body, false);
        return;
      }
      const key = `${kind} proxy ${error.code ?? 'error'}`;
      this.counts.failures[key] = (this.counts.failures[key] ?? 0) + 1;
      res.writeHead(502);
      res.end(String(error));
    });
    upstream.end(body);
  }
}
