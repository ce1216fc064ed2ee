import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'restify';
import { createAuthenticator } from './api/auth';
import { apiRoutes } from './api/routes';
import { createBotAdapter } from './bot/adapter';
import { broadcastPayloads } from './bot/broadcast-payloads';
import { BotMessenger } from './bot/proactive';
import { Broadcasting } from './broadcast/broadcasting';
import { MinuteScheduler } from './broadcast/scheduler';
import { dueSends, sendDailyQuiz } from './usecases/send-daily-quiz';
import { sendWorkshopReminder } from './usecases/workshop-reminders';
import { dueWorkshopReminders } from './domain/workshops';
import { ChallengeBot } from './bot/bot';
import { botRoutes, cardActionRoutes } from './bot/routes';
import { messagesEndpoint } from './bot/messages-endpoint';
import type { Config } from './config';
import { loadDemoIfEmpty } from './demo/demo-challenge';
import type { Clock, IdGenerator } from './domain/ports';
import type { Logger } from './log';
import { createHttpServer } from './server';
import { startEmbeddedAzurite, type EmbeddedAzurite } from './storage/azurite';
import { TableAgentRepository } from './storage/azure/agent-repository';
import { TableChallengeRepository } from './storage/azure/challenge-repository';
import { TableEventRepository } from './storage/azure/event-repository';
import { TableQuizRepository } from './storage/azure/quiz-repository';
import { openTables, type TableSet } from './storage/azure/tables';
import { TableTeamRepository } from './storage/azure/team-repository';
import { TableCheckinGuardRepository } from './storage/azure/checkin-guard-repository';
import { TableSignupRepository } from './storage/azure/signup-repository';
import { TableWorkshopRepository } from './storage/azure/workshop-repository';
import type { UseCaseDeps } from './usecases/deps';
import { LeaderboardCache } from './usecases/leaderboard-cache';

export const systemClock: Clock = { now: () => Date.now() };

export const cryptoIds: IdGenerator = {
  id: () => randomUUID().replace(/-/g, '').slice(0, 16),
  random: () => randomInt(0, 2 ** 32) / 2 ** 32,
};

export interface Storage {
  tables: TableSet;
  connectionString: string;
  embedded?: EmbeddedAzurite;
}

