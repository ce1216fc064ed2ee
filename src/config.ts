import { hostname } from 'node:os';
import {
  DEFAULT_SENDING_HOURS,
  parseSendingHours,
  type SendingHours,
} from './domain/announcements';
import type { RosterScope } from './domain/directory';
import { DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS } from './domain/retention';

/** The environment, read once, checked, and frozen. Every variable is listed in the README. */
export interface Config {
  nodeEnv: string;
  port: number;
  host: string;
  /** Empty, with no `storageIdentity`: the embedded Azurite under `dataDir` is used (never in production). */
  storageConnectionString: string;
  /**
   * Azure Storage reached with the app's identity (its managed identity in Azure): no account key anywhere.
   * From AZURE_STORAGE_ACCOUNT_NAME, or AZURE_STORAGE_TABLE_URL and AZURE_STORAGE_QUEUE_URL (sovereign clouds, tests).
   */
  storageIdentity: { tableUrl: string; queueUrl: string } | null;
  dataDir: string;
  tablePrefix: string;
  bot: {
    appId: string;
    appPassword: string;
    appType: string;
    appTenantId: string;
    /** Overrides of botbuilder's channel auth endpoints (tests, sovereign clouds); all or none. */
    authOverrides: Record<string, string>;
  };
  /** No bot app id: channel tokens are not checked and local-only conveniences are on. */
  localMode: boolean;
  organiserIds: ReadonlySet<string>;
  loadDemo: boolean;
  /** The challenge's language (LANGUAGE, fr or en): for clients in another language, and always in local mode. */
  language: 'fr' | 'en';
  publicUrl: string;
  logLevel: 'info' | 'warn' | 'error' | 'silent';
  broadcast: {
    /** Messages per second for the whole app (all instances): Teams allows 50 per app per tenant. */
    ratePerSecond: number;
    maxTries: number;
    concurrency: number;
    /** Local time (HH:MM) of the afternoon reminder, or null when off. */
    reminderAt: string | null;
    /** When announcements may reach agents (challenge time zone); outside, they wait for the next opening. */
    sendingHours: SendingHours;
    /** Whether this instance runs the minute scheduler (sends are claimed once anyway). */
    scheduler: boolean;
    /** Whether this instance runs delivery workers. */
    workers: boolean;
    idlePollMs: number;
    /** Number of delivery queues a send is spread over. */
    queueShards: number;
    /** At most this many deliveries wait in the queues at once; a large send is fed as they go. */
    queueWindow: number;
    /** How long a taken queue message stays hidden; a dead worker's messages come back after it. */
    visibilitySeconds: number;
    /** How long a 'sending' mark protects an attempt; a dead worker's attempt is settled after it. */
    sendingLeaseMs: number;
  };
  instanceId: string;
  /**
   * Calendar months a challenge's personal data are kept after its last day (RETENTION_MONTHS, 6 by default); then
   * the daily purge keeps anonymous figures only (docs/rgpd.md § 10).
   */
  retentionMonths: number;
  /** The Teams app id of the manifest (for deep links to the tab). */
  teamsAppId: string;
  /** Tab SSO (Entra ID); empty client id: local development sign-in only. */
  tabAuth: {
    clientId: string;
    tenantId: string;
    /** Where the tenant's signing keys are; overridable for tests and sovereign clouds. */
    jwksUri: string;
    issuers: string[];
  };
  /** Microsoft Graph (directory, roster, the app's installation), app-only. */
  graph: {
    /** A tenant and a credential are set: without them (local mode) Graph is not used at all. */
    configured: boolean;
    /** Graph's root with its version, e.g. https://graph.microsoft.com/v1.0 (sovereign clouds, tests). */
    baseUrl: string;
    authorityHost: string;
    /** Off for an authority that is not Microsoft's (a sovereign or test one): MSAL would ask Microsoft about it. */
    instanceDiscovery: boolean;
    tenantId: string;
    clientId: string;
    /** Empty with a managed identity. */
    clientSecret: string;
    /** MicrosoftAppType=UserAssignedMSI: the app's managed identity, whose client id is MicrosoftAppId. */
    managedIdentity: boolean;
    /**
     * The app registration Graph is called as, signed in by the managed identity through a federated credential
     * (GRAPH_APP_CLIENT_ID, in Azure the tab's app: the manifest's webApplicationInfo names it, so installing this
     * app needs only TeamsAppInstallation.ReadWriteSelfForUser.All). Empty: Graph is called as the app itself.
     */
    appClientId: string;
    /** The app's id in the organisation's app catalogue (installations). */
    catalogAppId: string;
    /** Empty: the roster is the whole tenant. */
    rosterGroupId: string;
    organiserGroupId: string;
    installRatePerSecond: number;
    /** How long an installation's claim on a person holds off other runs (a crashed run's people wait that long). */
    installLeaseSeconds: number;
    /** Local time (HH:MM, Paris) of the daily roster sync and installation, or null when off. */
    syncAt: string | null;
    /** A PEM file of the certificate authority to trust for Graph and its authority (private clouds, tests). */
    caFile: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const AUTH_OVERRIDE_KEYS = [
  'BotOpenIdMetadata',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'OAuthUrl',
  'ValidateAuthority',
] as const;

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Reads the configuration from `env`; bad values are refused here, not on the first request. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const appId = (env.MicrosoftAppId ?? env.BOT_ID ?? '').trim();
  const localMode = appId === '';
  const storageIdentity = storageIdentityOf(env);
  if (storageIdentity && (env.AZURE_STORAGE_CONNECTION_STRING ?? '').trim()) {
    throw new ConfigError(
      'set AZURE_STORAGE_CONNECTION_STRING or the storage account (AZURE_STORAGE_ACCOUNT_NAME), not both',
    );
  }
  if (nodeEnv === 'production') {
    // Half-configured, production would run on the embedded emulator, accept unauthenticated activities or
    // refuse every tab: say everything that is missing at once, and stop.
    const missing = [
      appId ? '' : 'MicrosoftAppId (the bot would accept unauthenticated activities)',
      (env.AZURE_STORAGE_CONNECTION_STRING ?? '').trim() || storageIdentity
        ? ''
        : 'AZURE_STORAGE_ACCOUNT_NAME or AZURE_STORAGE_CONNECTION_STRING (the embedded emulator is for trying only: answers would be lost)',
      (env.AAD_APP_CLIENT_ID ?? '').trim() ? '' : 'AAD_APP_CLIENT_ID (the tab’s sign-in)',
    ].filter(Boolean);
    if (missing.length)
      throw new ConfigError(
        `NODE_ENV=production is not fully configured; missing: ${missing.join('; ')}. See the README's Configuration.`,
      );
  }
  const authOverrides: Record<string, string> = {};
  for (const key of AUTH_OVERRIDE_KEYS) if (env[key]) authOverrides[key] = env[key] as string;
  const tablePrefix = env.TABLE_PREFIX ?? 'defi';
  if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(tablePrefix)) {
    throw new ConfigError(
      `TABLE_PREFIX must be letters and digits, starting with a letter (got "${tablePrefix}")`,
    );
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be info, warn, error or silent (got "${logLevel}")`);
  }
  const config: Omit<Config, 'graph'> = {
    nodeEnv,
    port: integer(env, 'PORT', 3978, 0, 65535),
    // Local mode listens on loopback only: it trusts whoever can reach it.
    host: env.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    storageConnectionString: (env.AZURE_STORAGE_CONNECTION_STRING ?? '').trim(),
    storageIdentity,
    dataDir: env.DATA_DIR ?? '.data',
    tablePrefix,
    bot: {
      appId,
      appPassword: env.MicrosoftAppPassword ?? env.BOT_PASSWORD ?? '',
      // Azure creates single-tenant bots now; multi-tenant must be asked for.
      appType: env.MicrosoftAppType ?? (appId ? 'SingleTenant' : ''),
      appTenantId: env.MicrosoftAppTenantId ?? '',
      authOverrides,
    },
    localMode,
    organiserIds: new Set(list(env.ORGANISER_IDS)),
    loadDemo: (env.DEMO ?? (nodeEnv === 'production' ? 'false' : 'true')) !== 'false',
    language: languageOf(env.LANGUAGE),
    publicUrl: (env.PUBLIC_URL ?? '').replace(/\/+$/, ''),
    logLevel,
    broadcast: {
      ratePerSecond: integer(env, 'BROADCAST_RATE_PER_SECOND', 50, 1, 1000),
      maxTries: integer(env, 'BROADCAST_MAX_TRIES', 6, 1, 50),
      concurrency: integer(env, 'BROADCAST_CONCURRENCY', 32, 1, 256),
      reminderAt: ['off', 'false', ''].includes((env.REMINDER_AT ?? '14:00').toLowerCase())
        ? null
        : (env.REMINDER_AT ?? '14:00'),
      sendingHours: sendingHoursOf(env.ANNOUNCE_HOURS),
      scheduler: (env.SCHEDULER ?? 'on') !== 'off',
      workers: (env.WORKERS ?? 'on') !== 'off',
      idlePollMs: integer(env, 'BROADCAST_IDLE_POLL_MS', 1000, 10, 60_000),
      visibilitySeconds: integer(env, 'BROADCAST_VISIBILITY_SECONDS', 60, 2, 3600),
      queueShards: integer(env, 'BROADCAST_QUEUE_SHARDS', 4, 1, 64),
      queueWindow: integer(env, 'BROADCAST_QUEUE_WINDOW', 1000, 100, 1_000_000),
      sendingLeaseMs: integer(env, 'BROADCAST_SENDING_LEASE_MS', 60_000, 1000, 3_600_000),
    },
    instanceId: env.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    retentionMonths: integer(
      env,
      'RETENTION_MONTHS',
      DEFAULT_RETENTION_MONTHS,
      0,
      MAX_RETENTION_MONTHS,
    ),
    teamsAppId: env.TEAMS_APP_ID ?? '',
    tabAuth: {
      clientId: (env.AAD_APP_CLIENT_ID ?? '').trim(),
      tenantId: (env.AAD_APP_TENANT_ID ?? env.MicrosoftAppTenantId ?? '').trim(),
      jwksUri: env.AAD_JWKS_URI ?? '',
      issuers: [],
    },
  };
  const { tenantId } = config.tabAuth;
  if (config.tabAuth.clientId && !tenantId) {
    throw new ConfigError(
      'AAD_APP_CLIENT_ID needs AAD_APP_TENANT_ID: tab tokens are accepted for one tenant only.',
    );
  }
  if (config.tabAuth.clientId && nodeEnv === 'production' && localMode) {
    throw new ConfigError('production needs the bot app id too');
  }
  config.tabAuth.jwksUri ||= `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;
  config.tabAuth.issuers = [
    `https://sts.windows.net/${tenantId}/`,
    `https://login.microsoftonline.com/${tenantId}/v2.0`,
  ];
  if (
    config.broadcast.reminderAt !== null &&
    !/^([01]\d|2[0-3]):[0-5]\d$/.test(config.broadcast.reminderAt)
  ) {
    throw new ConfigError(
      `REMINDER_AT must be HH:MM or "off" (got "${config.broadcast.reminderAt}")`,
    );
  }
  if (!localMode && config.host === '127.0.0.1' && env.HOST === undefined) config.host = '0.0.0.0';
  if (localMode && !isLoopback(config.host)) {
    // Without an app id nobody's token is checked: on the network, anyone could speak as any agent.
    throw new ConfigError(
      `HOST=${config.host} without MicrosoftAppId would accept unauthenticated activities from the network: local mode listens on loopback only (127.0.0.1 or ::1)`,
    );
  }
  const graph = graphOf(env, config.bot);
  if (storageIdentity && !(graph.managedIdentity || (graph.tenantId && graph.clientSecret))) {
    throw new ConfigError(
      'AZURE_STORAGE_ACCOUNT_NAME is reached with the app’s identity: set MicrosoftAppType=UserAssignedMSI (Azure) or MicrosoftAppTenantId and MicrosoftAppPassword, or use AZURE_STORAGE_CONNECTION_STRING',
    );
  }
  return Object.freeze({ ...config, graph });
}

function isLoopback(host: string): boolean {
  return ['127.0.0.1', '::1', 'localhost'].includes(host) || /^127\./.test(host);
}

/** AZURE_STORAGE_ACCOUNT_NAME (public cloud), or both AZURE_STORAGE_TABLE_URL and AZURE_STORAGE_QUEUE_URL. */
function storageIdentityOf(env: NodeJS.ProcessEnv): Config['storageIdentity'] {
  const account = (env.AZURE_STORAGE_ACCOUNT_NAME ?? '').trim();
  const tableUrl = (env.AZURE_STORAGE_TABLE_URL ?? '').trim().replace(/\/+$/, '');
  const queueUrl = (env.AZURE_STORAGE_QUEUE_URL ?? '').trim().replace(/\/+$/, '');
  if (account && !/^[a-z0-9]{3,24}$/.test(account))
    throw new ConfigError(
      `AZURE_STORAGE_ACCOUNT_NAME must be 3 to 24 lowercase letters and digits (got "${account}")`,
    );
  if (!tableUrl !== !queueUrl)
    throw new ConfigError('AZURE_STORAGE_TABLE_URL and AZURE_STORAGE_QUEUE_URL go together');
  for (const [name, url] of [
    ['AZURE_STORAGE_TABLE_URL', tableUrl],
    ['AZURE_STORAGE_QUEUE_URL', queueUrl],
  ] as const) {
    // A bearer token never travels in clear: the SDK refuses it, say it here rather than on the first write.
    if (url && !/^https:\/\/[^\s?#]+$/.test(url))
      throw new ConfigError(`${name} must be an https address without query (got "${url}")`);
  }
  if (tableUrl) return { tableUrl, queueUrl };
  if (account)
    return {
      tableUrl: `https://${account}.table.core.windows.net`,
      queueUrl: `https://${account}.queue.core.windows.net`,
    };
  return null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Entra's public and sovereign authorities: MSAL may ask these about themselves (instance discovery).
const MICROSOFT_AUTHORITIES =
  /^login\.(microsoftonline\.(com|us|de)|chinacloudapi\.cn|partner\.microsoftonline\.cn)$/;

/** GRAPH_*, AZURE_AUTHORITY_HOST, ROSTER_GROUP_ID, ORGANISER_GROUP_ID, TEAMS_APP_CATALOG_ID; the bot's credential. */
function graphOf(env: NodeJS.ProcessEnv, bot: Config['bot']): Config['graph'] {
  const httpsUrl = (name: string, fallback: string): URL => {
    const raw = (env[name] ?? '').trim() || fallback;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(`${name} must be an https address (got "${raw}")`);
    }
    if (url.protocol !== 'https:' || url.search || url.hash) {
      throw new ConfigError(`${name} must be an https address without query (got "${raw}")`);
    }
    return url;
  };
  const base = httpsUrl('GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0');
  // The Graph client reads one path segment after the host as the version: nothing more, nothing less.
  if (!/^\/[^/]+\/?$/.test(base.pathname)) {
    throw new ConfigError(
      `GRAPH_BASE_URL must be the host and the version only, e.g. https://graph.microsoft.com/v1.0 (got "${base.href}")`,
    );
  }
  const authority = httpsUrl('AZURE_AUTHORITY_HOST', 'https://login.microsoftonline.com');
  const guid = (name: string): string => {
    const value = (env[name] ?? '').trim();
    if (value && !GUID.test(value))
      throw new ConfigError(`${name} must be a GUID (got "${value}")`);
    return value;
  };
  const managedIdentity = bot.appType === 'UserAssignedMSI';
  const tenantId = bot.appTenantId.trim();
  return {
    configured: tenantId !== '' && bot.appId !== '' && (managedIdentity || bot.appPassword !== ''),
    baseUrl: base.href.replace(/\/+$/, ''),
    authorityHost: authority.origin,
    instanceDiscovery: MICROSOFT_AUTHORITIES.test(authority.hostname),
    tenantId,
    clientId: bot.appId,
    clientSecret: managedIdentity ? '' : bot.appPassword,
    managedIdentity,
    appClientId: graphAppClientId(guid('GRAPH_APP_CLIENT_ID'), bot.appId, managedIdentity),
    catalogAppId: guid('TEAMS_APP_CATALOG_ID'),
    rosterGroupId: guid('ROSTER_GROUP_ID'),
    organiserGroupId: guid('ORGANISER_GROUP_ID'),
    installRatePerSecond: integer(env, 'GRAPH_INSTALL_RATE_PER_SECOND', 30, 1, 1000),
    installLeaseSeconds: integer(env, 'GRAPH_INSTALL_LEASE_SECONDS', 120, 1, 3600),
    syncAt: syncAtOf(env.ROSTER_SYNC_AT),
    caFile: (env.GRAPH_CA_FILE ?? '').trim(),
  };
}

/** GRAPH_APP_CLIENT_ID: another app than the bot's own needs the managed identity to sign in for it. */
function graphAppClientId(appClientId: string, botAppId: string, managedIdentity: boolean): string {
  if (!appClientId || appClientId === botAppId) return '';
  if (!managedIdentity)
    throw new ConfigError(
      'GRAPH_APP_CLIENT_ID is signed in by the managed identity (a federated credential, no secret): set MicrosoftAppType=UserAssignedMSI, or leave it empty to call Graph as the bot',
    );
  return appClientId;
}

/** Who the roster is: the members of ROSTER_GROUP_ID, or the whole tenant. */
export function rosterScopeOf(graph: Config['graph']): RosterScope {
  return graph.rosterGroupId ? { kind: 'group', groupId: graph.rosterGroupId } : { kind: 'tenant' };
}

/** ROSTER_SYNC_AT="06:00" (the default), or "off". */
function syncAtOf(value: string | undefined): string | null {
  const raw = (value ?? '06:00').trim();
  if (['off', 'false', ''].includes(raw.toLowerCase())) return null;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw))
    throw new ConfigError(`ROSTER_SYNC_AT must be HH:MM or "off" (got "${raw}")`);
  return raw;
}

/** LANGUAGE="fr" (the default) or "en". */
function languageOf(value: string | undefined): 'fr' | 'en' {
  const raw = (value ?? 'fr').trim().toLowerCase();
  if (raw !== 'fr' && raw !== 'en')
    throw new ConfigError(`LANGUAGE must be fr or en (got "${value}")`);
  return raw;
}

/** ANNOUNCE_HOURS="08:00-19:00" (the default): a clear error for anything else. */
function sendingHoursOf(value: string | undefined): SendingHours {
  if (value === undefined || value.trim() === '') return DEFAULT_SENDING_HOURS;
  const hours = parseSendingHours(value);
  if (!hours)
    throw new ConfigError(
      `ANNOUNCE_HOURS must be HH:MM-HH:MM, the first before the second (got "${value}")`,
    );
  return hours;
}
