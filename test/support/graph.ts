import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appCredential } from '../../src/graph/credential';
import { GraphDirectory, type GraphDirectoryOptions } from '../../src/graph/graph-directory';

/**
 * A local Microsoft Graph and Entra token endpoint, for driving the real Graph client and @azure/identity.
 *
 * Served over https because @azure/identity refuses an http authority ("The authorityHost address must use the
 * 'https' protocol") and the Graph client sends its token to https hosts only. The certificate is self-signed,
 * made by the `openssl` CLI when the stand-in starts; give `ca` to the credential and to GraphDirectory.
 */

export interface StandInUser {
  id: string;
  displayName: string;
  department?: string;
  accountEnabled: boolean;
}

/** An answer forced on the next matching requests. */
export interface ForcedAnswer {
  status: number;
  code?: string;
  message?: string;
  retryAfter?: number;
}

interface Tracked extends StandInUser {
  /** The change counter when this user last changed (delta). */
  version: number;
  removed: boolean;
}

export interface GraphStandIn {
  /** https://127.0.0.1:port: the authority host. */
  url: string;
  /** https://127.0.0.1:port/v1.0: GRAPH_BASE_URL. */
  baseUrl: string;
  /** The self-signed certificate to trust (PEM). */
  ca: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  catalogAppId: string;
  /**
   * App Service's managed identity endpoint (IDENTITY_ENDPOINT, plain http on loopback as in App Service), for the
   * identity whose client id is `msiClientId`. `clientId`'s registration trusts it: a token it gives for
   * api://AzureADTokenExchange is taken as that app's client assertion (a federated credential).
   */
  msiEndpoint: string;
  msiHeader: string;
  msiClientId: string;
  /** Tokens given for `clientId` in exchange for a managed identity's assertion. */
  federatedExchanges: number;
  /** Items per page of any collection. */
  pageSize: number;
  /** Creates or changes a user (seen by the next delta). */
  putUser(user: StandInUser): void;
  /** Deletes a user (an `@removed` in the next delta; installation then answers 404). */
  removeUser(id: string): void;
  users(): StandInUser[];
  /** A group: its users and nested groups (ids). */
  setGroup(id: string, members: { users: string[]; groups?: string[] }): void;
  /** The next `times` requests whose "METHOD /path" matches get this answer instead. */
  force(match: RegExp, answer: ForcedAnswer, times?: number): void;
  /** Installation of the app for this user answers this, every time. */
  refuseInstall(userId: string, answer: ForcedAnswer): void;
  /** Requests per "METHOD /path" (no query), forced answers and token requests included. */
  requests: Map<string, number>;
  /** Every request, in order, with its arrival time (ms). */
  log: { key: string; at: number; status: number }[];
  /** Successful installations (201) per user. */
  installs: Map<string, number>;
  /** Tokens handed out. */
  tokensIssued(): number;
  /** The audience of each token handed out (Graph's, Storage's…). */
  tokenAudiences(): string[];
  /** Installation requests that came over `installRatePerSecond` (each answered 429). */
  overLimit: number;
  /** 429s answered, whatever the cause (over the rate, the random share, forced). */
  throttled: number;
  close(): Promise<void>;
}

/** A certificate for 127.0.0.1, made by the openssl CLI (the stand-ins speak https: MSAL and bearer tokens need it). */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'graph-standin-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The claims of a token this stand-in made. */
function claimsOf(token: string): { aud: string; appid: string } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    aud: string;
    appid: string;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function userJson(user: Tracked): Record<string, unknown> {
  const json: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.user',
    id: user.id,
    displayName: user.displayName,
    accountEnabled: user.accountEnabled,
  };
  // Graph sends null for an empty department.
  json.department = user.department ?? null;
  return json;
}