interface EmbeddedStoreFile {
  pid: number;
  connectionString: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens Azure Storage, or the embedded Azurite under `dataDir` when no connection string is set. A running
 * `npm start` owns the embedded store and says where it listens in `<dataDir>/azurite.json`; the CLI joins it
 * instead of opening the same files twice.
 */
export async function openStorage(config: Config, log: Logger): Promise<Storage> {
  let embedded: EmbeddedAzurite | undefined;
  let connectionString = config.storageConnectionString;
  const storeFile = join(config.dataDir, 'azurite.json');
  if (!connectionString && existsSync(storeFile)) {
    const running = JSON.parse(readFileSync(storeFile, 'utf8')) as EmbeddedStoreFile;
    if (isAlive(running.pid)) connectionString = running.connectionString;
  }
  if (!connectionString) {
    embedded = await startEmbeddedAzurite({ location: join(config.dataDir, 'azurite') });
    connectionString = embedded.connectionString;
    writeFileSync(storeFile, JSON.stringify({ pid: embedded.pid, connectionString } satisfies EmbeddedStoreFile));
    log.info('embedded Azurite started (for trying and developing; use Azure Storage in production)', {
      tables: embedded.tablePort,
      queues: embedded.queuePort,
      data: join(config.dataDir, 'azurite'),
    });
    const close = embedded.close.bind(embedded);
    embedded.close = async () => {
      await close();
      rmSync(storeFile, { force: true });
    };
  }
  const tables = await openTables(connectionString, config.tablePrefix);
  return { tables, connectionString, embedded };
}

/** The use cases' dependencies on one set of tables. */
export function createDeps(
  tables: TableSet,
  options: { clock?: Clock; ids?: IdGenerator; organiserIds?: ReadonlySet<string> } = {},
): UseCaseDeps {
  return {
    challenges: new TableChallengeRepository(tables),
    agents: new TableAgentRepository(tables),
    teams: new TableTeamRepository(tables),
    events: new TableEventRepository(tables),
    quizzes: new TableQuizRepository(tables),
    workshops: new TableWorkshopRepository(tables),
    signups: new TableSignupRepository(tables),
    checkinGuards: new TableCheckinGuardRepository(tables),
    clock: options.clock ?? systemClock,
    ids: options.ids ?? cryptoIds,
    organiserIds: options.organiserIds ?? new Set(),
  };
}

export interface RunningApp {
  server: Server;
  port: number;
  deps: UseCaseDeps;
  storage: Storage;
  broadcasting: Broadcasting;
  scheduler: MinuteScheduler;
  close(): Promise<void>;
}

/** The composition root: wires config, storage, bot and HTTP, and starts listening. */
export async function startApp(
  config: Config,
  log: Logger,
  overrides: { clock?: Clock; ids?: IdGenerator } = {},
): Promise<RunningApp> {
  const storage = await openStorage(config, log);
  const deps = createDeps(storage.tables, { ...overrides, organiserIds: config.organiserIds });
  if (config.loadDemo && (await loadDemoIfEmpty(deps))) log.info('demo challenge loaded on the current week');

  const botAdapter = createBotAdapter(config.bot, log);
  const broadcasting = new Broadcasting({
    config,
    tables: storage.tables,
    connectionString: storage.connectionString,
    messenger: new BotMessenger(botAdapter.adapter, config.bot.appId),
    payloads: broadcastPayloads(deps),
    agents: deps.agents,
    clock: deps.clock,
    log,
  });
  await broadcasting.start();
  const sentToday = new Set<string>();
  const scheduler = new MinuteScheduler(async () => {
    const challenge = await deps.challenges.current();
    if (!challenge) return;
    const quizzes = await deps.quizzes.list(challenge.id);
    for (const due of dueSends(challenge, quizzes, deps.clock.now(), config.broadcast.reminderAt)) {
      const key = `${due.kind}.${challenge.id}.${due.date}`;
      if (sentToday.has(key)) continue;
      const result = await sendDailyQuiz(deps, broadcasting.fanOut, { date: due.date, requestedBy: 'scheduler', kind: due.kind });
      if (result.send.state === 'enqueued') sentToday.add(key);
    }
    for (const workshop of dueWorkshopReminders(await deps.workshops.list(challenge.id), deps.clock.now())) {
      const key = `workshop-reminder.${challenge.id}.${workshop.id}`;
      if (sentToday.has(key)) continue;
      const result = await sendWorkshopReminder(deps, broadcasting.fanOut, { workshopId: workshop.id, requestedBy: 'scheduler' });
      if (result.send.state === 'enqueued') sentToday.add(key);
    }
  }, log);
  if (config.broadcast.scheduler) scheduler.start();
  const leaderboard = new LeaderboardCache(deps);
  const bot = new ChallengeBot(
    deps,
    { localMode: config.localMode, publicUrl: config.publicUrl || undefined },
    log,
    leaderboard,
    botRoutes,
    cardActionRoutes,
  );
  const server = createHttpServer({
    log,
    tabDir: join(__dirname, '..', 'tab', 'dist'),
    pageSettings: {
      SIGN_IN: config.tabAuth.clientId ? 'sso' : 'dev',
      CLIENT_ID: config.tabAuth.clientId,
      TEAMS_APP_ID: config.teamsAppId,
    },
    routes: [
      { method: 'post', path: '/api/messages', handler: messagesEndpoint(bot, botAdapter, log) },
      ...apiRoutes({
        deps,
        auth: createAuthenticator(config),
        log,
        leaderboard,
        fanOut: broadcasting.fanOut,
        broadcasts: broadcasting.broadcasts,
        checkinLinks: { teamsAppId: config.teamsAppId, publicUrl: config.publicUrl || undefined },
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
    scheduler,
    close() {
      closing ??= (async () => {
        await scheduler.stop();
        await broadcasting.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.server.closeAllConnections();
        });
        await storage.embedded?.close();
      })();
      return closing;
    },
  };
}

