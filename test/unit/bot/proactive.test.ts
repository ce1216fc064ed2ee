import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  ConnectorClient,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
} from 'botframework-connector';
import type { ChallengeAdapter } from '../../../src/bot/adapter';
import { BotMessenger } from '../../../src/bot/proactive';
import { CardFactory, MessageFactory } from 'botbuilder';
import { quizCard } from '../../../src/bot/cards/quiz-card';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { ConnectorStandIn } from '../../support/connector';

/** A stored conversation reference, as the bot keeps it for an agent. */
function referenceTo(serviceUrl: string, conversationId: string): string {
  return JSON.stringify({
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal' },
    bot: { id: 'bot-id', name: 'Défi' },
    user: { id: `user-of-${conversationId}` },
  });
}

/** The adapter's authentication, watched: how many connector factories and clients it makes. */
function watched(auth: BotFrameworkAuthentication) {
  const made = { factories: 0, clients: [] as string[], identities: [] as ClaimsIdentity[] };
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity) => {
    made.factories += 1;
    made.identities.push(identity);
    const factory = createConnectorFactory(identity);
    const create = factory.create.bind(factory);
    factory.create = (serviceUrl, audience) => {
      made.clients.push(serviceUrl);
      return create(serviceUrl, audience);
    };
    return factory;
  };
  return made;
}

describe('proactive messages', () => {
  const connectors: ConnectorStandIn[] = [];
  const aConnector = async () => {
    const connector = await new ConnectorStandIn().start();
    connectors.push(connector);
    return connector;
  };
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((connector) => connector.stop()));
  });

  it('go through one connector client per service URL, made once', async () => {
    // given the local-mode adapter (no app id) and two service URLs
    const auth = new ConfigurationBotFrameworkAuthentication({});
    const made = watched(auth);
    const messenger = new BotMessenger(new CloudAdapter(auth) as unknown as ChallengeAdapter, '');
    const [emea, amer] = [await aConnector(), await aConnector()];

    // when 5 cards go to agents served by one, and 2 by the other
    const ids = await Promise.all([
      ...[1, 2, 3, 4, 5].map((n) =>
        messenger.send(referenceTo(emea.url, `conv-${n}`), { type: 'message', text: `card ${n}` }),
      ),
      ...[6, 7].map((n) =>
        messenger.send(referenceTo(amer.url, `conv-${n}`), { type: 'message', text: `card ${n}` }),
      ),
    ]);

    // then two clients were made, each kept, and every card went as a proactive turn would send it
    expect(made.factories).toBe(1);
    expect(made.clients.sort()).toEqual([emea.url, amer.url].sort());
    expect(ids.every((id) => typeof id === 'string' && id.startsWith('act-'))).toBe(true);
    expect(emea.sent).toHaveLength(5);
    expect(amer.sent).toHaveLength(2);
    expect(emea.to('conv-3')[0]!.activity).toMatchObject({
      type: 'message',
      text: 'card 3',
      from: { id: 'bot-id' },
      recipient: { id: 'user-of-conv-3' },
      conversation: { id: 'conv-3' },
      channelId: 'msteams',
    });
  });

  it('send a quiz card exactly as the connector client’s own method would write it', async () => {
    // given a morning quiz card, and the client the messenger uses for its service URL
    const auth = new ConfigurationBotFrameworkAuthentication({});
    const messenger = new BotMessenger(new CloudAdapter(auth) as unknown as ChallengeAdapter, '');
    const connector = await aConnector();
    const card = {
      ...MessageFactory.attachment(
        CardFactory.adaptiveCard(
          quizCard('fr', {
            challenge: buildChallenge(),
            quiz: buildQuiz(1),
            state: 'open',
            answers: new Map(),
          }),
        ),
      ),
      summary: 'Quiz du jour',
    };
    const reference = referenceTo(connector.url, 'a:1Xy_conv/é');

    // when it goes through the messenger, then through the client's replyToActivity
    await messenger.send(reference, card);
    const [sent] = connector.sent;
    const client = await messenger.clientFor(connector.url);
    await client.conversations.replyToActivity(
      'a:1Xy_conv/é',
      sent!.activity.replyToId as string,
      sent!.activity as never,
    );

    // then both requests carry the same activity, to the same conversation
    const [, bySdk] = connector.sent;
    expect(sent!.activity).toEqual(bySdk!.activity);
    expect(sent!.conversationId).toBe(bySdk!.conversationId);
    expect(sent!.activity).toMatchObject({ type: 'message', summary: 'Quiz du jour' });
  });

  it('surface a 429 at once: the client does not retry behind the rate limiter', async () => {
    // given a connector that throttles the next request
    const auth = new ConfigurationBotFrameworkAuthentication({});
    const messenger = new BotMessenger(new CloudAdapter(auth) as unknown as ChallengeAdapter, '');
    const connector = await aConnector();
    connector.inject({ kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });

    // when a card is sent
    const started = Date.now();
    const failure = await messenger
      .send(referenceTo(connector.url, 'conv-1'), { type: 'message', text: 'card' })
      .catch((error: unknown) => error);

    // then the worker sees the 429 after one request, to retry it through its limiter
    expect(failure).toMatchObject({ statusCode: 429 });
    expect(connector.counts.requests).toBe(1);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('are signed by the adapter’s own credentials, as the bot itself, when an app id is set', async () => {
    // given an adapter whose authentication signs every request (as MSAL credentials do with an app id)
    const connector = await aConnector();
    const signing = {
      createConnectorFactory: () => ({
        create: async (serviceUrl: string) =>
          new ConnectorClient(
            {
              signRequest: async (request: { headers: { set(n: string, v: string): void } }) => {
                request.headers.set('authorization', 'Bearer token-of-the-app');
                return request;
              },
            } as never,
            { baseUri: serviceUrl },
          ),
      }),
    } as unknown as BotFrameworkAuthentication;
    const made = watched(signing);
    const messenger = new BotMessenger(
      new CloudAdapter(signing) as unknown as ChallengeAdapter,
      'app-id',
    );

    // when two cards and an update go
    const reference = referenceTo(connector.url, 'conv-1');
    await messenger.send(reference, { type: 'message', text: 'one' });
    const id = await messenger.send(reference, { type: 'message', text: 'two' });
    await messenger.update(reference, id!, { type: 'message', text: 'two, updated' });

    // then each request carried the app's token, and the client was made once, for the bot's app id
    expect(connector.sent.map((sent) => sent.authorization)).toEqual([
      'Bearer token-of-the-app',
      'Bearer token-of-the-app',
      'Bearer token-of-the-app',
    ]);
    expect(connector.sent[2]).toMatchObject({ method: 'PUT', activityId: id });
    expect(made.clients).toEqual([connector.url]);
    expect(made.identities[0]!.getClaimValue(AuthenticationConstants.AppIdClaim)).toBe('app-id');
  });
});
