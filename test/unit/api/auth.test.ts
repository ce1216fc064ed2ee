import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthenticator, JwksCache, SignInNotConfigured } from '../../../src/api/auth';
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
