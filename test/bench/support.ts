import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/storage/azurite';
import { ConnectorStandIn, type ConnectorOptions } from '../support/connector';
import { FakeClock } from '../support/test-app';

/** A bench's world: its own in-memory Azurite, the real app in this process, a connector stand-in. */
export interface BenchApp {
  app: RunningApp;
  azurite: EmbeddedAzurite;
  connector: ConnectorStandIn;
  clock: FakeClock;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startBenchApp(options: {
  env?: Record<string, string>;
  now: string;
  connector?: ConnectorOptions;
}): Promise<BenchApp> {
  process.noDeprecation = true;
  const azurite = await startEmbeddedAzurite();
  const connector = await new ConnectorStandIn(options.connector).start();
  const clock = new FakeClock(Date.parse(options.now));
  const config = loadConfig({
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: 'bench',
    PORT: '0',
    DEMO: 'false',
    SCHEDULER: 'off',
    LOG_LEVEL: 'silent',
    BROADCAST_IDLE_POLL_MS: '50',
    ...options.env,
  });
  const app = await startApp(config, silentLogger, { clock });
  return {
    app,
    azurite,
    connector,
    clock,
    baseUrl: `http://127.0.0.1:${app.port}`,
    async close() {
      await app.close();
      await connector.stop();
      await azurite.close();
    },
  };
}

/** Runs `task` over items with `parallel` in flight. */
export async function pool<T>(
  items: readonly T[],
  parallel: number,
  task: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Samples this process's resident memory every 100 ms. */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** What the connector stand-in's /__stats answers (test/support/connector.ts). */
export interface ConnectorStats {
  sent: number;
  perConversation: Record<string, number>;
  rejected: Record<string, number>;
  firstAt: number;
  lastAt: number;
  times: number[];
  requests: number;
  overLimit: number;
  random429: number;
}

/**
 * The connector stand-in in a process of its own (its timers and counting do not share the app's event loop),
 * enforcing `ratePerSecond` with a share of random 429s (BENCH_429_SHARE, 5 % by default).
 */
export async function startConnectorProcess(
  ratePerSecond: number,
  random429Share = Number(process.env.BENCH_429_SHARE ?? 0.05),
): Promise<{
  url: string;
  stats(): Promise<ConnectorStats>;
  stop(): void;
}> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, 'connector-process.ts'),
      JSON.stringify({ ratePerSecond, random429Share }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return {
    url,
    stats: async () => (await (await fetch(`${url}/__stats`)).json()) as ConnectorStats,
    stop: () => child.kill(),
  };
}
