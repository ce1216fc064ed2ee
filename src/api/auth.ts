import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { Request } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../log';

/** Who is calling the tab's API. */
export interface Caller {
  agentId: string;
  tenantId: string;
  name: string;
}

export class Unauthorized extends Error {
  override name = 'Unauthorized';
}

export interface Authenticator {
  authenticate(req: Request): Promise<Caller>;
  /** How the tab should sign in: Teams SSO, or the local development sign-in. */
  readonly mode: 'sso' | 'dev';
}

const REQUIRED_SCOPE = 'access_as_user';

/** The tab's API without a sign-in it can use: every request is refused, saying what to configure. */
export class SignInNotConfigured extends Unauthorized {
  override name = 'SignInNotConfigured';
}

/**
 * The tenant's signing keys, fetched once and again at most every ten minutes when an unknown key id shows up
 * (Entra ID rotates keys; a forged kid must not make us hammer the endpoint). A failed fetch is not tried again
 * before a back-off (30 s, doubling with each failure in a row up to 5 min): while the key server is down,
 * requests are refused at once instead of each waiting for, and adding to, a server that does not answer.
 */
export class JwksCache {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private pending?: Promise<void>;
  private failures = 0;
  private retryAt = 0;
  private readonly refreshMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly onFailure: (error: unknown, retryInMs: number) => void;

  constructor(
    private readonly uri: string,
    options: {
      refreshMs?: number;
      backoffMs?: number;
      maxBackoffMs?: number;
      now?: () => number;
      /** Told once per failed fetch (not per request), with the back-off before the next one. */
      onFailure?: (error: unknown, retryInMs: number) => void;
    } = {},
  ) {
    this.refreshMs = options.refreshMs ?? 10 * 60_000;
    this.backoffMs = options.backoffMs ?? 30_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.onFailure = options.onFailure ?? (() => undefined);
  }

  private async refresh(): Promise<void> {
    try {
      const response = await fetch(this.uri, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
      const body = (await response.json()) as {
        keys?: JsonWebKey[];
      };
      const keys = new Map<string, KeyObject>();
      for (const jwk of body.keys ?? []) {
        if (typeof jwk.kid !== 'string' || jwk.kty !== 'RSA') continue;
        keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
      }
      this.keys = keys;
      this.fetchedAt = this.now();
      this.failures = 0;
      this.retryAt = 0;
    } catch (error) {
      this.failures += 1;
      const wait = Math.min(this.backoffMs * 2 ** (this.failures - 1), this.maxBackoffMs);
      this.retryAt = this.now() + wait;
      this.onFailure(error, wait);
    }
  }

  /** The key of this id, or undefined when the tenant has none (or its keys cannot be had just now). */
  async key(kid: string): Promise<KeyObject | undefined> {
    const now = this.now();
    const due =
      !this.keys.has(kid) &&
      now >= this.retryAt &&
      now - this.fetchedAt > (this.fetchedAt ? this.refreshMs : 0);
    if (due) {
      this.pending ??= this.refresh().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
    return this.keys.get(kid);
  }
}

/**
 * The audiences a Teams SSO token for this app carries: its client id, or its Application ID URI — the manifest's
 * `webApplicationInfo.resource`, `api://<PUBLIC_URL's host>/<client id>`, or the bare `api://<client id>`. Matched
 * exactly: another app of the tenant registered as `api://<anything>/<client id>` is another app.
 */
export function acceptedAudiences(clientId: string, publicUrl: string): ReadonlySet<string> {
  const audiences = new Set([clientId, `api://${clientId}`]);
  if (publicUrl) {
    let host: string;
    try {
      host = new URL(publicUrl).host;
    } catch {
      throw new Error(`PUBLIC_URL must be an absolute https URL (got "${publicUrl}")`);
    }
    audiences.add(`api://${host}/${clientId}`);
  }
  return audiences;
}

/** A verified tab token, kept until shortly before its expiry. */
interface VerifiedTabToken {
  claims: JwtPayload;
  kid: string;
  /** The key that verified it: the token stands only while the key set still holds this very key. */
  key: KeyObject;
  trustedUntil: number;
}

/** A verified token is trusted from the cache until this long before its `exp`. */
const CACHE_SKEW_MS = 60_000;
/** Entra tokens are 1–3 KB; a longer one is checked every time rather than kept. */
const MAX_CACHED_TOKEN_LENGTH = 16_384;

/**
 * Teams SSO tokens (Entra ID, v1 or v2) for the configured tenant only: signature by the tenant's JWKS,
 * issuer, audience (exactly one of `acceptedAudiences`), expiry, and the access_as_user scope. The agent is
 * oid + tid. The tab sends the same token with every call for its lifetime: a token verified once is kept
 * (by its exact string, at most `maxTokens`, least recently used dropped first) until a minute before its
 * `exp`, while its signing key is still the tenant's; the claims checks run again on every request.
 */
export function ssoAuthenticator(
  auth: Config['tabAuth'],
  options: {
    publicUrl?: string;
    log?: Logger;
    jwks?: JwksCache;
    now?: () => number;
    maxTokens?: number;
  } = {},
): Authenticator {
  const audiences = acceptedAudiences(auth.clientId, options.publicUrl ?? '');
  const now = options.now ?? Date.now;
  const maxTokens = options.maxTokens ?? 10_000;
  const jwks =
    options.jwks ??
    new JwksCache(auth.jwksUri, {
      now,
      onFailure: (error, retryInMs) =>
        options.log?.warn('tab sign-in keys unavailable: tab requests are refused meanwhile', {
          error,
          retryInSeconds: Math.round(retryInMs / 1000),
        }),
    });
  const tokens = new Map<string, VerifiedTabToken>();
  const audienceOk = (aud: unknown) =>
    (Array.isArray(aud) ? aud : [aud]).some((a) => typeof a === 'string' && audiences.has(a));
  const issuerOk = (iss: unknown) => typeof iss === 'string' && auth.issuers.includes(iss);
  /** The checks of the claims, exact, on every request (cached token or not). */
  const callerOf = (claims: JwtPayload): Caller => {
    const scopes = String(claims.scp ?? '').split(' ');
    if (
      !issuerOk(claims.iss) ||
      !audienceOk(claims.aud) ||
      claims.tid !== auth.tenantId ||
      !scopes.includes(REQUIRED_SCOPE) ||
      typeof claims.oid !== 'string'
    ) {
      throw new Unauthorized('token not for this app');
    }
    return { agentId: claims.oid, tenantId: claims.tid, name: String(claims.name ?? '') };
  };
  const verify = async (token: string): Promise<VerifiedTabToken> => {
    const kid = jwt.decode(token, { complete: true })?.header.kid;
    if (!kid) throw new Unauthorized('invalid token');
    const key = await jwks.key(kid);
    if (!key) throw new Unauthorized('invalid token');
    let claims;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: auth.issuers as [string, ...string[]],
        clockTolerance: 60,
        clockTimestamp: Math.floor(now() / 1000),
      });
    } catch {
      throw new Unauthorized('invalid token');
    }
    if (typeof claims !== 'object' || claims === null) throw new Unauthorized('invalid token');
    const trustedUntil = typeof claims.exp === 'number' ? claims.exp * 1000 - CACHE_SKEW_MS : 0;
    return { claims, kid, key, trustedUntil };
  };
  return {
    mode: 'sso',
    async authenticate(req) {
      const header = String(req.headers.authorization ?? '');
      const token = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header)?.[1];
      if (!token) throw new Unauthorized('missing bearer token');
      const cached = tokens.get(token);
      if (cached) {
        tokens.delete(token);
        if (now() < cached.trustedUntil && (await jwks.key(cached.kid)) === cached.key) {
          tokens.set(token, cached); // most recently used
          return callerOf(cached.claims);
        }
        // Too close to its expiry, or the keys changed: verified again from scratch.
      }
      const verified = await verify(token);
      const caller = callerOf(verified.claims);
      if (now() < verified.trustedUntil && token.length <= MAX_CACHED_TOKEN_LENGTH) {
        if (tokens.size >= maxTokens) {
          const oldest = tokens.keys().next().value;
          if (oldest !== undefined) tokens.delete(oldest);
        }
        tokens.set(token, verified);
      }
      return caller;
    },
  };
}