/** For benchmarks: Graph's limit on installations, enforced, and throttling at random. */
export interface InstallThrottling {
  /** Installation requests allowed in any sliding second; every request counts, throttled ones too. */
  installRatePerSecond?: number;
  /** Share of installation requests (within the rate) answered 429 with `Retry-After: 1`. */
  random429Share?: number;
  /** Seed of the random share's sequence, so that runs repeat. */
  seed?: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same 429s. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSTALL_PATH = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/;

/** Starts the stand-in on 127.0.0.1 (a free port) with `users` in its directory. */
export async function startGraphStandIn(
  options: { users?: StandInUser[]; pageSize?: number } & InstallThrottling = {},
): Promise<GraphStandIn> {
  const { key, cert } = selfSignedCertificate();
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = 'stand-in-secret';
  const catalogAppId = randomUUID();
  const msiClientId = randomUUID();
  const msiHeader = randomUUID();
  const directory = new Map<string, Tracked>();
  const groups = new Map<string, { users: string[]; groups: string[] }>();
  const forced: { match: RegExp; answer: ForcedAnswer; left: number }[] = [];
  const refusals = new Map<string, ForcedAnswer>();
  const installed = new Set<string>();
  const tokens = new Set<string>();
  let version = 0;
  const random = seededRandom(options.seed ?? 1);
  /** Arrival times of installation requests in the last second, oldest first. */
  const installWindow: number[] = [];

  const putUser = (user: StandInUser): void => {
    directory.set(user.id, { ...user, version: ++version, removed: false });
  };
  for (const user of options.users ?? []) putUser(user);

  /**
   * Shaped as Entra's: a JWT for a resource (Graph, Storage for the keyless path, where Azurite reads its issuer,
   * audience and lifetime, or the token exchange). Unsigned: nothing here checks a signature.
   */
  const issue = (audience: string, appId: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = [
      part({ typ: 'JWT', alg: 'RS256' }),
      part({
        aud: audience,
        iss: `https://sts.windows.net/${tenantId}/`,
        iat: now,
        nbf: now - 60,
        exp: now + 3600,
        tid: tenantId,
        appid: appId,
        oid: appId,
        jti: randomUUID(),
      }),
      'c3RhbmQtaW4',
    ].join('.');
    tokens.add(token);
    return token;
  };

  let url = '';
  const standIn: GraphStandIn = {
    url: '',
    baseUrl: '',
    ca: cert,
    tenantId,
    clientId,
    clientSecret,
    catalogAppId,
    msiEndpoint: '',
    msiHeader,
    msiClientId,
    federatedExchanges: 0,
    pageSize: options.pageSize ?? 100,
    putUser,
    removeUser(id) {
      const user = directory.get(id);
      if (user) Object.assign(user, { removed: true, version: ++version });
    },
    users: () =>
      [...directory.values()]
        .filter((user) => !user.removed)
        .map(({ id, displayName, department, accountEnabled }) => ({
          id,
          displayName,
          department,
          accountEnabled,
        })),
    setGroup(id, members) {
      groups.set(id, { users: members.users, groups: members.groups ?? [] });
    },
    force(match, answer, times = 1) {
      forced.push({ match, answer, left: times });
    },
    refuseInstall(userId, answer) {
      refusals.set(userId, answer);
    },
    requests: new Map(),
    log: [],
    installs: new Map(),
    tokensIssued: () => tokens.size,
    tokenAudiences: () =>
      [...tokens].map(
        (token) =>
          (
            JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
              aud: string;
            }
          ).aud,
      ),
    overLimit: 0,
    throttled: 0,
    close: async () => {
      for (const closing of [server, msi])
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          closing.closeAllConnections();
        });
    },
  };

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const graphError = (res: ServerResponse, answer: ForcedAnswer): void => {
    send(
      res,
      answer.status,
      { error: { code: answer.code ?? 'Error', message: answer.message ?? 'Forced by the test' } },
      answer.retryAfter === undefined ? {} : { 'retry-after': String(answer.retryAfter) },
    );
  };

  /** One page of `items`: the skip token is the offset, plus whatever else the link must carry. */
  const page = (
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    items: Record<string, unknown>[],
    extra: Record<string, string> = {},
    deltaToken?: number,
  ): void => {
    const offset = Number(query.get('$skiptoken') ?? 0);
    const size = Number(query.get('$top') ?? standIn.pageSize);
    const body: Record<string, unknown> = { value: items.slice(offset, offset + size) };
    if (offset + size < items.length) {
      const next = new URLSearchParams({ ...extra, $skiptoken: String(offset + size) });
      if (query.get('$top')) next.set('$top', String(size));
      body['@odata.nextLink'] = `${url}${path}?${next}`;
    } else if (deltaToken !== undefined) {
      body['@odata.deltaLink'] = `${url}${path}?$deltatoken=${deltaToken}`;
    }
    send(res, 200, body);
  };

  const transitive = (
    groupId: string,
    seen = new Set<string>(),
  ): { users: Set<string>; groups: Set<string> } => {
    const found = { users: new Set<string>(), groups: new Set<string>() };
    const group = groups.get(groupId);
    if (!group || seen.has(groupId)) return found;
    seen.add(groupId);
    for (const id of group.users) found.users.add(id);
    for (const nested of group.groups) {
      found.groups.add(nested);
      const inner = transitive(nested, seen);
      inner.users.forEach((id) => found.users.add(id));
      inner.groups.forEach((id) => found.groups.add(id));
    }
    return found;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = new URL(req.url ?? '/', url);
    const path = decodeURIComponent(target.pathname);
    const key = `${req.method} ${path}`;
    standIn.requests.set(key, (standIn.requests.get(key) ?? 0) + 1);
    // Judged on arrival, before the body is read: the window is what Graph would count.
    const isInstall = req.method === 'POST' && INSTALL_PATH.test(path);
    let overRate = false;
    if (isInstall && options.installRatePerSecond !== undefined) {
      const now = performance.now();
      while (installWindow.length && installWindow[0]! <= now - 1000) installWindow.shift();
      overRate = installWindow.length >= options.installRatePerSecond;
      installWindow.push(now);
    }
    const body = await readBody(req);

    // Entra: OpenID discovery (MSAL asks before its first token) and the client-credentials token.
    if (req.method === 'GET' && path === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      return send(res, 200, {
        issuer: `${url}/${tenantId}/v2.0`,
        authorization_endpoint: `${url}/${tenantId}/oauth2/v2.0/authorize`,
        token_endpoint: `${url}/${tenantId}/oauth2/v2.0/token`,
        jwks_uri: `${url}/${tenantId}/discovery/v2.0/keys`,
        end_session_endpoint: `${url}/${tenantId}/oauth2/v2.0/logout`,
      });
    }
    if (req.method === 'POST' && path === `/${tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      const assertion = form.get('client_assertion');
      const federated =
        form.get('client_assertion_type') ===
          'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' &&
        assertion !== null &&
        tokens.has(assertion) &&
        claimsOf(assertion).aud === 'api://AzureADTokenExchange' &&
        claimsOf(assertion).appid === msiClientId;
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== clientId ||
        (form.get('client_secret') !== clientSecret && !federated)
      ) {
        return send(res, 401, { error: 'invalid_client', error_description: 'Bad client' });
      }
      if (federated) standIn.federatedExchanges += 1;
      const token = issue((form.get('scope') ?? '').replace(/\/\.default$/, ''), clientId);
      return send(res, 200, {
        token_type: 'Bearer',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: token,
      });
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) {
      return graphError(res, {
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: 'No token',
      });
    }
    const rule = forced.find((candidate) => candidate.left > 0 && candidate.match.test(key));
    if (rule) {
      rule.left -= 1;
      return graphError(res, rule.answer);
    }
    if (overRate) {
      standIn.overLimit += 1;
      return graphError(res, {
        status: 429,
        code: 'TooManyRequests',
        message: 'Over the installation rate',
        retryAfter: 1,
      });
    }
    if (isInstall && options.random429Share && random() < options.random429Share) {
      return graphError(res, {
        status: 429,
        code: 'TooManyRequests',
        message: 'Throttled at random',
        retryAfter: 1,
      });
    }
    const query = target.searchParams;
    let match: RegExpExecArray | null;

    if (req.method === 'GET' && path === '/v1.0/users/delta') {
      const since = Number(query.get('$deltatoken') ?? query.get('since') ?? -1);
      // The snapshot a paged round reads: changes after its first page wait for the next round.
      const upto = Number(query.get('upto') ?? version);
      const changed = [...directory.values()]
        .filter((user) => user.version > since && user.version <= upto)
        .filter((user) => since >= 0 || !user.removed)
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((user) =>
          user.removed ? { id: user.id, '@removed': { reason: 'deleted' } } : userJson(user),
        );
      return page(res, path, query, changed, { since: String(since), upto: String(upto) }, upto);
    }
    if (
      req.method === 'GET' &&
      (match = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers(\/microsoft\.graph\.user)?$/.exec(
        path,
      ))
    ) {
      if (!groups.has(match[1])) {
        return graphError(res, {
          status: 404,
          code: 'Request_ResourceNotFound',
          message: 'No group',
        });
      }
      const found = transitive(match[1]);
      const users = [...found.users]
        .map((id) => directory.get(id))
        .filter((user): user is Tracked => user !== undefined && !user.removed)
        .map(userJson);
      const members = match[2]
        ? users
        : [
            ...users,
            ...[...found.groups].map((id) => ({ '@odata.type': '#microsoft.graph.group', id })),
          ];
      return page(res, path, query, members);
    }
    if (
      req.method === 'POST' &&
      (match = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path))
    ) {
      const userId = match[1];
      const bind = (JSON.parse(body || '{}') as Record<string, unknown>)['teamsApp@odata.bind'];
      if (bind !== `${url}/v1.0/appCatalogs/teamsApps/${catalogAppId}`) {
        return graphError(res, { status: 400, code: 'BadRequest', message: `Bad bind ${bind}` });
      }
      const refusal = refusals.get(userId);
      if (refusal) return graphError(res, refusal);
      const user = directory.get(userId);
      if (!user || user.removed) {
        return graphError(res, { status: 404, code: 'NotFound', message: 'User not found' });
      }
      if (installed.has(userId)) {
        return graphError(res, {
          status: 409,
          code: 'Conflict',
          message: 'App is already installed',
        });
      }
      installed.add(userId);
      standIn.installs.set(userId, (standIn.installs.get(userId) ?? 0) + 1);
      return send(res, 201, { id: randomUUID() });
    }
    return graphError(res, { status: 404, code: 'NotFound', message: `No route ${key}` });
  };

  const server: Server = createServer({ key, cert }, (req, res) => {
    const at = Date.now();
    res.on('finish', () => {
      if (res.statusCode === 429) standIn.throttled += 1;
      standIn.log.push({
        key: `${req.method} ${decodeURIComponent(new URL(req.url ?? '/', url).pathname)}`,
        at,
        status: res.statusCode,
      });
    });
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // App Service's identity endpoint: GET ?resource=…&client_id=… with the X-IDENTITY-HEADER secret.
  const msi = createHttpServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const resource = query.get('resource') ?? '';
    if (
      req.headers['x-identity-header'] !== msiHeader ||
      query.get('client_id') !== msiClientId ||
      !resource
    )
      return send(res, 400, { error: 'invalid_request' });
    return send(res, 200, {
      access_token: issue(resource, msiClientId),
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource,
      token_type: 'Bearer',
      client_id: msiClientId,
    });
  });
  await new Promise<void>((resolve) => msi.listen(0, '127.0.0.1', resolve));
  standIn.msiEndpoint = `http://127.0.0.1:${(msi.address() as AddressInfo).port}/msi/token`;
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = url;
  standIn.baseUrl = `${url}/v1.0`;
  return standIn;
}

/** N users with GUID ids, spread over a few directions; every tenth without a department. */
export function standInUsers(count: number, prefix = 'Agent'): StandInUser[] {
  const directions = [
    'Direction des finances',
    'Direction du numérique',
    'Direction de la culture',
  ];
  return Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    displayName: `${prefix} ${index + 1}`,
    department: index % 10 === 9 ? undefined : directions[index % directions.length],
    accountEnabled: true,
  }));
}

