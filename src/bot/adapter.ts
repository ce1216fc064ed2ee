import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ServiceClientCredentials,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
// The user agent botbuilder's own ConnectorFactory gives its clients (not re-exported by the package).
import { USER_AGENT } from 'botframework-connector/lib/auth/connectorFactoryImpl';
import type { Config } from '../config';
import type { Logger } from '../log';
import { channelSettingsOf, channelTokenGate, type ChannelSettings } from './channel-token-gate';

/** CloudAdapter that runs an activity already authenticated by the endpoint (which owns the HTTP answer). */
export class ChallengeAdapter extends CloudAdapter {
  runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (turn: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface BotAdapter {
  adapter: ChallengeAdapter;
  /** Authenticates an activity; a refusal throws (a `ChannelTokenRefused`, or botbuilder's own error). */
  auth: BotFrameworkAuthentication;
}

/** A channel token refused before botbuilder saw it: the reason is for the log, never for the caller. */
export class ChannelTokenRefused extends Error {
  override name = 'ChannelTokenRefused';
}

/**
 * The botbuilder CloudAdapter. With an app id it validates channel tokens (issuer, audience, signing key,
 * endorsements, serviceUrl claim); without one it runs in local mode and checks nothing.
 */
export function createBotAdapter(config: Config['bot'], log: Logger): BotAdapter {
  const settings = {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.appTenantId,
    ...config.authOverrides,
  };
  // The one credentials factory, shared with botbuilder (the same it would build from these settings).
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const inner = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  const auth = new ChallengeAuthentication(inner, credentials, config);
  const adapter = new ChallengeAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('bot turn failed', { error, activityType: context.activity?.type });
  };
  return { adapter, auth };
}

/**
 * botbuilder's authentication, with the work it repeats on every activity done once:
 * - channel tokens are checked by the gate (channel-token-gate.ts: the same checks, keys parsed once, a token
 *   verified once for its lifetime) and its claims used as they are, not verified a second time by botbuilder;
 *   emulator, skill and ASE tokens, and local mode, still go through botbuilder;
 * - an inbound turn's ConnectorClient is built on its first use (an invoke answered by its invoke response
 *   never uses it), with credentials made once per app id and audience;
 * - the UserTokenClient (sign-in prompts, which this bot has none of) is built on first use, once per app id.
 * Proactive turns (`createConnectorFactory`) keep botbuilder's own factory.
 */
export class ChallengeAuthentication extends BotFrameworkAuthentication {
  private readonly gate;
  private readonly channel: ChannelSettings;
  private readonly connectorFactories = new Map<string, ConnectorFactory>();
  private readonly userTokenClients = new Map<string, UserTokenClient>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly credentials: ServiceClientCredentialsFactory,
    bot: Config['bot'],
  ) {
    super();
    this.gate = channelTokenGate(bot);
    this.channel = channelSettingsOf(bot);
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    if (this.gate) {
      const check = await this.gate.check(activity, authHeader);
      if (check.verdict === 'refused') throw new ChannelTokenRefused(check.reason);
      if (check.verdict === 'verified') {
        // What botbuilder's authenticateRequest returns for a channel token (not a skill: the gate refuses those).
        const claimsIdentity = new ClaimsIdentity(
          check.claims.map((claim) => ({ ...claim })),
          true,
        );
        return {
          audience: this.channel.oAuthScope as string,
          callerId: this.channel.callerId as string,
          claimsIdentity,
          connectorFactory: this.connectorFactory(appIdOf(claimsIdentity)),
        };
      }
    }
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.connectorFactory(appIdOf(result.claimsIdentity)) };
  }

  private connectorFactory(appId: string | undefined): ConnectorFactory {
    const key = appId ?? '';
    let factory = this.connectorFactories.get(key);
    if (!factory) {
      // Only our app id (or none, in local mode or for an emulator) ever reaches here; bounded all the same.
      if (this.connectorFactories.size >= 16) this.connectorFactories.clear();
      factory = new LazyConnectorFactory(appId, this.channel, this.credentials);
      this.connectorFactories.set(key, factory);
    }
    return factory;
  }

  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity) ?? '';
    let client = this.userTokenClients.get(key);
    if (!client) {
      if (this.userTokenClients.size >= 16) this.userTokenClients.clear();
      client = new LazyUserTokenClient(() => this.inner.createUserTokenClient(claimsIdentity));
      this.userTokenClients.set(key, client);
    }
    return client;
  }

  override authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

/** botbuilder's rule: a channel's app id is the audience claim; an emulator's, the appid claim. */
function appIdOf(identity: ClaimsIdentity): string | undefined {
  return (
    identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    undefined
  );
}

