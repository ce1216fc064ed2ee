import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log';
import type { TokenCredential } from '@azure/identity';
import type { StoreAddress } from './azure/store-address';
import { openTables, type TableSet } from './azure/tables';
import { startEmbeddedAzurite, type EmbeddedAzurite } from './azurite';

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
  /** Set when this process started the embedded store: it must close it (that is when Azurite saves). */
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
    // No such process (or not ours to signal): the store file is left over from a stopped run.
    return false;
  }
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
  let embedded: EmbeddedAzurite | undefined;
  let connectionString = settings.connectionString;
  const storeFile = join(settings.dataDir, 'azurite.json');
  if (!connectionString && existsSync(storeFile)) {
    const running = JSON.parse(readFileSync(storeFile, 'utf8')) as EmbeddedStoreFile;
    if (isAlive(running.pid)) connectionString = running.connectionString;
  }
  if (!connectionString) {
    embedded = await startEmbeddedAzurite({ location: join(settings.dataDir, 'azurite') });
    connectionString = embedded.connectionString;
    writeFileSync(
      storeFile,
      JSON.stringify({ pid: embedded.pid, connectionString } satisfies EmbeddedStoreFile),
    );
    log.info(
      'embedded Azurite started (for trying and developing; use Azure Storage in production)',
      {
        tables: embedded.tablePort,
        queues: embedded.queuePort,
        data: join(settings.dataDir, 'azurite'),
      },
    );
    const close = embedded.close.bind(embedded);
    embedded.close = async () => {
      await close();
      rmSync(storeFile, { force: true });
    };
  }
  const address: StoreAddress = { kind: 'connection-string', connectionString };
  const tables = await openTables(address, settings.tablePrefix);
  return { tables, address, embedded };
}
