import { randomBytes } from 'node:crypto';
import { QueuedFanOut } from '../../src/broadcast/fan-out';
import type { Clock, IdGenerator } from '../../src/domain/ports';
import { silentLogger } from '../../src/log';
import { azureRepositories } from '../../src/storage/azure';
import { openTables, type TableSet } from '../../src/storage/azure/tables';
import { MemoryDeliveryQueue } from '../../src/storage/memory/delivery-queue';
import { systemClock, systemIds } from '../../src/system';
import type { UseCaseDeps } from '../../src/usecases/deps';

export function testConnectionString(): string {
  const connectionString = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!connectionString)
    throw new Error('Azurite is not running: tests must run through jest (globalSetup)');
  return connectionString;
}

/** A fresh table prefix, so that test files never see each other's rows. */
export function uniquePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Tables of a fresh prefix on the shared test Azurite. */
export async function freshTables(): Promise<TableSet> {
  return openTables(testConnectionString(), uniquePrefix());
}

/**
 * The use cases' dependencies on `tables`, repositories as the app builds them; sends are recorded in the tables
 * but their queue stays in memory (no worker takes it here).
 */
export function tableDeps(
  tables: TableSet,
  options: { clock?: Clock; ids?: IdGenerator; organiserIds?: ReadonlySet<string> } = {},
): UseCaseDeps {
  const { broadcasts, ...repositories } = azureRepositories(tables);
  const clock = options.clock ?? systemClock;
  const queue = new MemoryDeliveryQueue(clock);
  return {
    ...repositories,
    fanOut: new QueuedFanOut({ broadcasts, queue, clock, log: silentLogger, instanceId: 'test' }),
    clock,
    ids: options.ids ?? systemIds,
    organiserIds: options.organiserIds ?? new Set(),
  };
}
