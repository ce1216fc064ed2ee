import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { statusOf } from '../../domain/errors';
import { isInsecure, storeAddressOf, type StoreAddress } from './store-address';
import { queryEntities, readEntity } from './table-wire';

/** The tables of the app; see docs/storage.md for keys and what each row holds. */
export const TABLE_NAMES = [
  'Challenges',
  'Agents',
  'Teams',
  'Events',
  'Quizzes',
  'Sends',
  'Deliveries',
  'Workshops',
  'Signups',
  'CheckinGuards',
  'Announcements',
  'Channels',
  'Roster',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];
export type TableSet = Record<TableName, TableClient>;

/**
 * Opens (and creates when missing) every table, named `<prefix><Name>`: one client per table, built here once
 * for the process and shared by every repository (see `tableClientOf` for how each signs its requests).
 */
export async function openTables(at: StoreAddress | string, prefix: string): Promise<TableSet> {
  const address = storeAddressOf(at);
  if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(prefix)) {
    throw new Error(
      `TABLE_PREFIX must be letters and digits, starting with a letter (got "${prefix}")`,
    );
  }
  const tables = {} as TableSet;
  await Promise.all(
    TABLE_NAMES.map(async (name) => {
      const client = tableClientOf(address, `${prefix}${name}`);
      await client.createTable(); // the SDK ignores "already exists"
      tables[name] = client;
    }),
  );
  return tables;
}

/**
 * The client of one table. With a connection string (Azurite, or an account key) it signs each request with
 * the account key (Shared Key Lite: an HMAC-SHA256 of the date and resource, ≈ 3–4 µs a request measured here,
 * of which decoding the key is under 1 µs: not worth a signing policy of our own). With the app's identity it
 * holds no key at all: a bearer token, fetched and cached by @azure/identity.
 */
export function tableClientOf(address: StoreAddress, table: string): TableClient {
  const options = { allowInsecureConnection: isInsecure(address) };
  const client =
    address.kind === 'connection-string'
      ? TableClient.fromConnectionString(address.connectionString, table, options)
      : new TableClient(address.tableUrl, table, address.credential, options);
  for (const name of UNUSED_POLICIES) client.pipeline.removePolicy({ name });
  return client;
}

/**
 * Steps of the SDK's pipeline that do nothing for this app yet cost each of its requests a turn (≈ 3 store calls
 * per answer): tracing (no OpenTelemetry here), redirects (the table service does not redirect), form and
 * multipart bodies (tables send neither). Kept: serialisation, proxy, decompression, user agent and request id,
 * signing, retries and the Azure SDK's log (AZURE_LOG_LEVEL).
 */
const UNUSED_POLICIES = ['tracingPolicy', 'redirectPolicy', 'formDataPolicy', 'multipartPolicy'];

export const isConflict = (error: unknown): boolean => statusOf(error) === 409;
export const isStale = (error: unknown): boolean => statusOf(error) === 412;
export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/** A point read that answers null instead of throwing on 404 (lean, through the client's pipeline: table-wire.ts). */
export const getEntityOrNull = readEntity;

/** Every entity of one partition, optionally limited to RowKeys starting with `rowPrefix` (lean: table-wire.ts). */
export async function listPartition<T extends object>(
  client: TableClient,
  partitionKey: string,
  rowPrefix = '',
): Promise<TableEntityResult<T>[]> {
  const filter = rowPrefix
    ? `PartitionKey eq '${escapeOData(partitionKey)}' and RowKey ge '${escapeOData(rowPrefix)}' and RowKey lt '${escapeOData(prefixEnd(rowPrefix))}'`
    : `PartitionKey eq '${escapeOData(partitionKey)}'`;
  return queryEntities<T>(client, filter);
}

/**
 * The first key after every key starting with `prefix` (its last character moved up by one): keys encoded by
 * `safeKey` start with '~', so "prefix~" would not be an upper bound.
 */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export function escapeOData(value: string): string {
  return value.replace(/'/g, "''");
}

/** Keys may not hold / \ # ? or control characters: ids from outside are encoded. */
export function safeKey(value: string): string {
  return /^[A-Za-z0-9._:@=-]+$/.test(value)
    ? value
    : `~${Buffer.from(value, 'utf8').toString('base64url')}`;
}

/**
 * A write that lost a race a fresh read settles: the row it creates was created meanwhile (409), or the row it
 * deletes is gone (404). Thrown inside `withOptimisticRetry`, which reads again; its cause is the store's error.
 */
export class LostRace extends Error {
  constructor(cause: unknown) {
    super('a concurrent write came first; read again', { cause });
    this.name = 'LostRace';
  }
}

/**
 * Runs a read-modify-write until its conditional write lands. `attempt` reads fresh state and writes with its
 * ETag; a 412 (someone else wrote first) or a `LostRace` runs it again after a short random wait that grows with
 * each lost round, so racing writers spread out. Out of tries, the store's own error is thrown.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      const lostRace = error instanceof LostRace;
      if (!(lostRace || isStale(error))) throw error;
      if (i >= tries) throw lostRace ? error.cause : error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * i));
    }
  }
}
