import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../../src/config';
import { ChannelTokenGate, channelSettingsOf } from '../../../src/bot/channel-token-gate';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const HOUR = 3_600_000;

/** The channel's OpenID metadata and keys, whose signing key the test can rotate. */
async function aChannelKeyServer() {
  const aKey = (kid: string) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { kid, privateKey, jwk: publicKey.export({ format: 'jwk' }) };
  };
  const state = { keys: [aKey('key-1')], keyRequests: 0 };
  let url = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/keys') {
      state.keyRequests += 1;
      res.end(
        JSON.stringify({
          keys: state.keys.map((key) => ({ ...key.jwk, kid: key.kid, endorsements: ['msteams'] })),
        }),
      );
    } else res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${url}/keys` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (
    claims: Record<string, unknown>,
    options: { kid?: string; key?: KeyObject; lifetimeSeconds?: number } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const signer = state.keys.find((key) => key.kid === options.kid) ?? state.keys[0];
    return jwt.sign(
      { iss: ISSUER, nbf: now - 60, exp: now + (options.lifetimeSeconds ?? 3600), ...claims },
      options.key ?? signer!.privateKey,
      { algorithm: 'RS256', keyid: options.kid ?? 'key-1' },
    );
  };
  return {
    url,
    state,
    sign,
    /** The channel signs with a new key and no longer publishes the old one. */
    rotate: () => {
      state.keys = [aKey('key-2')];
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Moves `Date` (botbuilder's key cache and jsonwebtoken read it), and nothing else: the sockets keep their timers. */
function aClock(start: number) {
  jest.useFakeTimers({
    now: start,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return { set: (now: number) => jest.setSystemTime(now) };
}

describe('the channel token gate', () => {
  let keys: Awaited<ReturnType<typeof aChannelKeyServer>>;
  const good = () => ({ aud: APP_ID, serviceurl: SERVICE_URL });
  const bearer = (token: string) => `Bearer ${token}`;
  const activity = (serviceUrl = SERVICE_URL) => ({ channelId: 'msteams', serviceUrl });
  const gateAt = (now: () => number = Date.now, maxTokens?: number) =>
    new ChannelTokenGate(
      channelSettingsOf(
        loadConfig({
          MicrosoftAppId: APP_ID,
          MicrosoftAppType: 'MultiTenant',
          BotOpenIdMetadata: `${keys.url}/openid`,
          ToBotFromChannelOpenIdMetadataUrl: `${keys.url}/openid`,
          ToBotFromEmulatorOpenIdMetadataUrl: `${keys.url}/emulator-openid`,
          ToBotFromChannelTokenIssuer: ISSUER,
          ToChannelFromBotLoginUrl: `${keys.url}/login`,
          ToChannelFromBotOAuthScope: ISSUER,
          OAuthUrl: `${keys.url}/oauth`,
          ValidateAuthority: 'false',
        }).bot,
      ),
      { now, maxTokens },
    );

  // Each test has its own key server, hence its own botbuilder key cache (one per metadata URL).
  beforeEach(async () => {
    keys = await aChannelKeyServer();
  });
  afterEach(async () => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    await keys.stop();
  });

  it('verifies a token once, then trusts it from the cache with the same claims', async () => {
    // given a valid channel token
    const gate = gateAt();
    const token = bearer(keys.sign(good()));
    const verify = jest.spyOn(jwt, 'verify');

    // when it comes with three activities
    const checks = [
      await gate.check(activity(), token),
      await gate.check(activity(), token),
      await gate.check(activity(), token),
    ];

    // then it is verified once, and each activity gets its claims
    expect(verify).toHaveBeenCalledTimes(1);
    expect(checks.map((check) => check.verdict)).toEqual(['verified', 'verified', 'verified']);
    expect(checks[2]).toEqual(checks[0]);
    expect(gate.size).toBe(1);
  });

  it('still refuses a cached token for another service URL, or for a channel its key does not endorse', async () => {
    // given a token verified and cached for its service URL
    const gate = gateAt();
    const token = bearer(keys.sign(good()));
    expect((await gate.check(activity(), token)).verdict).toBe('verified');

    // when the same token comes with another service URL, or another channel
    const otherUrl = await gate.check(activity('https://evil.example/'), token);
    const otherChannel = await gate.check({ channelId: 'webchat', serviceUrl: SERVICE_URL }, token);

    // then both are refused, and the token still works where it belongs
    expect(otherUrl).toEqual({
      verdict: 'refused',
      reason: 'service URL not the one the token names',
    });
    expect(otherChannel).toEqual({
      verdict: 'refused',
      reason: 'channel not endorsed by the signing key',
    });
    expect((await gate.check(activity(), token)).verdict).toBe('verified');
  });

  it('refuses a cached token once it has expired', async () => {
    // given a token valid for two more minutes, verified and cached
    let now = Date.now();
    const gate = gateAt(() => now);
    const token = bearer(keys.sign(good(), { lifetimeSeconds: 120 }));
    expect((await gate.check(activity(), token)).verdict).toBe('verified');
    expect(gate.size).toBe(1);

    // when it comes again past its expiry and botbuilder's five minutes of leeway
    now += (120 + 5 * 60 + 1) * 1000;
    const late = await gate.check(activity(), token);

    // then it is refused and no longer kept
    expect(late).toEqual({ verdict: 'refused', reason: 'expired token' });
    expect(gate.size).toBe(0);
  });

  it('refuses a cached token whose signing key rotated out, once the key set is refreshed', async () => {
    // given a token signed by key-1, verified and cached
    const start = Date.now();
    const clock = aClock(start);
    const gate = gateAt();
    const old = bearer(keys.sign(good(), { lifetimeSeconds: 6 * 3600 }));
    expect((await gate.check(activity(), old)).verdict).toBe('verified');

    // when the channel moves to key-2 and, two hours later, a token signed by it arrives (botbuilder refreshes
    // its key set for an unknown key id at most hourly)
    keys.rotate();
    clock.set(start + 2 * HOUR);
    const fresh = bearer(keys.sign(good(), { kid: 'key-2', lifetimeSeconds: 6 * 3600 }));
    const freshCheck = await gate.check(activity(), fresh);
    const oldCheck = await gate.check(activity(), old);

    // then the new token is accepted and the cached one refused
    expect(freshCheck.verdict).toBe('verified');
    expect(oldCheck).toEqual({ verdict: 'refused', reason: 'unknown signing key' });
    expect(keys.state.keyRequests).toBe(2);
  });

  it('refuses a cached token whose key is gone after the daily refresh of the key set', async () => {
    // given a token signed by key-1, verified and cached
    const start = Date.now();
    const clock = aClock(start);
    const gate = gateAt();
    const old = bearer(keys.sign(good(), { lifetimeSeconds: 48 * 3600 }));
    expect((await gate.check(activity(), old)).verdict).toBe('verified');

    // when key-1 is retired and the key set's 24 hours are over
    keys.rotate();
    clock.set(start + 25 * HOUR);
    const check = await gate.check(activity(), old);

    // then the token is refused
    expect(check).toEqual({ verdict: 'refused', reason: 'unknown signing key' });
  });

  it.each([
    [
      'a forged signature',
      () =>
        keys.sign(good(), { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    ],
    ['another issuer', () => keys.sign({ ...good(), iss: 'https://evil.example' })],
    ['an unknown key id', () => keys.sign(good(), { kid: 'nobody' })],
    ['an expired token', () => keys.sign(good(), { lifetimeSeconds: -600 })],
  ])('never keeps %s, and refuses it every time', async (_label, forge) => {
    // given a bad token
    const gate = gateAt();
    const token = bearer(forge());

    // when it comes twice
    const checks = [await gate.check(activity(), token), await gate.check(activity(), token)];

    // then it is refused both times and nothing is kept
    expect(checks.map((check) => check.verdict)).toEqual(['refused', 'refused']);
    expect(gate.size).toBe(0);
  });

  it('refuses a token for another app every time, cached or not', async () => {
    const gate = gateAt();
    const token = bearer(keys.sign({ ...good(), aud: 'another-app' }));
    for (let i = 0; i < 3; i += 1)
      expect(await gate.check(activity(), token)).toEqual({
        verdict: 'refused',
        reason: 'token not for this app',
      });
  });

  it('keeps a bounded number of tokens, the least recently used dropped first', async () => {
    // given a gate keeping 3 tokens
    const gate = gateAt(Date.now, 3);
    const tokens = Array.from({ length: 5 }, (_, i) =>
      bearer(keys.sign({ ...good(), jti: `t${i}` })),
    );
    const verify = jest.spyOn(jwt, 'verify');

    // when 5 tokens come, and the first again
    for (const token of tokens) await gate.check(activity(), token);
    await gate.check(activity(), tokens[4]!);
    await gate.check(activity(), tokens[0]!);

    // then 3 are kept, the first had to be verified again, the last did not
    expect(gate.size).toBe(3);
    expect(verify).toHaveBeenCalledTimes(6);
  });

  it('parses each signing key once', async () => {
    // given two different tokens signed by the same key
    const gate = gateAt();
    const internals = gate as unknown as {
      keySets: Map<string, { key(kid: string): Promise<unknown> }>;
    };
    await gate.check(activity(), bearer(keys.sign({ ...good(), jti: 'a' })));
    const signingKeys = [...internals.keySets.values()][0]!;

    // when the key is looked up again
    const [first, second] = [await signingKeys.key('key-1'), await signingKeys.key('key-1')];

    // then it is the very same parsed key
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });
});
