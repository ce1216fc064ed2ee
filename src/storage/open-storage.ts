import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log';
import type { TokenCredential } from '@azure/identity';
import type { StoreAddress } from './azure/store-address';
import { openTables, type TableSet } from './azure/tables';
import type { EmbeddedAzurite } from './azurite';
import { startEmbeddedStore, type EmbeddedStoreFile } from './embedded-store';

/** Where the store is and what to open in it. */
export interface StorageSettings {
  /** Azure Storage (or Azurite) by connection string; empty, with no `identity`: the embedded Azurite. */
  connectionString: string;
  /** Azure Storage by its addresses, with the app's identity (no key). */
  identity?: { tableUrl: string; queueUrl: string; credential: TokenCredential };
  dataDir: string;
  tablePrefix: string;
}

export interface Storage {
  tables: TableSet;
  /** Where the tables are, for whatever else opens the account (the delivery queues). */
  address: StoreAddress;
  /**
   * Set when this process started the embedded store: it must close it (that is when Azurite saves, and its
   * journal of events is dropped).
   */
  embedded?: EmbeddedAzurite;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // No such process (or not ours to signal): the store file is left over from a stopped run.
    return false;
  }
}

/**
 * The connection string of an embedded store another process runs (a running `npm start`), or empty. A store
 * whose owner is gone is saving and exiting (it stops when its owner does): it is waited for, not joined.
 */
async function runningStore(storeFile: string, log: Logger): Promise<string> {
  if (!existsSync(storeFile)) return '';
  const running = JSON.parse(readFileSync(storeFile, 'utf8')) as EmbeddedStoreFile;
  if (!isAlive(running.pid)) return '';
  if (running.ownerPid === undefined || isAlive(running.ownerPid)) return running.connectionString;
  log.info("embedded store: waiting for the previous run's store to save and stop", {
    pid: running.pid,
  });
  for (let waited = 0; isAlive(running.pid) && waited < 15_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return '';
}

/**
 * Opens Azure Storage, or the embedded Azurite under `dataDir` when no connection string is set. A running
 * `npm start` owns the embedded store and says where it listens in `<dataDir>/azurite.json`; the CLI joins it
 * instead of opening the same files twice.
 */
export async function openStorage(settings: StorageSettings, log: Logger): Promise<Storage> {
  if (settings.identity) {
    const address: StoreAddress = { kind: 'identity', ...settings.identity };
    return { tables: await openTables(address, settings.tablePrefix), address };
  }
  const connectionString =
    settings.connectionString || (await runningStore(join(settings.dataDir, 'azurite.json'), log));
  if (connectionString) {
    const address: StoreAddress = { kind: 'connection-string', connectionString };
    return { tables: await openTables(address, settings.tablePrefix), address };
  }
  // This process starts the embedded store, and journals its events: confirmed means kept, kill -9 included.
  const { embedded, tables } = await startEmbeddedStore({
    dataDir: settings.dataDir,
    tablePrefix: settings.tablePrefix,
    log,
  });
  log.info(
    'embedded Azurite started (for trying and developing; use Azure Storage in production)',
    {
      tables: embedded.tablePort,
      queues: embedded.queuePort,
      data: join(settings.dataDir, 'azurite'),
    },
  );
  return {
    tables,
    address: { kind: 'connection-string', connectionString: embedded.connectionString },
    embedded,
  };
}
