import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * What the benches share that loads nothing of the app's sources: a bench that runs the compiled app in its own
 * process (world.ts) must keep working while src/ is being edited.
 */

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

export interface ConnectorProcess {
  url: string;
  stats(): Promise<ConnectorStats>;
  stop(): void;
}

/**
 * The connector stand-in in a process of its own (its timers and counting do not share the app's event loop),
 * enforcing `ratePerSecond` with a share of random 429s (BENCH_429_SHARE, 5 % by default). Given options instead,
 * it enforces only what they say (no rate, no 429 unless asked).
 */
export async function startConnectorProcess(
  rate: number | { ratePerSecond?: number; random429Share?: number },
  random429Share = Number(process.env.BENCH_429_SHARE ?? 0.05),
): Promise<ConnectorProcess> {
  const options = typeof rate === 'number' ? { ratePerSecond: rate, random429Share } : rate;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'connector-process.ts'), JSON.stringify(options)],
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