/** The app's Graph directory, through the real client and @azure/identity, pointed at the stand-in. */
export function standInDirectory(
  graph: GraphStandIn,
  options: Partial<Omit<GraphDirectoryOptions, 'credential'>> = {},
): GraphDirectory {
  return new GraphDirectory({
    baseUrl: graph.baseUrl,
    catalogAppId: graph.catalogAppId,
    ca: graph.ca,
    credential: appCredential({
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      managedIdentity: false,
      authorityHost: graph.url,
      instanceDiscovery: false,
      ca: graph.ca,
    }),
    ...options,
  });
}

/** The environment that points the app (or the CLI) at the stand-in, its certificate written to a file. */
export function standInEnv(
  graph: GraphStandIn,
  options: { managedIdentity?: boolean } = {},
): Record<string, string> {
  const caFile = join(mkdtempSync(join(tmpdir(), 'defi-graph-')), 'ca.pem');
  writeFileSync(caFile, graph.ca);
  if (options.managedIdentity)
    // As in Azure: the bot is the managed identity; Graph is called as the registration that trusts it.
    return {
      MicrosoftAppId: graph.msiClientId,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: graph.tenantId,
      GRAPH_APP_CLIENT_ID: graph.clientId,
      IDENTITY_ENDPOINT: graph.msiEndpoint,
      IDENTITY_HEADER: graph.msiHeader,
      AZURE_AUTHORITY_HOST: graph.url,
      GRAPH_BASE_URL: graph.baseUrl,
      GRAPH_CA_FILE: caFile,
      TEAMS_APP_CATALOG_ID: graph.catalogAppId,
    };
  return {
    MicrosoftAppId: graph.clientId,
    MicrosoftAppPassword: graph.clientSecret,
    MicrosoftAppTenantId: graph.tenantId,
    AZURE_AUTHORITY_HOST: graph.url,
    GRAPH_BASE_URL: graph.baseUrl,
    GRAPH_CA_FILE: caFile,
    TEAMS_APP_CATALOG_ID: graph.catalogAppId,
  };
}
