import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/storage/azurite';
import { ConnectorStandIn, type ConnectorOptions } from '../support/connector';
import { FakeClock } from '../support/test-app';

export {
  mb,
  percentile,
  pool,
  startConnectorProcess,
  type ConnectorProcess,
  type ConnectorStats,
} from './common';

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
