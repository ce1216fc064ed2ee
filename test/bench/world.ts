import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { AzureRepositories } from '../../src/storage/azure/index';
import type { TableSet } from '../../src/storage/azure/tables';
import {
  CountingProxy,
  describeCounts,
  diffCounts,
  emptyCounts,
  type StoreCounts,
} from '../support/counting-proxy';
import { productionNodeFlags } from '../support/processes';
import { startConnectorProcess, type ConnectorProcess } from './common';

/**
 * A bench's world, each part in a process of its own so that what is measured is the app alone:
 *
 *   bench process (load generator + counting proxies) ──► app process (the compiled app: node <dist>/main.js)
 *                                                          │            └──► connector stand-in process
 *                                                          └──► counting proxy ──► Azurite table / queue processes
 *
 * The app under test is any checkout (`BENCH_APP_ROOT`, default this repo): it is compiled as `npm run build` does,
 * and the bench seeds the store with that checkout's own compiled repositories, so the rows are the ones its code
 * reads, before and after a change of storage design alike.
 */

/** Azurite's well-known development account: public by design, never a secret. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const HERE_ROOT = resolve(__dirname, '..', '..');

export function connectionString(tablePort: number, queuePort: number): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_ACCOUNT_KEY}`,
    `TableEndpoint=http://127.0.0.1:${tablePort}/${DEV_ACCOUNT}`,
    `QueueEndpoint=http://127.0.0.1:${queuePort}/${DEV_ACCOUNT}`,
  ].join(';');
}

/** What the bench uses of the app checkout's compiled code: its repositories, and how its bot keys agents. */
export interface AppModules {
  azureRepositories(tables: TableSet): AzureRepositories;
  openTables(connectionString: string, prefix: string): Promise<TableSet>;
  conversationReferenceOf(activity: unknown): string;
}

export interface CompiledApp {
  root: string;
  /** The folder holding dist/ and tab/dist, inside the checkout so that node_modules resolves as for dist/. */
  dir: string;
  main: string;
  /** Node flags of the checkout's `start:prod` script (a heap size, say): the app runs as production starts it. */
  nodeFlags: string[];
  modules: AppModules;
}

const compiled = new Map<string, CompiledApp>();

/**
 * Compiles the checkout as `npm run build` does (tsc, the assets, the built tab) into `<root>/.data/bench-…`, once
 * per bench run. BENCH_APP_DIST reuses an earlier build (a folder holding dist/).
 */
