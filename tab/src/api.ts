import type {
  AgendaView,
  InsightsView,
  LeaderboardView,
  MeView,
  MyTeamView,
  OrganiserOverviewView,
  PaperView,
  ReportView,
} from '../../src/api/views';

/** A client of the tab's API (src/api/routes.ts) that revalidates with ETags; what it answers is src/api/views.ts. */

/** What an action (sign-up, check-in) answered: its status and JSON body. */
export interface ActionResult {
  status: number;
  body: Record<string, unknown>;
}

export interface Endpoints {
  '/api/me': MeView;
  '/api/leaderboard': LeaderboardView;
  '/api/my-team': MyTeamView;
  '/api/agenda': AgendaView;
  '/api/admin/overview': OrganiserOverviewView;
  '/api/admin/report': ReportView;
  '/api/admin/insights': InsightsView;
  '/api/admin/paper': PaperView;
}
export type Endpoint = keyof Endpoints;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: 'unauthorized' | 'signIn' | 'forbidden' | 'network' | 'server',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** How the tab proves who is calling: a Teams SSO token, or the local development sign-in. */
export interface Credentials {
  header(): Promise<string>;
  /** A fresh header after a 401, or null when there is nothing better to try. */
  renew(): Promise<string | null>;
}

interface Cached<T> {
  data: T;
  etag: string | null;
  /** When the server last confirmed this version (epoch ms, the browser's clock). */
  at: number;
}

/** Data changes slowly and agents may be on a weak connection: at most one call per endpoint and minute. */
export const REFRESH_MS = 60_000;

export class ApiClient {
  private readonly cache = new Map<Endpoint, Cached<unknown>>();
  private readonly pending = new Map<Endpoint, Promise<unknown>>();

  constructor(
    private readonly credentials: Credentials,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** The last version received, if any, without a request. */
  cached<E extends Endpoint>(path: E): Endpoints[E] | undefined {
    return this.cache.get(path)?.data as Endpoints[E] | undefined;
  }

  /** When the server last confirmed the cached version (epoch ms), if any. */
  confirmedAt(path: Endpoint): number | undefined {
    return this.cache.get(path)?.at;
  }

  /** Whether the cached version is older than a minute (or absent). */
  stale(path: Endpoint, now = Date.now()): boolean {
    const entry = this.cache.get(path);
    // A second of slack: timers fire a little early or late, and a refresh must not wait a whole extra minute.
    return !entry || now - entry.at >= REFRESH_MS - 1000;
  }

  /** The endpoint's data: from the cache when fresh, else revalidated with If-None-Match (304 keeps ours). */
  get<E extends Endpoint>(path: E, options: { force?: boolean } = {}): Promise<Endpoints[E]> {
    if (!options.force && !this.stale(path)) return Promise.resolve(this.cached(path)!);
    let request = this.pending.get(path);
    if (!request) {
      request = this.load(path).finally(() => this.pending.delete(path));
      this.pending.set(path, request);
    }
    return request as Promise<Endpoints[E]>;
  }

  private async load<E extends Endpoint>(path: E): Promise<Endpoints[E]> {
    let response = await this.send(path, await this.authorization(() => this.credentials.header()));
    if (response.status === 401) {
      const renewed = await this.authorization(() => this.credentials.renew());
      if (renewed) response = await this.send(path, renewed);
    }
    const previous = this.cache.get(path) as Cached<Endpoints[E]> | undefined;
    if (response.status === 304 && previous) {
      previous.at = Date.now();
      return previous.data;
    }
    if (response.status === 401) throw new ApiError('unauthorized', `${path} answered 401`);
    // An agent who typed an organiser page's address: said plainly, not taken for a fault of ours.
    if (response.status === 403) throw new ApiError('forbidden', `${path} answered 403`);
    if (!response.ok) throw new ApiError('server', `${path} answered ${response.status}`);
    let data: Endpoints[E];
    try {
      data = (await response.json()) as Endpoints[E];
    } catch (error) {
      throw new ApiError('server', `${path} did not answer JSON`, { cause: error });
    }
    this.cache.set(path, { data, etag: response.headers.get('ETag'), at: Date.now() });
    return data;
  }

  /**
   * Sends an action (POST, DELETE), or a one-off read (GET: a send's progress, a search) that the page cache
   * does not keep, with the same credentials, renewed once on a 401.
   */
  async act(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<ActionResult> {
    const response = await this.authorized(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    let json: Record<string, unknown> = {};
    try {
      json = (await response.json()) as Record<string, unknown>;
    } catch {
      // No JSON body (a proxy's error page, an empty 204): the status says enough.
    }
    return { status: response.status, body: json };
  }

  /** A file of the API (the report's CSV or JSON) as a Blob: a plain link could not carry the Authorization header. */
  async download(path: string): Promise<Blob> {
    const response = await this.authorized(path, {});
    if (!response.ok) throw new ApiError('server', `${path} answered ${response.status}`);
    return response.blob();
  }

  /** One request with the reader's credentials, renewed once on a 401; a 401 after that throws. */
  private async authorized(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response> {
    const call = (authorization: string) =>
      this.fetcher(path, {
        ...init,
        headers: { Authorization: authorization, ...init.headers },
        cache: 'no-store',
        credentials: 'omit',
      }).catch((error: unknown) => {
        throw new ApiError('network', `${path} unreachable`, { cause: error });
      });
    let response = await call(await this.authorization(() => this.credentials.header()));
    if (response.status === 401) {
      const renewed = await this.authorization(() => this.credentials.renew());
      if (renewed) response = await call(renewed);
    }
    if (response.status === 401) throw new ApiError('unauthorized', `${path} answered 401`);
    return response;
  }

  private async authorization<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw new ApiError('signIn', 'no token from the host', { cause: error });
    }
  }

  private async send(path: Endpoint, authorization: string): Promise<Response> {
    const etag = this.cache.get(path)?.etag;
    try {
      return await this.fetcher(path, {
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          ...(etag ? { 'If-None-Match': etag } : {}),
        },
        // We revalidate ourselves: the browser cache must neither answer for us nor swallow the 304.
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      throw new ApiError('network', `${path} unreachable`, { cause: error });
    }
  }
}
