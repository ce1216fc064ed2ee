import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type {
  DirectoryPage,
  DirectoryUser,
  InstallFailure,
  InstallOutcome,
  RosterScope,
} from '../domain/directory';
import { retryAfterMs } from '../domain/broadcast';
import type { Directory } from '../domain/ports';
import { PrivateCaHandler } from './private-ca-handler';

export interface GraphDirectoryOptions {
  /** Graph's root with its version: https://graph.microsoft.com/v1.0, a sovereign cloud's, or a stand-in's. */
  baseUrl: string;
  credential: TokenCredential;
  /** The app's id in the organisation's app catalogue. */
  catalogAppId: string;
  /** A PEM certificate to trust for the Graph host (a private or test authority). */
  ca?: string;
  /** Retries of a 429, 503 or 504 (the client waits for `Retry-After`); 5 by default. */
  maxRetries?: number;
  /** A `Retry-After` longer than this is not waited for: the error surfaces instead. 60 s by default. */
  maxRetryAfterSeconds?: number;
}

/** Graph refused a directory read for want of a permission: what to ask an administrator for. */
export class GraphPermissionError extends Error {
  override name = 'GraphPermissionError';
  constructor(
    message: string,
    readonly status: number,
    readonly permission: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_FIELDS = 'id,displayName,department,accountEnabled';
const INSTALL_PERMISSION = 'TeamsAppInstallation.ReadWriteSelfForUser.All';

/** What a read is, for its error: the thing read and the permission it needs. */
interface Reading {
  what: string;
  permission: string;
}

const USERS: Reading = { what: 'the users (/users/delta)', permission: 'User.Read.All' };

interface GraphCollection {
  value?: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Ids go into URL paths: only a GUID is accepted, checked before any request. */
function checkGuid(id: string, what: string): string {
  if (typeof id !== 'string' || !GUID.test(id)) {
    throw new TypeError(`${what} must be a GUID (got ${JSON.stringify(String(id).slice(0, 60))})`);
  }
  return encodeURIComponent(id);
}

function userOf(raw: Record<string, unknown>): DirectoryUser {
  const user: DirectoryUser = {
    id: String(raw.id),
    name: typeof raw.displayName === 'string' ? raw.displayName : '',
    // Graph leaves accountEnabled out when the caller may not read it; absent is not "disabled".
    accountEnabled: raw.accountEnabled !== false,
  };
  if (typeof raw.department === 'string') user.department = raw.department;
  return user;
}

/** The directory of the collectivity through Microsoft Graph, app-only (the `Directory` port). */
export class GraphDirectory implements Directory {
  private readonly client: Client;
  private readonly origin: string;
  private readonly baseUrl: string;
  private readonly catalogAppId: string;
  private readonly privateCa?: PrivateCaHandler;

  constructor(options: GraphDirectoryOptions) {
    const base = new URL(options.baseUrl);
    const version = base.pathname.replace(/^\/+|\/+$/g, '');
    if (base.protocol !== 'https:' || !/^[^/]+$/.test(version)) {
      // The client sends its token to https hosts only, and reads one path segment as the version.
      throw new TypeError(`Graph's base must be https://host/version (got "${options.baseUrl}")`);
    }
    // Empty until the package is in the organisation's catalogue: the directory reads, installations wait.
    if (options.catalogAppId)
      checkGuid(options.catalogAppId, "The app's catalogue id (TEAMS_APP_CATALOG_ID)");
    this.origin = base.origin;
    this.baseUrl = `${base.origin}/${version}`;
    this.catalogAppId = options.catalogAppId;
    const maxRetries = options.maxRetries ?? 5;
    const maxWait = options.maxRetryAfterSeconds ?? 60;
    const auth = new AuthenticationHandler(
      new TokenCredentialAuthenticationProvider(options.credential, {
        scopes: [`${base.origin}/.default`],
      }),
    );
    const retry = new RetryHandler(
      new RetryHandlerOptions(1, maxRetries, (_delay, _attempt, _request, _options, response) => {
        // A long Retry-After would hold a sync for minutes: better fail and let the next run resume.
        const wait = retryAfterMs(response.headers.get('Retry-After'), Date.now());
        return wait === undefined || wait <= maxWait * 1000;
      }),
    );
    let last: Middleware = new HTTPMessageHandler();
    if (options.ca) last = this.privateCa = new PrivateCaHandler(options.ca);
    this.client = Client.initWithMiddleware({
      baseUrl: base.origin,
      defaultVersion: version,
      // The client attaches the token to Microsoft's Graph hosts only; a sovereign or test host is named here.
      customHosts: new Set([base.hostname]),
      middleware: [
        auth,
        retry,
        new RedirectHandler(new RedirectHandlerOptions()),
        new TelemetryHandler(),
        last,
      ],
    });
  }

  async *roster(scope: RosterScope, deltaLink?: string): AsyncIterable<DirectoryPage> {
    if (scope.kind === 'tenant') {
      const first = deltaLink ? this.sameHost(deltaLink) : `/users/delta?$select=${USER_FIELDS}`;
      for await (const page of this.pages(first, USERS)) {
        const result: DirectoryPage = { users: [], removed: [] };
        for (const raw of page.value ?? []) {
          if (raw['@removed'] !== undefined) result.removed.push(String(raw.id));
          else result.users.push(userOf(raw));
        }
        if (page['@odata.deltaLink']) result.deltaLink = page['@odata.deltaLink'];
        yield result;
      }
      return;
    }
    const group = checkGuid(scope.groupId, 'A group id');
    const reading: Reading = {
      what: `the members of group ${scope.groupId}`,
      permission: 'GroupMember.Read.All and User.Read.All',
    };
    const first = `/groups/${group}/transitiveMembers/microsoft.graph.user?$select=${USER_FIELDS}`;
    for await (const page of this.pages(first, reading)) {
      yield { users: (page.value ?? []).map(userOf), removed: [] };
    }
  }

  async *groupMembers(groupId: string): AsyncIterable<string> {
    const group = checkGuid(groupId, 'A group id');
    const reading: Reading = {
      what: `the members of group ${groupId}`,
      permission: 'GroupMember.Read.All',
    };
    for await (const page of this.pages(`/groups/${group}/transitiveMembers?$select=id`, reading)) {
      for (const member of page.value ?? []) {
        // Nested groups come along in a transitive list: only people count.
        if (member['@odata.type'] === '#microsoft.graph.user') yield String(member.id);
      }
    }
  }

  async installApp(userId: string): Promise<InstallOutcome> {
    const user = checkGuid(userId, 'A user id');
    try {
      await this.client
        .api(`/users/${user}/teamwork/installedApps`)
        // No retry inside the client: a throttled installation is tried again by the caller, through its pacer,
        // so that every request Graph counts took a slot of the installation rate.
        .middlewareOptions([new RetryHandlerOptions(0, 0)])
        .post({
          'teamsApp@odata.bind': `${this.baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(this.catalogAppId)}`,
        });
      return { kind: 'installed' };
    } catch (error) {
      // No status: the network or the credential failed, which no user row should record.
      if (!(error instanceof GraphError) || error.statusCode < 400) throw error;
      if (error.statusCode === 429 || error.statusCode === 503)
        return {
          kind: 'throttled',
          // A second when Graph did not say; never more than a minute (a run must not stall on one person).
          retryAfterMs: Math.min(
            retryAfterMs(error.headers?.get('Retry-After'), Date.now()) ?? 1000,
            60_000,
          ),
        };
      return installOutcomeOf(error);
    }
  }

  /** Closes idle connections (tests end cleanly). */
  close(): void {
    this.privateCa?.close();
  }

  private async *pages(first: string, reading: Reading): AsyncGenerator<GraphCollection> {
    let next: string | undefined = first;
    while (next !== undefined) {
      let page: GraphCollection;
      try {
        page = (await this.client.api(next).get()) as GraphCollection;
      } catch (error) {
        throw readError(error, reading);
      }
      yield page;
      next = page['@odata.nextLink'] ? this.sameHost(page['@odata.nextLink']) : undefined;
    }
  }

  /** A link Graph gave back gets our token: it must point at Graph's own host. */
  private sameHost(link: string): string {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new TypeError('A Graph link must be an absolute address');
    }
    if (url.origin !== this.origin) {
      throw new TypeError(`A Graph link must point at ${this.origin} (got ${url.origin})`);
    }
    return link;
  }
}

function readError(error: unknown, reading: Reading): Error {
  if (!(error instanceof GraphError) || error.statusCode < 400) return error as Error;
  const said = `${error.statusCode}${error.code ? ` ${error.code}` : ''}: ${error.message}`;
  if (error.statusCode === 401 || error.statusCode === 403) {
    return new GraphPermissionError(
      `Microsoft Graph refused to read ${reading.what} (${said}). The app needs the application permission ${reading.permission}, granted by an administrator (admin consent in Entra ID, API permissions).`,
      error.statusCode,
      reading.permission,
      { cause: error },
    );
  }
  return new Error(`Microsoft Graph could not read ${reading.what} (${said})`, { cause: error });
}

/** Graph's refusal, in words an organiser can act on. */
function installOutcomeOf(error: GraphError): InstallOutcome {
  const text = `${error.code ?? ''} ${error.message ?? ''}`;
  const failed = (reason: InstallFailure, detail: string): InstallOutcome => ({
    kind: 'failed',
    reason,
    detail,
  });
  switch (error.statusCode) {
    case 409:
      return { kind: 'already' };
    case 404:
      // The app missing from the catalogue is a 404 too, and no fault of the user's.
      return /teamsApp|catalog/i.test(text)
        ? failed('not_permitted', `the app is not in the organisation's catalogue: ${text.trim()}`)
        : failed('user_gone', text.trim());
    case 403:
      if (/licen[cs]e|teams (is )?(disabled|not enabled)|not enabled for teams/i.test(text)) {
        return failed('no_teams', text.trim());
      }
      if (/polic(y|ies)|blocked/i.test(text)) return failed('blocked_by_policy', text.trim());
      return failed(
        'not_permitted',
        `the app needs the application permission ${INSTALL_PERMISSION} (or TeamsAppInstallation.ReadWriteForUser.All), granted by an administrator: ${text.trim()}`,
      );
    default:
      return failed('error', `${error.statusCode} ${text.trim()}`);
  }
}
