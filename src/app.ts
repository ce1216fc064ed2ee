import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'restify';
import { createAuthenticator } from './api/auth';
import { apiRoutes } from './api/routes';
import { createBotAdapter } from './bot/adapter';
import { announcementReportViews } from './bot/announcement-report';
import { broadcastPayloads } from './bot/broadcast-payloads';
import { podiumPayload } from './bot/podium-payload';
import { BotMessenger } from './bot/proactive';
import { Broadcasting } from './broadcast/broadcasting';
import { QueuedFanOut } from './broadcast/fan-out';
import { ReportUpdater } from './broadcast/report-updater';
import { MinuteScheduler } from './broadcast/scheduler';
import { ChallengeBot } from './bot/bot';
import { botRoutes } from './bot/routes';
import { messagesEndpoint } from './bot/messages-endpoint';
import { rosterScopeOf, type Config } from './config';
import { loadDemoIfEmpty } from './demo/demo-challenge';
import type { BroadcastRepository, Clock, Directory, IdGenerator, Pacer } from './domain/ports';
import { appCredential, graphCredential } from './graph/credential';
import { GraphDirectory } from './graph/graph-directory';
import { RateLimiter } from './broadcast/rate-limiter';
import { reachEveryone } from './usecases/reach-everyone';
import type { Logger } from './log';
import { createHttpServer } from './server';
import { AzureDeliveryQueue, azureRepositories } from './storage/azure';
import { TableRetentionStore } from './storage/azure/retention-store';
import { openStorage, type Storage } from './storage/open-storage';
import { systemClock, systemIds } from './system';
import type { UseCaseDeps } from './usecases/deps';
import { LeaderboardCache } from './usecases/leaderboard-cache';
import { purgeDueChallenges } from './usecases/purge-challenge';
import { scheduledSends } from './usecases/scheduled-sends';

/** What the app and the CLI both stand on: the store, the use cases' dependencies, the fan-out's ports. */
export interface Wiring {
  storage: Storage;
  deps: UseCaseDeps;
  broadcasts: BroadcastRepository;
  queue: AzureDeliveryQueue;
}

/**
 * Opens the store and builds the use cases' dependencies, the fan-out included: sends can be started, and the
 * workers of any running instance deliver them (this builds none). The caller closes `storage.embedded`.
 */
export async function openDeps(
  config: Config,
  log: Logger,
  overrides: { clock?: Clock; ids?: IdGenerator } = {},
): Promise<Wiring> {
  const storage = await openStorage(
    {
      connectionString: config.storageConnectionString,
      ...(config.storageIdentity
        ? { identity: { ...config.storageIdentity, credential: appCredentialOf(config) } }
        : {}),
      dataDir: config.dataDir,
      tablePrefix: config.tablePrefix,
    },
    log,
  );
  try {
    const { broadcasts, ...repositories } = azureRepositories(storage.tables);
    const queue = new AzureDeliveryQueue(
      storage.address,
      `${config.tablePrefix.toLowerCase()}-deliveries`,
      config.broadcast.queueShards,
    );
    await queue.ensure();
    const clock = overrides.clock ?? systemClock;
    const fanOut = new QueuedFanOut({
      broadcasts,
      queue,
      clock,
      log,
      instanceId: config.instanceId,
      queueWindow: config.broadcast.queueWindow,
    });
    const deps: UseCaseDeps = {
      ...repositories,
      fanOut,
      clock,
      ids: overrides.ids ?? systemIds,
      organiserIds: config.organiserIds,
    };
    return { storage, deps, broadcasts, queue };
  } catch (error) {
    await storage.embedded?.close();
    throw error;
  }
}

export interface RunningApp {
  server: Server;
  port: number;
  deps: UseCaseDeps;
  storage: Storage;
  /** This instance's delivery workers, and the sends and deliveries they record (tests read them there). */
  broadcasting: Broadcasting;
  /** Redraws organisers' announcement report cards (tests call its `tick`). */
  reportUpdater: ReportUpdater;
  scheduler: MinuteScheduler;
  close(): Promise<void>;
}

/** The app's own identity (its managed identity in Azure), for Graph and for Storage without a key. */
function appCredentialOf(config: Config) {
  const ca = config.graph.caFile ? readFileSync(config.graph.caFile, 'utf8') : undefined;
  return appCredential({ ...config.graph, ...(ca ? { ca } : {}) });
}

