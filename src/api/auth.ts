import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtHeader, type JwtPayload } from 'jsonwebtoken';
import type { Request } from 'restify';
import type { Config } from '../config';

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

/**
 * The tenant's signing keys, fetched once and again at most every ten minutes when an unknown key id shows up
 * (Entra ID rotates keys; a forged kid must not make us hammer the endpoint).
 */
export class JwksCache {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private pending?: Promise<void>;

  constructor(
    private readonly uri: string,
    private readonly refreshMs = 10 * 60_000,
  ) {}

  private async refresh(): Promise<void> {
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
    this.fetchedAt = Date.now();
  }

  async key(kid: string): Promise<KeyObject | undefined> {
    if (
      !this.keys.has(kid) &&
      Date.now() - this.fetchedAt > (this.fetchedAt ? this.refreshMs : 0)
    ) {
      this.pending ??= this.refresh().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
    return this.keys.get(kid);
  }
}

/**
 * Teams SSO tokens (Entra ID, v1 or v2) for the configured tenant only: signature by the tenant's JWKS,
 * issuer, audience (client id or api://…/clientId), expiry, and the access_as_user scope. The agent is oid + tid.
 */
export function ssoAuthenticator(auth: Config['tabAuth']): Authenticator {
  const jwks = new JwksCache(auth.jwksUri);
  const audienceOk = (aud: unknown) =>
    (Array.isArray(aud) ? aud : [aud]).some(
      (a) =>
        typeof a === 'string' &&
        (a === auth.clientId || (a.startsWith('api://') && a.endsWith(`/${auth.clientId}`))),
    );
  const keyFor = (header: JwtHeader, callback: (error: Error | null, key?: KeyObject) => void) => {
    if (!header.kid) return callback(new Error('no kid'));
    jwks.key(header.kid).then(
      (key) => (key ? callback(null, key) : callback(new Error('unknown kid'))),
      (error: Error) => callback(error),
    );
  };
  return {
    mode: 'sso',
    async authenticate(req) {
      const header = String(req.headers.authorization ?? '');
      const token = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header)?.[1];
      if (!token) throw new Unauthorized('missing bearer token');
      const claims = await new Promise<JwtPayload>((resolve, reject) => {
        jwt.verify(
          token,
          keyFor,
          {
            algorithms: ['RS256'],
            issuer: auth.issuers as [string, ...string[]],
            clockTolerance: 60,
          },
          (error, decoded) =>
            error || !decoded || typeof decoded === 'string'
              ? reject(new Unauthorized('invalid token'))
              : resolve(decoded),
        );
      });
      const scopes = String(claims.scp ?? '').split(' ');
      if (
        !audienceOk(claims.aud) ||
        claims.tid !== auth.tenantId ||
        !scopes.includes(REQUIRED_SCOPE) ||
        typeof claims.oid !== 'string'
      ) {
        throw new Unauthorized('token not for this app');
      }
      return { agentId: claims.oid, tenantId: claims.tid, name: String(claims.name ?? '') };
    },
  };
}

/**
 * Local development sign-in, for `npm start` without an app registration: `Authorization: Dev <agent id>`.
 * Only when the server listens on loopback, and never in production (config refuses that combination).
 */
export function devAuthenticator(): Authenticator {
  return {
    mode: 'dev',
    async authenticate(req) {
      const remote = req.socket?.remoteAddress ?? '';
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote))
        throw new Unauthorized('dev sign-in is for this machine only');
      const agentId = /^Dev ([A-Za-z0-9._:@-]{1,100})$/.exec(
        String(req.headers.authorization ?? ''),
      )?.[1];
      if (!agentId) throw new Unauthorized('missing dev sign-in');
      return { agentId, tenantId: 'local', name: '' };
    },
  };
}

/** Teams SSO when an app registration is configured; the local sign-in otherwise, never in production. */
export function createAuthenticator(config: Config): Authenticator {
  if (config.tabAuth.clientId) return ssoAuthenticator(config.tabAuth);
  if (config.nodeEnv === 'production')
    throw new Error('production needs AAD_APP_CLIENT_ID for the tab');
  return devAuthenticator();
}
