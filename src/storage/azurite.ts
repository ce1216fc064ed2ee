import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The embedded Azure Storage emulator used by `npm start` and the tests. `require('azurite')` pulls in VS Code,
 * so the Table and Queue servers are loaded from the package's own classes (see shared/NOTES.md).
 */

/** Azurite's well-known development account: public by design, never a secret. */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}
type ServerClass = new (config: unknown) => AzuriteServer;
type ConfigClass = new (...args: unknown[]) => unknown;

export interface EmbeddedAzurite {
  connectionString: string;
  tablePort: number;
  queuePort: number;
  close(): Promise<void>;
}

export function devConnectionString(tablePort: number, queuePort: number, host = '127.0.0.1'): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_ACCOUNT_KEY}`,
    `TableEndpoint=http://${host}:${tablePort}/${DEV_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${queuePort}/${DEV_ACCOUNT}`,
  ].join(';');
}

function portOf(server: AzuriteServer): number {
  return Number(new URL(server.getHttpServerAddress()).port);
}

/**
 * Starts Azurite's Table and Queue services on 127.0.0.1. With `location`, data lives under that folder
 * (saved every few seconds and on close); without it, everything stays in memory (tests).
 */
export async function startEmbeddedAzurite(
  options: { location?: string; tablePort?: number; queuePort?: number } = {},
): Promise<EmbeddedAzurite> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const TableServer = require('azurite/dist/src/table/TableServer').default as ServerClass;
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default as ConfigClass;
  const QueueServer = require('azurite/dist/src/queue/QueueServer').default as ServerClass;
  const QueueConfiguration = require('azurite/dist/src/queue/QueueConfiguration').default as ConfigClass;
  const { setExtentMemoryLimit } = require('azurite/dist/src/common/ConfigurationBase') as {
    setExtentMemoryLimit?: (env: unknown, log: boolean) => void;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */

  const inMemory = options.location === undefined;
  const location = inMemory ? '' : resolve(options.location as string);
  if (!inMemory) mkdirSync(location, { recursive: true });

  const tableConfig = new TableConfiguration(
    '127.0.0.1',
    options.tablePort ?? 0,
    undefined,
    inMemory ? undefined : join(location, '__azurite_db_table__.json'),
    false,
    false,
    undefined,
    undefined,
    false,
    true, // skipApiVersionCheck: the SDKs may speak a newer API version than Azurite 3.35 knows
    '',
    '',
    '',
    undefined,
    false,
    inMemory,
  );
  const queueConfig = new QueueConfiguration(
    '127.0.0.1',
    options.queuePort ?? 0,
    undefined,
    inMemory ? undefined : join(location, '__azurite_db_queue__.json'),
    inMemory ? undefined : join(location, '__azurite_db_queue_extent__.json'),
    [
      {
        locationId: 'Default',
        locationPath: inMemory ? join('.data', 'queue-memory') : join(location, '__queuestorage__'),
        maxConcurrency: 10,
      },
    ],
    false,
    undefined,
    false,
    undefined,
    false,
    true, // skipApiVersionCheck
    '',
    '',
    '',
    undefined,
    false,
    inMemory,
  );
  if (inMemory && setExtentMemoryLimit) setExtentMemoryLimit({ inMemoryPersistence: () => true, extentMemoryLimit: () => undefined }, false);

  const table = new TableServer(tableConfig);
  const queue = new QueueServer(queueConfig);
  await table.start();
  await queue.start();
  const tablePort = portOf(table);
  const queuePort = portOf(queue);
  let closed = false;
  return {
    connectionString: devConnectionString(tablePort, queuePort),
    tablePort,
    queuePort,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([table.close(), queue.close()]);
    },
  };
}