/** The directory through Microsoft Graph, or null when Graph is not configured (local mode, no tenant). */
export function directoryOf(config: Config): Directory | null {
  if (!config.graph.configured) return null;
  const ca = config.graph.caFile ? readFileSync(config.graph.caFile, 'utf8') : undefined;
  return new GraphDirectory({
    baseUrl: config.graph.baseUrl,
    credential: graphCredential({ ...config.graph, ...(ca ? { ca } : {}) }),
    catalogAppId: config.graph.catalogAppId,
    ...(ca ? { ca } : {}),
  });
}

/** The fan-out's limiter as the bot's pace (the bot knows the port, not the limiter). */
function pacerOf(limiter: RateLimiter): Pacer {
  return {
    async acquire() {
      const slot = await limiter.acquire();
      return slot
        ? {
            used: () => limiter.used(slot),
            refund: () => limiter.refund(slot),
            accepted: () => limiter.accepted(),
            throttled: (retryAfterMs) => limiter.throttled(retryAfterMs),
          }
        : null;
    },
  };
}

/** Paces Graph's installations under their own limit (30 requests/s per app and tenant by default). */
export function installPacer(ratePerSecond: number): {
  pace: (afterMs?: number) => Promise<void>;
  close(): void;
} {
  const limiter = new RateLimiter(ratePerSecond * 0.98);
  return {
    async pace(afterMs) {
      if (afterMs) await new Promise((resolve) => setTimeout(resolve, afterMs));
      const slot = await limiter.acquire();
      if (!slot) throw new Error('stopping: no more installations');
      limiter.used(slot);
    },
    close: () => limiter.close(),
  };
}

/** The roster's daily pass, for the scheduler: sync, organisers, installations; logged, never thrown. */
function dailyRosterPass(deps: UseCaseDeps, config: Config, directory: Directory, log: Logger) {
  return async () => {
    const pacer = installPacer(config.graph.installRatePerSecond);
    try {
      const summary = await reachEveryone(deps, {
        directory,
        scope: rosterScopeOf(config.graph),
        ...(config.graph.organiserGroupId
          ? { organiserGroupId: config.graph.organiserGroupId }
          : {}),
        pace: pacer.pace,
        claimMs: config.graph.installLeaseSeconds * 1000,
        install: config.graph.catalogAppId !== '',
      });
      log.info('roster pass done', {
        seen: summary.roster.seen,
        added: summary.roster.added,
        changed: summary.roster.changed,
        left: summary.roster.left,
        ...(summary.install
          ? {
              installed: summary.install.installed,
              already: summary.install.already,
              failed: summary.install.failed,
            }
          : { installs: 'waiting for TEAMS_APP_CATALOG_ID' }),
      });
    } finally {
      pacer.close();
    }
  };
}

/** When the retention purge's daily pass runs (Paris time): at night, away from the sends and the roster pass. */
const PURGE_PATTERN = '0 30 3 * * *';

/**
 * The retention purge's daily pass, for the scheduler: each challenge whose retention ran out keeps its anonymous
 * figures and loses its personal rows (src/usecases/purge-challenge.ts); logged, never thrown.
 */
export function dailyPurgePass(deps: UseCaseDeps, storage: Storage, config: Config, log: Logger) {
  return async () => {
    const retention = new TableRetentionStore(storage.tables);
    for (const purge of await purgeDueChallenges(
      { ...deps, retention },
      { months: config.retentionMonths },
    )) {
      if (purge.outcome !== 'purged') continue;
      log.info('challenge purged', {
        challenge: purge.challengeId,
        rows: purge.steps.reduce((sum, step) => sum + step.rows, 0),
      });
    }
  };
}