export function compileApp(root = process.env.BENCH_APP_ROOT ?? HERE_ROOT): CompiledApp {
  root = resolve(root);
  const known = compiled.get(root);
  if (known) return known;
  let dir = process.env.BENCH_APP_DIST ? resolve(process.env.BENCH_APP_DIST) : '';
  if (!dir) {
    mkdirSync(join(root, '.data'), { recursive: true });
    dir = mkdtempSync(join(root, '.data', 'bench-'));
    const started = Date.now();
    const run = (args: string[]) =>
      execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      run([
        join(HERE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        join(dir, 'dist'),
      ]);
    } catch (error) {
      // tsc still emits on type errors (no noEmitOnError): a checkout mid-edit runs if it has JavaScript.
      const output = String((error as { stdout?: Buffer }).stdout ?? error);
      if (!existsSync(join(dir, 'dist', 'main.js')))
        throw new Error(`tsc failed:\n${output}`, { cause: error });
      console.log(
        `  (tsc reported errors in ${root}; running what it emitted)\n${output.slice(0, 2000)}`,
      );
    }
    run([join(root, 'scripts', 'copy-assets.mjs'), join(dir, 'dist')]);
    if (!existsSync(join(root, 'tab', 'dist'))) run([join(root, 'tab', 'build.mjs')]);
    cpSync(join(root, 'tab', 'dist'), join(dir, 'tab', 'dist'), { recursive: true });
    // A build of our own is dropped when the bench ends; one given by BENCH_APP_DIST is kept.
    const built = dir;
    process.once('exit', () => rmSync(built, { recursive: true, force: true }));
    console.log(
      `  compiled ${root} into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const dist = join(dir, 'dist');
  /* eslint-disable @typescript-eslint/no-require-imports */
  const repositories = require(join(dist, 'storage', 'azure', 'index.js'));
  const bot = require(join(dist, 'bot', 'bot.js'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const nodeFlags = process.env.BENCH_APP_NODE_FLAGS
    ? process.env.BENCH_APP_NODE_FLAGS.split(/\s+/).filter(Boolean)
    : productionNodeFlags(root);
  const app: CompiledApp = {
    root,
    dir,
    main: join(dist, 'main.js'),
    nodeFlags,
    modules: {
      azureRepositories: repositories.azureRepositories,
      openTables: repositories.openTables,
      conversationReferenceOf: bot.conversationReferenceOf,
    },
  };
  compiled.set(root, app);
  return app;
}

/** A free port on 127.0.0.1, for a child that cannot tell us which one it took. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > until) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

/** One of Azurite's services from its CLI, in memory, in a process of its own (../shared/NOTES.md). */
async function startAzuriteService(service: 'table' | 'queue'): Promise<{
  port: number;
  child: ChildProcess;
}> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(HERE_ROOT, 'node_modules', 'azurite', 'dist', 'src', service, 'main.js'),
      `--${service}Host`,
      '127.0.0.1',
      `--${service}Port`,
      String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--silent',
      '--disableTelemetry',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitUntil(`Azurite ${service}`, () => listening(port));
  return { port, child };
}

/** CPU time a process has used so far (user + system), in ms, from /proc (Linux; 100 ticks per second). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory now and its peak since the process started (VmHWM), in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

export interface RunningAppProcess {
  pid: number;
  url: string;
  /** The app's CPU so far, in ms. */
  cpuMs(): number;
  /** The last few KB the app wrote (LOG_LEVEL=error by default: errors only), to say why when a bench stalls. */
  output(): string;
  /** Samples the app's resident memory every 100 ms until `stop`, which answers the peak seen. */
  sampleRss(): { stop(): number };
  stop(): Promise<void>;
}

/** A phase's cost to the app: its CPU and its store calls between `start` and `end`. */
export interface PhaseCost {
  cpuMs: number;
  /** Azurite's CPU (both services) over the phase: when it nears a core, the store, not the app, sets latency. */
  storeCpuMs: number;
  /** The bench process's own CPU (load generator and counting proxies). */
  benchCpuMs: number;
  store: StoreCounts;
  seconds: number;
}

export interface BenchWorld {
  app: CompiledApp;
  /** The checkout's repositories on the store, straight to Azurite: seeding and checks are not counted. */
  repositories: AzureRepositories;
  tables: TableSet;
  connector: ConnectorProcess;
  tablePrefix: string;
  /** Every store call the app made so far, both services. */
  storeCounts(): StoreCounts;
  /** Starts the compiled app against the counting proxies; resolves once /readyz answers 200. */
  startApp(env?: Record<string, string>): Promise<RunningAppProcess>;
  running(): RunningAppProcess;
  /** Measures the app's CPU and store calls over `work`. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; cost: PhaseCost }>;
  close(): Promise<void>;
}

export async function startWorld(
  options: {
    root?: string;
    tablePrefix?: string;
    connector?: { ratePerSecond?: number; random429Share?: number };
  } = {},
): Promise<BenchWorld> {
  process.noDeprecation = true;
  const app = compileApp(options.root);
  const tablePrefix = options.tablePrefix ?? 'bench';
  const [table, queue, connector] = await Promise.all([
    startAzuriteService('table'),
    startAzuriteService('queue'),
    startConnectorProcess(options.connector ?? {}),
  ]);
  const tableProxy = await new CountingProxy('table', table.port).start();
  const queueProxy = await new CountingProxy('queue', queue.port).start();
  const direct = connectionString(table.port, queue.port);
  const tables = await app.modules.openTables(direct, tablePrefix);
  const repositories = app.modules.azureRepositories(tables);
  const dataDir = mkdtempSync(join(app.dir, 'data-'));
  const azuriteCpuMs = () => cpuMsOf(table.child.pid!) + cpuMsOf(queue.child.pid!);
  let running: (RunningAppProcess & { child: ChildProcess }) | undefined;

  const storeCounts = (): StoreCounts => {
    const t = tableProxy.snapshot();
    const q = queueProxy.snapshot();
    const sum = (a: Record<string, number>, b: Record<string, number>) => {
      const out = { ...a };
      for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + n;
      return out;
    };
    return {
      total: t.total + q.total,
      byKind: sum(t.byKind, q.byKind),
      failures: sum(t.failures, q.failures),
      batchOperations: t.batchOperations + q.batchOperations,
      messagesReceived: t.messagesReceived + q.messagesReceived,
    };
  };

  const world: BenchWorld = {
    app,
    repositories,
    tables,
    connector,
    tablePrefix,
    storeCounts,
    async startApp(env = {}) {
      const port = await freePort();
      const child = spawn(process.execPath, [...app.nodeFlags, app.main], {
        cwd: app.root,
        // Only what the app needs: a developer's own settings (an app id, a storage account) must not leak in.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          NODE_ENV: 'development',
          AZURE_STORAGE_CONNECTION_STRING: connectionString(tableProxy.port, queueProxy.port),
          TABLE_PREFIX: tablePrefix,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          DEMO: 'false',
          SCHEDULER: 'off',
          ROSTER_SYNC_AT: 'off',
          REMINDER_AT: 'off',
          // Errors only: rare when all goes well (no cost to measure), and what a stalled bench needs to say.
          LOG_LEVEL: 'error',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
      child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
      let exited = false;
      child.once('exit', () => (exited = true));
      const url = `http://127.0.0.1:${port}`;
      await waitUntil('the app', async () => {
        if (exited) throw new Error(`the app exited before it was ready:\n${output}`);
        try {
          return (await fetch(`${url}/readyz`)).status === 200;
        } catch {
          return false;
        }
      });
      const pid = child.pid!;
      running = {
        child,
        pid,
        url,
        cpuMs: () => cpuMsOf(pid),
        output: () => output,
        sampleRss() {
          let peak = memoryOf(pid).rss;
          const timer = setInterval(() => {
            if (!exited) peak = Math.max(peak, memoryOf(pid).rss);
          }, 100);
          return {
            stop() {
              clearInterval(timer);
              return exited ? peak : Math.max(peak, memoryOf(pid).rss);
            },
          };
        },
        async stop() {
          if (exited) return;
          const gone = new Promise((done) => child.once('exit', done));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await gone;
          clearTimeout(timer);
        },
      };
      return running;
    },
    running() {
      if (!running) throw new Error('the app is not started');
      return running;
    },
    async measure(work) {
      const appProcess = world.running();
      const counts = storeCounts();
      const cpu = appProcess.cpuMs();
      const storeCpu = azuriteCpuMs();
      const benchCpu = process.cpuUsage();
      const started = performance.now();
      const result = await work();
      return {
        result,
        cost: {
          cpuMs: appProcess.cpuMs() - cpu,
          storeCpuMs: azuriteCpuMs() - storeCpu,
          benchCpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(benchCpu)),
          store: diffCounts(counts, storeCounts()),
          seconds: (performance.now() - started) / 1000,
        },
      };
    },
    async close() {
      await running?.stop();
      connector.stop();
      await Promise.all([tableProxy.stop(), queueProxy.stop()]);
      for (const child of [table.child, queue.child]) child.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/**
 * "app CPU 4.20 ms per answer; 8.00 store calls per answer (…); CPU: app 42 %, Azurite 60 %, bench 30 % of a core"
 * — the last part says who was busy, to read latencies taken on a shared machine.
 */
export function describeCost(cost: PhaseCost, count: number, unit: string): string {
  const core = (ms: number) => `${((ms / cost.seconds / 1000) * 100).toFixed(0)} %`;
  return `app CPU ${(cost.cpuMs / count).toFixed(2)} ms per ${unit}; ${describeCounts(cost.store, count, unit)}; CPU over the phase: app ${core(cost.cpuMs)}, Azurite ${core(cost.storeCpuMs)}, bench ${core(cost.benchCpuMs)} of a core`;
}

/**
 * What the app does while nobody uses it (pollers, heartbeats, timers), per second: store calls by kind, and CPU.
 * A phase's figures include it: at 10 answers/s, 1 ms of idle CPU a second is 0.1 ms "per answer".
 */
export async function idleCostPerSecond(
  world: BenchWorld,
  ms = 3000,
): Promise<{ store: StoreCounts; cpuMs: number }> {
  const { cost } = await world.measure(() => new Promise((done) => setTimeout(done, ms)));
  const store = emptyCounts();
  store.total = cost.store.total / cost.seconds;
  for (const [kind, n] of Object.entries(cost.store.byKind)) store.byKind[kind] = n / cost.seconds;
  return { store, cpuMs: cost.cpuMs / cost.seconds };
}

/** "0.00 store calls/s, CPU 1.3 ms/s" */
export function describeIdle(idle: { store: StoreCounts; cpuMs: number }): string {
  const kinds = Object.entries(idle.store.byKind)
    .map(([kind, n]) => `${kind} ${n.toFixed(2)}`)
    .join(', ');
  return `idle app: ${idle.store.total.toFixed(2)} store calls/s${kinds ? ` (${kinds})` : ''}, CPU ${idle.cpuMs.toFixed(1)} ms/s (counted in the phases below)`;
}

/** Open loop: `count` calls of `task`, the i-th due at i / rate seconds, whatever the previous ones are doing. */
export async function openLoop<T>(
  count: number,
  ratePerSecond: number,
  task: (index: number) => Promise<T>,
): Promise<{ results: T[]; lateMs: number }> {
  const t0 = performance.now();
  let lateMs = 0;
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const due = t0 + (i * 1000) / ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      // How late the generator itself was: a figure to read the latencies against (2 cores, shared).
      lateMs = Math.max(lateMs, performance.now() - due);
      return task(i);
    }),
  );
  return { results, lateMs };
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
