import { randomBytes } from 'node:crypto';
import { openTables, type TableSet } from '../../src/storage/azure/tables';

export function testConnectionString(): string {
  const connectionString = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!connectionString) throw new Error('Azurite is not running: tests must run through jest (globalSetup)');
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
