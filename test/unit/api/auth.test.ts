import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import {
  createAuthenticator,
  JwksCache,
  SignInNotConfigured,
  ssoAuthenticator,
  Unauthorized,
} from '../../../src/api/auth';
import { loadConfig } from '../../../src/config';

/** A key server whose answer the test switches: down (500) or up with one key, `kid-1`. */
async function aKeyServer() {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    format: 'jwk',
  });
  const state = { up: false, requests: 0 };
  const server: Server = createServer((_req, res) => {
    state.requests += 1;
    res.statusCode = state.up ? 200 : 500;
    res.end(state.up ? JSON.stringify({ keys: [{ ...jwk, kid: 'kid-1' }] }) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { state, url, stop };
}

describe('JwksCache while the key server fails', () => {
  it('fetches once per back-off, the back-off doubling to its cap, and again as soon as it is over', async () => {
    // given a key server that is down, and a clock the test moves
    const keys = await aKeyServer();
    let now = 1_000_000;
    const failures: number[] = [];
    const cache = new JwksCache(keys.url, {
      now: () => now,
      onFailure: (_error, retryInMs) => failures.push(retryInMs),
    });
    try {
      // when 50 requests ask for a key, then more after each back-off
      for (let i = 0; i < 50; i += 1) expect(await cache.key('kid-1')).toBeUndefined();
      const afterFifty = keys.state.requests;
      for (const wait of [30_000, 60_000, 120_000, 240_000, 300_000]) {
        now += wait - 1;
        await cache.key('kid-1');
        now += 1;
        await cache.key('kid-1');
      }
      keys.state.up = true;
      now += 300_000;

      // then
      expect(afterFifty).toBe(1);
      expect(failures).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
      expect(await cache.key('kid-1')).toBeDefined();
      expect(keys.state.requests).toBe(7);
    } finally {
      await keys.stop();
    }
  });
});

describe('the tab’s sign-in of a deployed bot without an app registration for the tab', () => {
  it('refuses every request, naming what to configure, and never falls back to the dev sign-in', async () => {
    // given
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppType: 'MultiTenant',
      HOST: '127.0.0.1',
    });
    const request = {
      headers: { authorization: 'Dev organiser-1' },
      socket: { remoteAddress: '127.0.0.1' },
    } as never;

    // when
    const attempt = createAuthenticator(config).authenticate(request);

    // then
    await expect(attempt).rejects.toBeInstanceOf(SignInNotConfigured);
    await expect(attempt).rejects.toThrow(/AAD_APP_CLIENT_ID/);
  });
});

describe('the tab’s SSO tokens, verified once', () => {
  const TENANT = '99999999-8888-7777-6666-555555555555';
  const CLIENT_ID = '12345678-90ab-cdef-1234-567890abcdef';
  const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;

  /** A tenant's key server whose signing key the test can rotate. */
  async function aTenantKeyServer() {
    const aKey = (kid: string) => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { kid, privateKey, jwk: publicKey.export({ format: 'jwk' }) };
    };
    const state = { keys: [aKey('kid-1')] };
    const server: Server = createServer((_req, res) => {
      res.end(JSON.stringify({ keys: state.keys.map((key) => ({ ...key.jwk, kid: key.kid })) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`,
      sign: (claims: Record<string, unknown>, lifetimeSeconds = 3600, at = Date.now()) => {
        const now = Math.floor(at / 1000);
        const signer = state.keys[0]!;
        return jwt.sign(
          {
            iss: ISSUER,
            aud: CLIENT_ID,
            tid: TENANT,
            oid: 'agent-1',
            scp: 'access_as_user',
            nbf: now - 60,
            exp: now + lifetimeSeconds,
            ...claims,
          },
          signer.privateKey,
          { algorithm: 'RS256', keyid: signer.kid },
        );
      },
      rotate: () => {
        state.keys = [aKey('kid-2')];
      },
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  let keys: Awaited<ReturnType<typeof aTenantKeyServer>>;
  beforeEach(async () => {
    keys = await aTenantKeyServer();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await keys.stop();
  });

  const authenticatorAt = (now: () => number = Date.now, maxTokens?: number) => {
    const config = loadConfig({ AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_TENANT_ID: TENANT });
    return ssoAuthenticator(config.tabAuth, {
      now,
      maxTokens,
      jwks: new JwksCache(keys.url, { now, refreshMs: 60_000 }),
    });
  };
  const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as never;

  it('verifies a token once, then answers from the cache with the same caller', async () => {
    // given a valid token
    const authenticator = authenticatorAt();
    const token = keys.sign({});
    const verify = jest.spyOn(jwt, 'verify');

    // when three calls carry it
    const callers = [];
    for (let i = 0; i < 3; i += 1) callers.push(await authenticator.authenticate(request(token)));

    // then it was verified once
    expect(verify).toHaveBeenCalledTimes(1);
    expect(callers).toEqual([
      { agentId: 'agent-1', tenantId: TENANT, name: '' },
      { agentId: 'agent-1', tenantId: TENANT, name: '' },
      { agentId: 'agent-1', tenantId: TENANT, name: '' },
    ]);
  });

  it.each([
    ['another tenant', { tid: 'another-tenant' }],
    ['another audience', { aud: `api://localhost/${CLIENT_ID}` }],
    ['no access_as_user scope', { scp: 'User.Read' }],
    ['another issuer', { iss: 'https://login.microsoftonline.com/another-tenant/v2.0' }],
  ])('refuses a token of %s every time', async (_label, claims) => {
    const authenticator = authenticatorAt();
    const token = keys.sign(claims);
    for (let i = 0; i < 3; i += 1)
      await expect(authenticator.authenticate(request(token))).rejects.toBeInstanceOf(Unauthorized);
  });

  it('refuses a cached token once it has expired', async () => {
    // given a token valid for two more minutes, accepted once
    let now = Date.now();
    const authenticator = authenticatorAt(() => now);
    const token = keys.sign({}, 120);
    await expect(authenticator.authenticate(request(token))).resolves.toBeDefined();

    // when it comes again past its expiry and the minute of leeway
    now += (120 + 61) * 1000;

    // then it is refused
    await expect(authenticator.authenticate(request(token))).rejects.toThrow('invalid token');
  });

  it('refuses a cached token whose signing key rotated out, once the keys are fetched again', async () => {
    // given a token signed by kid-1, accepted once
    let now = Date.now();
    const authenticator = authenticatorAt(() => now);
    const old = keys.sign({}, 6 * 3600);
    await expect(authenticator.authenticate(request(old))).resolves.toBeDefined();

    // when the tenant moves to kid-2 and, past the refresh interval, a token signed by it arrives
    keys.rotate();
    now += 2 * 60_000;
    const fresh = keys.sign({}, 6 * 3600, now);

    // then the new token is accepted and the cached one refused
    await expect(authenticator.authenticate(request(fresh))).resolves.toBeDefined();
    await expect(authenticator.authenticate(request(old))).rejects.toThrow('invalid token');
  });

  it('keeps a bounded number of tokens', async () => {
    // given an authenticator keeping 2 tokens
    const authenticator = authenticatorAt(Date.now, 2);
    const tokens = ['a', 'b', 'c'].map((jti) => keys.sign({ jti }));
    const verify = jest.spyOn(jwt, 'verify');

    // when 3 tokens come, then the first again
    for (const token of tokens) await authenticator.authenticate(request(token));
    await authenticator.authenticate(request(tokens[0]!));

    // then the first had been dropped and was verified again
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
