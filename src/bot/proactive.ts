import { randomUUID } from 'node:crypto';
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
  type ConnectorFactory,
} from 'botframework-connector';
import type { Messenger, OutgoingActivity } from '../domain/ports';
import type { ChallengeAdapter } from './adapter';

/** Anything with the core-client pipeline botframework-connector's clients carry (`client.client.pipeline`). */
interface WithPipeline {
  client?: { pipeline?: { removePolicy(options: { phase: string }): unknown } };
}

/**
 * The connector client retries 429 and 5xx by itself (up to 3 times, honouring Retry-After). For broadcasts the
 * fan-out owns retries instead, so that every try passes the shared rate limiter and is counted: the client's
 * retry policy is removed from its pipeline. Should botbuilder's internals change, the policy simply stays, and
 * tries are undercounted rather than broken (test/unit/bot/proactive.test.ts says so at once).
 */
export function removeBuiltInRetries(client: unknown): void {
  (client as WithPipeline | undefined)?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

/** The same, for the connector client of a turn (the bot's paced welcome). */
export function withoutBuiltInRetries(turn: TurnContext): void {
  const key = (turn.adapter as { ConnectorClientKey?: symbol } | undefined)?.ConnectorClientKey;
  if (key) removeBuiltInRetries(turn.turnState.get(key));
}

/** What a ConnectorClient holds under `client`: core-client's ServiceClient, its pipeline and HTTP client. */
interface WithServiceClient {
  client?: { sendRequest?(request: PipelineRequest): Promise<PipelineResponse> };
}

/** Service URLs kept at once: Teams uses a handful (one per region); tests start many stand-ins. */
const MAX_CLIENTS = 32;

/**
 * Proactive messages: the agent's stored conversation reference, one activity, one request to the connector.
 *
 * botbuilder's `continueConversationAsync` builds a connector factory, a ConnectorClient (its HTTP pipeline and
 * credentials) and a UserTokenClient for every message — 7.7 % of the main thread in a broadcast. This sends what
 * that turn would send (the same activity, to the same `/v3/conversations/{id}/activities/{replyToId}`), through
 * one ConnectorClient per service URL, made once by the adapter's own authentication: with an app id, its
 * credentials and their token cache are the adapter's, and every request is signed as before.
 */
export class BotMessenger implements Messenger {
  private factory?: ConnectorFactory;
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly auth: BotFrameworkAuthentication;

  constructor(
    adapter: ChallengeAdapter,
    private readonly appId: string,
    auth?: BotFrameworkAuthentication,
  ) {
    // CloudAdapterBase keeps the authentication it was built with (protected): the one the bot's turns use.
    this.auth =
      auth ??
      (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
        .botFrameworkAuthentication;
  }

  /** The one client for a service URL, without its own retries (made on first use, kept). */
  clientFor(serviceUrl: string): Promise<ConnectorClient> {
    const known = this.clients.get(serviceUrl);
    if (known) return known;
    // As the adapter does for a proactive turn: the bot's own identity, the default audience.
    this.factory ??= this.auth.createConnectorFactory(
      new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: this.appId },
        { type: AuthenticationConstants.AppIdClaim, value: this.appId },
      ]),
    );
    const client = this.factory.create(serviceUrl, undefined).then((created) => {
      removeBuiltInRetries(created);
      return created;
    });
    client.catch(() => this.clients.delete(serviceUrl)); // made again next time
    if (this.clients.size >= MAX_CLIENTS)
      this.clients.delete(this.clients.keys().next().value as string);
    this.clients.set(serviceUrl, client);
    return client;
  }

  /**
   * The activity as a proactive turn would address it: from the bot to the agent, in their conversation, as a
   * reply to the turn's continuation activity (a fresh id: Teams threads nothing in a personal chat).
   */
  private addressed(
    reference: Partial<ConversationReference>,
    activity: OutgoingActivity,
  ): Partial<Activity> {
    const addressed = TurnContext.applyConversationReference(
      { ...(activity as Partial<Activity>) },
      { ...reference, activityId: randomUUID() },
    );
    addressed.type ??= 'message';
    delete addressed.id;
    return addressed;
  }

  private parse(conversationReference: string): Partial<ConversationReference> & {
    serviceUrl: string;
    conversation: { id: string };
  } {
    const reference = JSON.parse(conversationReference) as Partial<ConversationReference>;
    if (!reference.serviceUrl || !reference.conversation?.id)
      throw new Error('conversation reference without a service URL or a conversation');
    return reference as ReturnType<BotMessenger['parse']>;
  }

  async send(
    conversationReference: string,
    activity: OutgoingActivity,
  ): Promise<string | undefined> {
    const reference = this.parse(conversationReference);
    const outgoing = this.addressed(reference, activity);
    const sent = await this.request(
      reference,
      'POST',
      activityPath(reference.conversation.id, outgoing.replyToId!),
      outgoing,
    );
    return sent.id;
  }

  async update(
    conversationReference: string,
    activityId: string,
    activity: OutgoingActivity,
  ): Promise<void> {
    const reference = this.parse(conversationReference);
    const outgoing = { ...this.addressed(reference, activity), id: activityId };
    await this.request(
      reference,
      'PUT',
      activityPath(reference.conversation.id, activityId),
      outgoing,
    );
  }

  /**
   * The request the connector client would make, with the activity written as JSON here: the client's mapper-based
   * serialisation walked every card (≈ 5 % of the app's CPU per message in a broadcast). It goes through the
   * client's own pipeline — its credentials sign it, nothing retries it — and a refused request throws the
   * `RestError` the client throws (status, and the answer whose Retry-After the worker reads).
   */
  private async request(
    reference: { serviceUrl: string },
    method: 'POST' | 'PUT',
    path: string,
    activity: Partial<Activity>,
  ): Promise<{ id?: string }> {
    const client = await this.clientFor(reference.serviceUrl);
    const service = (client as unknown as WithServiceClient).client;
    // Should botbuilder stop carrying core-client's ServiceClient there, every send says so (and the tests fail).
    if (typeof service?.sendRequest !== 'function')
      throw new Error(
        'botbuilder’s ConnectorClient no longer holds a ServiceClient (src/bot/proactive.ts)',
      );
    const request = createPipelineRequest({
      url: reference.serviceUrl.replace(/\/+$/, '') + path,
      method,
      headers: createHttpHeaders({
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
      }),
      body: JSON.stringify(activity),
      // As botbuilder builds the client: plain http only for an http service URL (the local stand-ins).
      allowInsecureConnection: reference.serviceUrl.toLowerCase().startsWith('http:'),
    });
    const response = await service.sendRequest(request);
    if (response.status < 200 || response.status >= 300) {
      throw new RestError(`the connector answered ${response.status}`, {
        statusCode: response.status,
        request,
        response,
      });
    }
    try {
      const body = JSON.parse(response.bodyAsText || '{}') as { id?: unknown };
      return typeof body.id === 'string' && body.id ? { id: body.id } : {};
    } catch {
      return {}; // sent: an answer without a readable id only costs the card's in-place updates
    }
  }
}

/** Where an activity of a conversation is posted to (a reply) or put (an update), as the connector client says. */
function activityPath(conversationId: string, activityId: string): string {
  return `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
}
