import {
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { createBotAdapter, LazyConnectorFactory } from '../../../src/bot/adapter';
import { channelSettingsOf } from '../../../src/bot/channel-token-gate';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { buildAgent, executeActivity, messageActivity } from '../../support/activities';
import { ConnectorStandIn } from '../../support/connector';
import { OpenIdStandIn } from '../../support/openid-server';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';

const overridesFor = (url: string) => ({
  BotOpenIdMetadata: `${url}/openid`,
  ToBotFromChannelOpenIdMetadataUrl: `${url}/openid`,
  ToBotFromEmulatorOpenIdMetadataUrl: `${url}/emulator-openid`,
  ToBotFromChannelTokenIssuer: ISSUER,
  ToChannelFromBotLoginUrl: `${url}/login`,
  ToChannelFromBotOAuthScope: ISSUER,
  OAuthUrl: `${url}/oauth`,
  ValidateAuthority: 'false',
});

/** What botbuilder's own authentication derives from a configuration (private fields, read for the test). */
function botbuilderSettings(bot: ReturnType<typeof loadConfig>['bot']) {
  const inner = (
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: bot.appId,
      MicrosoftAppPassword: bot.appPassword,
      MicrosoftAppType: bot.appType,
      MicrosoftAppTenantId: bot.appTenantId,
      ...bot.authOverrides,
    }) as unknown as { inner: Record<string, unknown> }
  ).inner;
  return {
    appId: bot.appId,
    issuer: inner.toBotFromChannelTokenIssuer,
    channelMetadataUrl: inner.toBotFromChannelOpenIdMetadataUrl,
    emulatorMetadataUrl: inner.toBotFromEmulatorOpenIdMetadataUrl,
    oAuthScope: inner.toChannelFromBotOAuthScope,
    loginUrl: inner.toChannelFromBotLoginUrl,
    validateAuthority: inner.validateAuthority,
    callerId: inner.callerId,
  };
}

describe('the channel settings the adapter uses', () => {
  it.each([
    ['the public cloud', {}],
    ['a custom configuration', overridesFor('http://127.0.0.1:9')],
    ['the legacy BotOpenIdMetadata alone', { BotOpenIdMetadata: 'http://127.0.0.1:9/openid' }],
  ])('are botbuilder’s own for %s', (_label, overrides) => {
    const bot = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'MultiTenant',
      ...overrides,
    }).bot;
    expect(channelSettingsOf(bot)).toEqual(botbuilderSettings(bot));
  });
});

describe('the adapter’s authentication of a channel token', () => {
  const openId = new OpenIdStandIn({ issuer: ISSUER, endorsements: ['msteams'] });
  beforeAll(() => openId.start());
  afterAll(() => openId.stop());

  it('gives what botbuilder’s own authentication gives, without botbuilder verifying it again', async () => {
    // given a channel token and the two authentications
    const bot = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      ...overridesFor(openId.url),
    }).bot;
    const ours = createBotAdapter(bot, createLogger('silent')).auth;
    const theirs = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      ...bot.authOverrides,
    });
    const serviceUrl = 'https://smba.trafficmanager.net/emea/';
    const activity = {
      ...messageActivity(buildAgent(), serviceUrl, 'aide'),
      channelId: 'msteams',
    } as unknown as Activity;
    const header = `Bearer ${openId.sign({ aud: APP_ID, serviceurl: serviceUrl })}`;
    const botbuilderValidates = jest.spyOn(
      ConfigurationBotFrameworkAuthentication.prototype,
      'authenticateRequest',
    );

    // when both authenticate it
    const mine = await ours.authenticateRequest(activity, header);
    const calls = botbuilderValidates.mock.calls.length;
    const reference = await theirs.authenticateRequest(activity, header);

    // then the results match, and botbuilder was not asked
    expect(calls).toBe(0);
    expect(mine.audience).toBe(reference.audience);
    expect(mine.callerId).toBe(reference.callerId);
    expect(mine.claimsIdentity.isAuthenticated).toBe(true);
    expect(mine.claimsIdentity.claims).toEqual(reference.claimsIdentity.claims);
    botbuilderValidates.mockRestore();
  });
});

describe('the clients of a turn', () => {
  const connector = new ConnectorStandIn();
  beforeAll(() => connector.start());
  afterAll(() => connector.stop());

  /** Local mode: no token, the same per-turn clients. */
  const localAdapter = () =>
    createBotAdapter(
      loadConfig({ MicrosoftAppId: '', HOST: '127.0.0.1' }).bot,
      createLogger('silent'),
    );
  const run = async (
    bot: ReturnType<typeof localAdapter>,
    activity: Record<string, unknown>,
    logic: (turn: TurnContext) => Promise<void>,
  ) => {
    const auth = await bot.auth.authenticateRequest(activity as unknown as Activity, '');
    const response = await bot.adapter.runAuthenticated(
      auth,
      activity as unknown as Activity,
      logic,
    );
    return { factory: auth.connectorFactory as LazyConnectorFactory, response };
  };

  it('builds no connector client and no user token client for an invoke answered by its response', async () => {
    // given an adaptiveCard/action invoke answered in the invoke response
    const bot = localAdapter();
    const userTokenClients = jest.spyOn(
      ConfigurationBotFrameworkAuthentication.prototype,
      'createUserTokenClient',
    );
    const invoke = executeActivity(buildAgent(), connector.url, 'quiz.answer', {});

    // when two such turns run
    const turns = [];
    for (let i = 0; i < 2; i += 1)
      turns.push(
        await run(bot, invoke, async (turn) => {
          await turn.sendActivity({
            type: 'invokeResponse',
            value: { status: 200, body: { statusCode: 200 } },
          });
        }),
      );

    // then each answered, and no client was built
    expect(turns.map((turn) => turn.response)).toEqual([
      { status: 200, body: { statusCode: 200 } },
      { status: 200, body: { statusCode: 200 } },
    ]);
    expect(turns[0]!.factory).toBeInstanceOf(LazyConnectorFactory);
    expect(turns[0]!.factory.built).toBe(0);
    expect(userTokenClients).not.toHaveBeenCalled();
    userTokenClients.mockRestore();
  });

  it('builds one connector client for a turn that replies and updates, and the connector gets both', async () => {
    // given a message turn
    const bot = localAdapter();
    const agent = buildAgent();
    connector.clear();

    // when it replies, then updates its reply
    const { factory } = await run(
      bot,
      messageActivity(agent, connector.url, 'aide'),
      async (turn) => {
        const sent = await turn.sendActivity(MessageFactory.text('Bonjour'));
        await turn.updateActivity({ ...MessageFactory.text('Bonjour !'), id: sent!.id });
      },
    );

    // then one client carried both
    expect(factory.built).toBe(1);
    expect(connector.to(agent.conversationId).map((sent) => sent.method)).toEqual(['POST', 'PUT']);
  });
});
