import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger, silentLogger } from '../../src/log';
import { FakeClock } from './clock';
import { ConnectorStandIn, type ConnectorOptions } from './connector';
import { testConnectionString, uniquePrefix } from './storage';

export { FakeClock } from './clock';

export interface TestApp {
  app: RunningApp;
  connector: ConnectorStandIn;
  baseUrl: string;
  clock: FakeClock;
  /** POSTs a JSON body to a path of the app; returns status and parsed body. */
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  get(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Starts the real app (its own table prefix on the test Azurite) and a connector stand-in. */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    now?: string | number;
    connector?: ConnectorOptions;
  } = {},
): Promise<TestApp> {
  const connector = await new ConnectorStandIn(options.connector).start();
  const clock = new FakeClock(
    options.now === undefined
      ? Date.now()
      : typeof options.now === 'string'
        ? Date.parse(options.now)
        : options.now,
  );
  const config = loadConfig({
    AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: uniquePrefix(),
    PORT: '0',
    DEMO: 'false',
    SCHEDULER: 'off',
    BROADCAST_IDLE_POLL_MS: '50',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const app = await startApp(
    config,
    process.env.TEST_LOG_LEVEL ? createLogger(config.logLevel) : silentLogger,
    { clock },
  );
  const baseUrl = `http://127.0.0.1:${app.port}`;
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
  return {
    app,
    connector,
    baseUrl,
    clock,
    post: (path, body, headers) => request('POST', path, body, headers),
    get: (path, headers) => request('GET', path, undefined, headers),
    async close() {
      await app.close();
      await connector.stop();
    },
  };
}