/** Headers a reverse proxy adds: behind one, every caller comes from loopback and the peer address says nothing. */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
];

/**
 * Local development sign-in, for `npm start` without an app registration: `Authorization: Dev <agent id>`.
 * Only in local mode (no bot app id), only from this machine, and never through a proxy: a loopback peer that
 * forwards for someone else is not this machine.
 */
export function devAuthenticator(): Authenticator {
  return {
    mode: 'dev',
    async authenticate(req) {
      const remote = req.socket?.remoteAddress ?? '';
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote))
        throw new Unauthorized('dev sign-in is for this machine only');
      if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined))
        throw new Unauthorized('dev sign-in is refused through a proxy');
      const agentId = /^Dev ([A-Za-z0-9._:@-]{1,100})$/.exec(
        String(req.headers.authorization ?? ''),
      )?.[1];
      if (!agentId) throw new Unauthorized('missing dev sign-in');
      return { agentId, tenantId: 'local', name: '' };
    },
  };
}

const NOT_CONFIGURED =
  'the tab’s sign-in is not configured: set AAD_APP_CLIENT_ID and AAD_APP_TENANT_ID (the dev sign-in exists in local mode only, without MicrosoftAppId)';

/** A deployed bot without the tab's app registration: the tab API refuses everyone, and says why once. */
export function notConfiguredAuthenticator(log?: Logger): Authenticator {
  log?.error(NOT_CONFIGURED);
  return {
    // No sign-in works: like SSO without a registration, every request is refused.
    mode: 'sso',
    async authenticate() {
      throw new SignInNotConfigured(NOT_CONFIGURED);
    },
  };
}

/**
 * Teams SSO when an app registration is configured; the local sign-in in local mode only (no bot app id: a
 * deployed bot never trusts a header); otherwise a refusal, never a fallback.
 */
export function createAuthenticator(config: Config, log?: Logger): Authenticator {
  if (config.tabAuth.clientId)
    return ssoAuthenticator(config.tabAuth, { publicUrl: config.publicUrl, log });
  if (config.nodeEnv === 'production')
    throw new Error('production needs AAD_APP_CLIENT_ID for the tab');
  if (config.localMode) return devAuthenticator();
  return notConfiguredAuthenticator(log);
}