/** The composition root: wires config, storage, bot and HTTP, and starts listening. */
export async function startApp(
  config: Config,
  log: Logger,
  overrides: { clock?: Clock; ids?: IdGenerator } = {},
): Promise<RunningApp> {
  const { storage, deps, broadcasts, queue } = await openDeps(config, log, overrides);
  if (config.loadDemo && (await loadDemoIfEmpty(deps)))
    log.info('demo challenge loaded on the current week');

  const botAdapter = createBotAdapter(config.bot, log);
  const messenger = new BotMessenger(botAdapter.adapter, config.bot.appId);
  const broadcasting = new Broadcasting(
    {
      broadcasts,
      queue,
      agents: deps.agents,
      messenger,
      payloads: broadcastPayloads(
        deps,
        undefined,
        podiumPayload(deps, { publicUrl: config.publicUrl || undefined }),
      ),
      clock: deps.clock,
      log,
      random: Math.random,
    },
    { ...config.broadcast, instanceId: config.instanceId },
  );
  await broadcasting.start();
  // Organisers' report cards are redrawn beside the deliveries, through the same limiter.
  const reportUpdater = new ReportUpdater({
    challenges: deps.challenges,
    announcements: deps.announcements,
    messenger,
    limiter: broadcasting.limiter,
    report: announcementReportViews(deps),
    log,
  });
  if (config.broadcast.workers) reportUpdater.start();
  const scheduler = new MinuteScheduler(
    scheduledSends(deps, { reminderAt: config.broadcast.reminderAt }),
    log,
  );
  if (config.broadcast.scheduler) scheduler.start();
  // Every agent of the directory reached: the roster read, organisers refreshed, the app installed, once a day.
  const directory = directoryOf(config);
  const rosterScheduler =
    directory && config.graph.syncAt && config.broadcast.scheduler
      ? new MinuteScheduler(
          dailyRosterPass(deps, config, directory, log),
          log,
          'Europe/Paris',
          `0 ${Number(config.graph.syncAt.slice(3))} ${Number(config.graph.syncAt.slice(0, 2))} * * *`,
          false,
        )
      : null;
  rosterScheduler?.start();
  // Personal data of ended challenges, purged once their retention has run out (RETENTION_MONTHS).
  const purgeScheduler = config.broadcast.scheduler
    ? new MinuteScheduler(
        dailyPurgePass(deps, storage, config, log),
        log,
        'Europe/Paris',
        PURGE_PATTERN,
        false,
      )
    : null;
  purgeScheduler?.start();
  const leaderboard = new LeaderboardCache(deps);
  const bot = new ChallengeBot(
    deps,
    {
      localMode: config.localMode,
      language: config.language,
      publicUrl: config.publicUrl || undefined,
      sendingHours: config.broadcast.sendingHours,
      // The welcome card goes out at the fan-out's pace: one limit for everything the app sends on its own.
      pacer: pacerOf(broadcasting.limiter),
    },
    log,
    leaderboard,
    botRoutes,
  );
  // The tab signs in as the server accepts: Teams SSO, the dev sign-in (local mode only), or a refusal that says
  // what to configure.
  const auth = createAuthenticator(config, log);
  const server = createHttpServer({
    log,
    // Behind https (App Service): browsers are told to keep to it (HSTS).
    publicUrl: config.publicUrl || undefined,
    tabDir: join(__dirname, '..', 'tab', 'dist'),
    readiness: {
      tables: async () => void (await deps.challenges.current()),
      queue: async () => void (await queue.approximateLength()),
    },
    pageSettings: {
      SIGN_IN: auth.mode,
      CLIENT_ID: config.tabAuth.clientId,
      TEAMS_APP_ID: config.teamsAppId,
    },
    routes: [
      { method: 'post', path: '/api/messages', handler: messagesEndpoint(bot, botAdapter, log) },
      ...apiRoutes({
        deps,
        auth,
        log,
        leaderboard,
        checkinLinks: { teamsAppId: config.teamsAppId, publicUrl: config.publicUrl || undefined },
        sendingHours: config.broadcast.sendingHours,
      }),
    ],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    deps,
    storage,
    broadcasting,
    reportUpdater,
    scheduler,
    close() {
      closing ??= (async () => {
        // Graceful: no new connection, requests in flight finish (an answer gets its reply and its write stays),
        // idle keep-alive connections are closed as they go idle; after 10 s the rest are cut (App Service kills
        // ~30 s after its SIGTERM). Only then do workers, schedulers and the store stop.
        const http = server.server;
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        const idle = setInterval(() => http.closeIdleConnections(), 50);
        http.closeIdleConnections();
        let graceOver: NodeJS.Timeout | undefined;
        await Promise.race([
          drained,
          new Promise<void>((resolve) => (graceOver = setTimeout(resolve, 10_000))),
        ]);
        clearTimeout(graceOver);
        clearInterval(idle);
        http.closeAllConnections();
        await drained;
        await scheduler.stop();
        await rosterScheduler?.stop();
        await purgeScheduler?.stop();
        await reportUpdater.stop();
        await broadcasting.stop();
        await storage.embedded?.close();
      })();
      return closing;
    },
  };
}
