import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log';
import { TableEventRepository } from './azure/event-repository';
import { openTables, type TableSet } from './azure/tables';
import { TableTeamRepository } from './azure/team-repository';
import { startEmbeddedAzurite, type EmbeddedAzurite } from './azurite';
import { EventJournal } from './journal';
import { attachJournal, replayEvents } from './journaled-events';

/**
 * The embedded Azurite as `npm start` runs it. Azurite holds its data in memory and writes it to disk every 5 s,
 * so on its own a `kill -9` loses what was confirmed in the last seconds. Here:
 *  - events (answers, check-ins) are journaled and synced before they are written, so before they are confirmed
 *    (src/storage/journal.ts);
 *  - the journal is replayed into the store at start, and checkpointed every few seconds (a new segment, a save
 *    of the store, the older segments dropped), so it holds seconds of events, not the week's;
 *  - if the emulator dies under a running app, it is started again on the same ports and the journal replayed,
 *    event writes waiting meanwhile: the app goes on with the same connection string;
 *  - a clean close saves the store and drops the journal; a close that could not save keeps it for next time.
 */

/** What `<dataDir>/azurite.json` says: where the running embedded store listens, and which process owns it. */
export interface EmbeddedStoreFile {
  pid: number;
  /** The app (or CLI) that started it: the store exits when its owner goes. */
  ownerPid?: number;
  connectionString: string;
}

export interface EmbeddedStoreOptions {
  dataDir: string;
  tablePrefix: string;
  log: Logger;
  /** How often the journal is checkpointed (Azurite's own save interval by default). */
  checkpointMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the embedded store under `dataDir`, replays what its journal holds, and opens its tables. */
export async function startEmbeddedStore(
  options: EmbeddedStoreOptions,
): Promise<{ embedded: EmbeddedAzurite; tables: TableSet }> {
  const { dataDir, tablePrefix, log } = options;
  const location = join(dataDir, 'azurite');
  const storeFile = join(dataDir, 'azurite.json');
  const journal = await EventJournal.open(join(dataDir, 'journal'));
  let current: EmbeddedAzurite;
  try {
    current = await startEmbeddedAzurite({ location });
  } catch (error) {
    await journal.close();
    throw error;
  }
  const { connectionString, tablePort, queuePort } = current;
  const writeStoreFile = () =>
    writeFileSync(
      storeFile,
      JSON.stringify({
        pid: current.pid,
        ownerPid: process.pid,
        connectionString,
      } satisfies EmbeddedStoreFile),
    );

  let tables: TableSet;
  let plain: { events: TableEventRepository; teams: TableTeamRepository };
  /** Replays the segments up to `upTo` into the store, has it save, and drops them. */
  const restoreFromJournal = async (upTo: number) => {
    const result = await replayEvents(plain, await journal.read(upTo));
    await current.save();
    await journal.drop(upTo);
    return result;
  };

  let replayed: Awaited<ReturnType<typeof restoreFromJournal>>;
  try {
    writeStoreFile();
    tables = await openTables(connectionString, tablePrefix);
    plain = { events: new TableEventRepository(tables), teams: new TableTeamRepository(tables) };
    // The segments before this run's: what the last run journaled and the store may have lost.
    replayed = await restoreFromJournal(journal.currentSegment - 1);
  } catch (error) {
    await current.close();
    await journal.close();
    rmSync(storeFile, { force: true });
    throw error;
  }
  if (replayed.events > 0) {
    log.info('embedded store: journal replayed', {
      events: replayed.events,
      restored: replayed.restored,
    });
  }
  attachJournal(tables, journal);

  let closing = false;
  /** A checkpoint under way. */
  let checkpointing: Promise<void> | null = null;
  /** A restore under way: no checkpoint meanwhile, it would drop segments not yet replayed. */
  let restoring: Promise<void> | null = null;

  const checkpoint = () => {
    if (checkpointing || restoring || closing || journal.linesInSegment === 0) return;
    const azurite = current;
    const run: Promise<void> = (async () => {
      const upTo = await journal.rotate();
      // The writes whose lines may be in those segments end first (their store and team writes land), so the
      // save holds all of it. If the store dies meanwhile, the save fails at once and a restore takes over.
      await Promise.race([journal.drained(upTo), azurite.exited]);
      await azurite.save();
      await journal.drop(upTo);
    })()
      // Not saved (the store is going down): the segments stay, and a restore or the next start replays them.
      .catch(() => undefined)
      .finally(() => {
        if (checkpointing === run) checkpointing = null;
      });
    checkpointing = run;
  };
  const timer = setInterval(checkpoint, options.checkpointMs ?? 5_000);
  timer.unref();

  const restore = async (code: number | null) => {
    log.error('embedded store stopped unexpectedly: starting it again', { code });
    const release = journal.hold();
    try {
      await checkpointing;
      for (let attempt = 1; !closing; attempt += 1) {
        try {
          current = await startEmbeddedAzurite({ location, tablePort, queuePort });
          writeStoreFile();
          // The tables it lost, if it died before its first save.
          await openTables(connectionString, tablePrefix);
          // Writes under way when it died journaled their event before writing it: the rotation puts their lines
          // in the segments replayed here (whether their retries then reach the new store or fail, once is once).
          const result = await restoreFromJournal(await journal.rotate());
          log.info('embedded store started again; journal replayed', {
            events: result.events,
            restored: result.restored,
          });
          supervise(current);
          return;
        } catch (error) {
          log.warn('embedded store: could not start it again yet', { attempt, error });
          await current.close();
          await sleep(Math.min(5_000, 250 * attempt));
        }
      }
    } finally {
      release();
    }
  };
  const supervise = (azurite: EmbeddedAzurite) => {
    void azurite.exited.then((code) => {
      if (closing || azurite !== current) return;
      restoring = restore(code).finally(() => (restoring = null));
    });
  };
  supervise(current);

  let closed: Promise<void> | undefined;
  let resolveExited!: (code: number | null) => void;
  const exited = new Promise<number | null>((resolve) => (resolveExited = resolve));
  const embedded: EmbeddedAzurite = {
    connectionString,
    tablePort,
    queuePort,
    get pid() {
      return current.pid;
    },
    save: () => current.save(),
    exited,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(timer);
        await checkpointing;
        await restoring;
        await current.close();
        const code = await current.exited;
        // Exit code 0: Azurite saved everything, the journal has nothing more to give.
        await journal.close({ drop: code === 0 });
        if (code !== 0)
          log.warn('embedded store not saved on close: its journal is kept for the next start', {
            code,
          });
        rmSync(storeFile, { force: true });
        resolveExited(code);
      })();
      return closed;
    },
  };
  return { embedded, tables };
}