/**
 * botbuilder's ConnectorFactory, but with credentials made once per audience (they share botbuilder's
 * process-wide token cache anyway) and a client built when the turn first touches it. Each turn still gets a
 * client of its own: a turn may change its client's pipeline (see `withoutBuiltInRetries`).
 */
export class LazyConnectorFactory extends ConnectorFactory {
  private readonly credentials = new Map<string, Promise<ServiceClientCredentials>>();
  /** How many clients turns actually used (were built), for tests and measures. */
  built = 0;

  constructor(
    private readonly appId: string | undefined,
    private readonly channel: Pick<
      ChannelSettings,
      'oAuthScope' | 'loginUrl' | 'validateAuthority'
    >,
    private readonly credentialsFactory: ServiceClientCredentialsFactory,
  ) {
    super();
  }

  private credentialsFor(audience: string | undefined): Promise<ServiceClientCredentials> {
    // As botbuilder's factory: the turn's audience, or the channel's.
    const scope = audience ?? this.channel.oAuthScope;
    const key = scope ?? '';
    let credentials = this.credentials.get(key);
    if (!credentials) {
      if (this.credentials.size >= 16) this.credentials.clear();
      credentials = this.credentialsFactory.createCredentials(
        this.appId as string,
        scope as string,
        this.channel.loginUrl as string,
        this.channel.validateAuthority,
      );
      // A failure is not kept: the next turn asks again.
      credentials.catch(() => this.credentials.delete(key));
      this.credentials.set(key, credentials);
    }
    return credentials;
  }

  override async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const credentials = await this.credentialsFor(audience);
    return lazily(() => {
      this.built += 1;
      return new ConnectorClient(credentials, {
        baseUri: serviceUrl,
        // As botbuilder's ConnectorFactoryImpl, byte for byte.
        userAgent: `${USER_AGENT} `,
        requestPolicyFactories: [ACCEPT_ANY],
      });
    });
  }
}

/** botbuilder's ConnectorFactoryImpl adds `accept: *\/*` to requests that have no accept header. */
const ACCEPT_ANY = {
  create: (next: { sendRequest(request: unknown): Promise<unknown> }) => ({
    sendRequest: (request: {
      headers: { contains(name: string): boolean; set(name: string, value: string): void };
    }) => {
      if (!request.headers.contains('accept')) request.headers.set('accept', '*/*');
      return next.sendRequest(request);
    },
  }),
} as never;

/**
 * A ConnectorClient that is built on first use. botbuilder demands one per turn and sets it on the turn
 * context; replies, updates and Teams helpers read it from there, and then it is built.
 */
function lazily(build: () => ConnectorClient): ConnectorClient {
  let real: ConnectorClient | undefined;
  const client = () => (real ??= build());
  return new Proxy(Object.create(ConnectorClient.prototype) as ConnectorClient, {
    get(_target, property) {
      // Awaiting the client (`return client` from an async function) asks for `then`: not a reason to build it.
      if (property === 'then') return undefined;
      const target = client();
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_target, property, value) => Reflect.set(client(), property, value),
    has: (_target, property) => Reflect.has(client(), property),
  });
}

/** A UserTokenClient built on first use (this bot has no sign-in prompt: never, so far). */
class LazyUserTokenClient extends UserTokenClient {
  private real?: Promise<UserTokenClient>;

  constructor(private readonly build: () => Promise<UserTokenClient>) {
    super();
  }

  private client(): Promise<UserTokenClient> {
    if (!this.real) {
      this.real = this.build();
      this.real.catch(() => (this.real = undefined));
    }
    return this.real;
  }

  async getUserToken(...args: Parameters<UserTokenClient['getUserToken']>) {
    return (await this.client()).getUserToken(...args);
  }

  async getSignInResource(...args: Parameters<UserTokenClient['getSignInResource']>) {
    return (await this.client()).getSignInResource(...args);
  }

  async signOutUser(...args: Parameters<UserTokenClient['signOutUser']>) {
    return (await this.client()).signOutUser(...args);
  }

  async getTokenStatus(...args: Parameters<UserTokenClient['getTokenStatus']>) {
    return (await this.client()).getTokenStatus(...args);
  }

  async getAadTokens(...args: Parameters<UserTokenClient['getAadTokens']>) {
    return (await this.client()).getAadTokens(...args);
  }

  async exchangeToken(...args: Parameters<UserTokenClient['exchangeToken']>) {
    return (await this.client()).exchangeToken(...args);
  }
}
