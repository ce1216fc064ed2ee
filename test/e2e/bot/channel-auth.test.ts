import { buildAgent, messageActivity } from '../../support/activities';
import { OpenIdStandIn } from '../../support/openid-server';
import { startTestApp, type TestApp } from '../../support/test-app';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const CHANNEL_ISSUER = 'https://api.botframework.com';

/** With an app id configured, /api/messages accepts only tokens the Bot Framework channel would send. */
describe('Bot Framework channel tokens', () => {
  const openId = new OpenIdStandIn({ issuer: CHANNEL_ISSUER, endorsements: ['msteams'] });
  let t: TestApp;

  beforeAll(async () => {
    await openId.start();
    t = await startTestApp({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        HOST: '127.0.0.1',
        // All of botbuilder's overridable auth settings, pointed at the local stand-in (see shared/NOTES.md).
        BotOpenIdMetadata: `${openId.url}/openid`,
        ToBotFromChannelOpenIdMetadataUrl: `${openId.url}/openid`,
        ToBotFromEmulatorOpenIdMetadataUrl: `${openId.url}/emulator-openid`,
        ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
        ToChannelFromBotLoginUrl: `${openId.url}/login`,
        ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
        OAuthUrl: `${openId.url}/oauth`,
        ValidateAuthority: 'false',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await openId.stop();
  });

  // A typing activity makes the bot do nothing, so only authentication decides the status.
  const activity = () => ({
    ...messageActivity(buildAgent(), t.connector.url, ''),
    type: 'typing',
  });
  const post = (token?: string) =>
    t.post(
      '/api/messages',
      activity(),
      token === undefined ? {} : { Authorization: `Bearer ${token}` },
    );
  const goodClaims = () => ({ aud: APP_ID, serviceurl: t.connector.url });

  it('accepts a valid channel token', async () => {
    expect((await post(openId.sign(goodClaims()))).status).toBe(200);
  });

  it('refuses a token it already accepted when it comes with another service URL', async () => {
    // given a token accepted once (and so kept as verified)
    const token = openId.sign(goodClaims());
    expect((await post(token)).status).toBe(200);

    // when the same token comes with an activity for another service URL
    const response = await t.post(
      '/api/messages',
      { ...activity(), serviceUrl: 'https://evil.example/' },
      { Authorization: `Bearer ${token}` },
    );

    // then it is refused, and still accepted where it belongs
    expect(response.status).toBe(401);
    expect((await post(token)).status).toBe(200);
  });

  it.each([
    ['no token', () => undefined],
    ['a garbage token', () => 'not.a.jwt'],
    ['a forged signature', () => openId.sign(goodClaims(), { forged: true })],
    ['an unknown key id', () => openId.sign(goodClaims(), { kid: 'other-key' })],
    ['an expired token', () => openId.sign(goodClaims(), { expiresInSeconds: -600 })],
    ['another audience', () => openId.sign({ ...goodClaims(), aud: 'someone-else' })],
    ['another issuer', () => openId.sign({ ...goodClaims(), iss: 'https://evil.example' })],
    [
      'another service URL',
      () => openId.sign({ ...goodClaims(), serviceurl: 'https://evil.example/' }),
    ],
  ])('refuses %s with 401 and no detail', async (_label, token) => {
    const response = await post(token());
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'unauthorized' });
  });
});
