import { startApp, type RunningApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { buildAgent, messageActivity } from '../../support/activities';
import { ConnectorStandIn } from '../../support/connector';
import { OpenIdStandIn } from '../../support/openid-server';
import { testConnectionString, uniquePrefix } from '../../support/storage';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * Forged channel tokens are refused quietly: one line each through the app's logger, at its level, and nothing
 * on the console (botbuilder used to print 9–12 raw lines per token: 560 forged requests, 2,064 lines).
 */
describe('what forged channel tokens leave in the logs', () => {
  const openId = new OpenIdStandIn({ issuer: CHANNEL_ISSUER, endorsements: ['msteams'] });
  const connector = new ConnectorStandIn();
  const lines: string[] = [];
  let app: RunningApp;
  let url = '';

  beforeAll(async () => {
    await openId.start();
    await connector.start();
    const config = loadConfig({
      AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: uniquePrefix(),
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      SCHEDULER: 'off',
      WORKERS: 'off',
      LOG_LEVEL: 'info',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      // All of botbuilder's overridable auth settings, pointed at the local stand-in (see shared/NOTES.md).
      BotOpenIdMetadata: `${openId.url}/openid`,
      ToBotFromChannelOpenIdMetadataUrl: `${openId.url}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${openId.url}/emulator-openid`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: `${openId.url}/login`,
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      OAuthUrl: `${openId.url}/oauth`,
      ValidateAuthority: 'false',
    });
    app = await startApp(
      config,
      createLogger(config.logLevel, (line) => lines.push(line)),
    );
    url = `http://127.0.0.1:${app.port}/api/messages`;
  });
  afterAll(async () => {
    await app.close();
    await connector.stop();
    await openId.stop();
  });

  // A typing activity makes the bot do nothing, so only authentication decides the status.
  const post = async (token: string | undefined, channelId = 'msteams') => {
    const activity = {
      ...messageActivity(buildAgent(), connector.url, ''),
      type: 'typing',
      channelId,
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(activity),
    });
    return response.status;
  };
  const good = () => ({ aud: APP_ID, serviceurl: connector.url });
  const now = () => Math.floor(Date.now() / 1000);

  /** Each way of forging a token, the noisy ones (a known key id) first. */
  const forgeries: [string, () => Promise<number>][] = [
    ['a forged signature', () => post(openId.sign(good(), { forged: true }))],
    ['an expired token', () => post(openId.sign(good(), { expiresInSeconds: -3600 }))],
    [
      'a token not valid yet',
      () => post(openId.sign({ ...good(), nbf: now() + 3600, iat: now() + 3600 })),
    ],
    ['a channel the key does not endorse', () => post(openId.sign(good()), 'webchat')],
    ['another audience', () => post(openId.sign({ ...good(), aud: 'someone-else' }))],
    ['another issuer', () => post(openId.sign({ ...good(), iss: 'https://evil.example' }))],
    [
      'another service URL',
      () => post(openId.sign({ ...good(), serviceurl: 'https://evil.example/' })),
    ],
    ['an unknown key id', () => post(openId.sign(good(), { kid: 'other-key' }))],
    ['a garbage token', () => post('not.a.jwt')],
    ['no token', () => post(undefined)],
  ];

  it('gives each of 200 forged requests one log line at most, and the console nothing', async () => {
    // given the console watched, and a valid token still accepted
    expect(await post(openId.sign(good()))).toBe(200);
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    lines.length = 0;

    // when 20 rounds of every forgery come
    const statuses: number[] = [];
    for (let round = 0; round < 20; round += 1)
      for (const [, forge] of forgeries) statuses.push(await forge());
    const printed = {
      error: consoleError.mock.calls.length,
      warn: consoleWarn.mock.calls.length,
      log: consoleLog.mock.calls.length,
    };
    consoleError.mockRestore();
    consoleWarn.mockRestore();
    consoleLog.mockRestore();

    // then
    console.log(
      `forged channel tokens: ${statuses.length} requests → ${lines.length} log lines, console.error ${printed.error}`,
    );
    expect(statuses.filter((status) => status !== 401)).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(statuses.length);
    expect(lines.every((line) => line.includes('channel token refused'))).toBe(true);
    expect(lines.every((line) => line.split('\n').length === 2)).toBe(true);
    expect(printed).toEqual({ error: 0, warn: 0, log: 0 });
  });

  it.each(forgeries.map(([label, forge]) => [label, forge] as const))(
    'refuses %s with 401',
    async (_label, forge) => {
      expect(await forge()).toBe(401);
    },
  );
});
