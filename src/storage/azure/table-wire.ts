/**
 * Lean versions of the store's hot calls: an entity-group transaction, a point read, a merge or replace of one
 * row, and a query.
 *
 * Why: a CPU profile of the compiled app answering 100 quiz answers/s showed the SDK's per-call overhead
 * dominating. `TableClient.submitTransaction` builds a whole new `TableClient` (pipeline, sanitizer, policies) on
 * every call, then pushes each sub-operation through an intercepting pipeline: ≈ 10 % of the app's busy CPU, 4.7 %
 * for that constructor alone. Point reads and merges pay core-client's mapper-based (de)serialisation on top.
 *
 * What stays the SDK's: every request goes through the steps of the table client's own `pipeline`, so
 * authentication (Shared Key from a connection string, or a bearer token from the app's identity), proxy, retries,
 * request ids and logging are exactly what `TableClient` does; only the steps these calls have no use for are left
 * out (`SKIPPED_POLICIES`). Only the request and its body are built here, in the wire format
 * the SDK sends (data-tables 13.3.2, checked against Azurite), and answers are read the way it reads them: same
 * values, same `RestError` (`statusCode`, `code`) on a refused write. Not for Cosmos DB table endpoints (the SDK
 * rewrites their PATCH there).
 */
import { randomUUID } from 'node:crypto';
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type {
  TableClient,
  TableEntity,
  TableEntityResult,
  TableTransactionEntityResponse,
  TransactionAction,
} from '@azure/data-tables';

/** The answer of a transaction, as `submitTransaction` gives it (in the order of the actions). */
export interface BatchResult {
  status: number;
  subResponses: TableTransactionEntityResponse[];
}

const SERVICE_VERSION = '2019-02-02';
/** What a point read and a query ask for, as the SDK asks (rows with their ETag, types only where JSON cannot tell). */
const READ_HEADERS: Readonly<Record<string, string>> = {
  Accept: 'application/json;odata=minimalmetadata',
  'x-ms-version': SERVICE_VERSION,
  DataServiceVersion: '3.0',
};
const CRLF = '\r\n';

let sharedHttpClient: HttpClient | undefined;
/** One HTTP client (one keep-alive agent) for every table of the process. */
function httpClient(): HttpClient {
  sharedHttpClient ??= createDefaultHttpClient();
  return sharedHttpClient;
}

interface TableAddress {
  /** `<account url>/<table>`, without query. */
  table: string;
  /** `<account url>/$batch`, without query. */
  batch: string;
  /** The account URL's query (a SAS, when the connection string holds one), `?…` or ''. */
  query: string;
  /** The app sets `allowInsecureConnection` exactly when its table endpoint is plain http (Azurite). */
  insecure: boolean;
}

const addresses = new WeakMap<TableClient, TableAddress>();
function addressOf(client: TableClient): TableAddress {
  let address = addresses.get(client);
  if (!address) {
    const at = client.url.indexOf('?');
    const account = (at < 0 ? client.url : client.url.slice(0, at)).replace(/\/+$/, '');
    address = {
      table: `${account}/${client.tableName}`,
      batch: `${account}/$batch`,
      query: at < 0 ? '' : client.url.slice(at),
      insecure: /^http:/i.test(client.url),
    };
    addresses.set(client, address);
  }
  return address;
}

/** `(PartitionKey='…',RowKey='…')`: quotes doubled, then URL-encoded, as the SDK addresses an entity. */
function entityPath(partitionKey: string, rowKey: string): string {
  return `(PartitionKey='${encodeKey(partitionKey)}',RowKey='${encodeKey(rowKey)}')`;
}

function encodeKey(key: unknown): string {
  if (typeof key !== 'string') throw new Error('an entity key must be a string');
  return encodeURIComponent(key.replace(/'/g, "''"));
}

/**
 * Steps of the client's pipeline these calls have no use for: (de)serialisation (the request and its answer are
 * written and read here), the user agent, decompression (nothing asks for a compressed answer) and the wrapping of
 * abort signals (none is given). Every other step is the client's own, in its order: proxy, request id, signing,
 * retries, the SDK's log.
 */
const SKIPPED_POLICIES = new Set([
  'serializationPolicy',
  'deserializationPolicy',
  'userAgentPolicy',
  'decompressResponsePolicy',
  'wrapAbortSignalLikePolicy',
]);
const leanPipelines = new WeakMap<TableClient, { from: PipelinePolicy[]; pipeline: Pipeline }>();

/** The client's pipeline without the skipped steps, made again whenever the client's own changes. */
function leanPipelineOf(client: TableClient): Pipeline {
  const policies = client.pipeline.getOrderedPolicies(); // the same array while the pipeline is unchanged
  let lean = leanPipelines.get(client);
  if (lean?.from !== policies) {
    const pipeline = createEmptyPipeline();
    for (const policy of policies)
      if (!SKIPPED_POLICIES.has(policy.name)) pipeline.addPolicy(policy);
    lean = { from: policies, pipeline };
    leanPipelines.set(client, lean);
  }
  return lean.pipeline;
}

async function send(
  client: TableClient,
  method: HttpMethods,
  url: string,
  headers: Readonly<Record<string, string>>,
  body?: string,
): Promise<{ request: PipelineRequest; response: PipelineResponse }> {
  const request = createPipelineRequest({
    url,
    method,
    headers: createHttpHeaders(headers),
    body,
    allowInsecureConnection: addressOf(client).insecure,
  });
  const response = await leanPipelineOf(client).sendRequest(httpClient(), request);
  return { request, response };
}

// --- values -------------------------------------------------------------------------------------------------

const TO_WIRE_NAME: Readonly<Record<string, string>> = {
  partitionKey: 'PartitionKey',
  rowKey: 'RowKey',
  etag: 'odata.etag',
  timestamp: 'Timestamp',
};
const FROM_WIRE_NAME: Readonly<Record<string, string>> = {
  PartitionKey: 'partitionKey',
  RowKey: 'rowKey',
  'odata.etag': 'etag',
  Timestamp: 'timestamp',
};
const EDM_TYPES = new Set([
  'Binary',
  'Boolean',
  'DateTime',
  'Double',
  'Guid',
  'Int32',
  'Int64',
  'String',
]);

/** An entity as the service takes it in JSON: the SDK's names, and `@odata.type` where JSON cannot tell. */
function entityJson(entity: object): string {
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    if (value === undefined) continue; // JSON drops it, as it does in the SDK's body
    const wireName = TO_WIRE_NAME[name] ?? name;
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      wire[wireName] = value;
    } else if (typeof value === 'bigint') {
      wire[wireName] = value.toString();
      wire[`${wireName}@odata.type`] = 'Edm.Int64';
    } else if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new Error(`invalid date in column "${name}"`);
      wire[wireName] = value.toISOString();
      wire[`${wireName}@odata.type`] = 'Edm.DateTime';
    } else if (isTypedValue(value)) {
      wire[wireName] = value.value;
      wire[`${wireName}@odata.type`] = `Edm.${value.type}`;
    } else {
      throw new Error(`column "${name}": a ${typeof value} is not a value the table can store`);
    }
  }
  return JSON.stringify(wire);
}

function isTypedValue(value: object): value is { value: unknown; type: string } {
  const { value: inner, type } = value as { value?: unknown; type?: unknown };
  if (inner === undefined || type === undefined) return false;
  if (typeof type !== 'string' || !EDM_TYPES.has(type)) {
    throw new Error(`unknown EDM type ${String(type)}`);
  }
  return true;
}

/** A row as the SDK's `getEntity` gives it: its names, and annotated values typed (Int64 → bigint…). */
function entityOf<T extends object>(wire: Record<string, unknown>): TableEntityResult<T> {
  const entity: Record<string, unknown> = {};
  let annotated = false;
  for (const key in wire) {
    if (key.endsWith(ODATA_TYPE)) {
      annotated = true;
      continue;
    }
    entity[FROM_WIRE_NAME[key] ?? key] = wire[key];
  }
  // Most rows hold strings, numbers and booleans only: no annotation, nothing to convert (one pass, no lookups).
  if (annotated) {
    for (const key in wire) {
      if (!key.endsWith(ODATA_TYPE)) continue;
      const name = key.slice(0, -ODATA_TYPE.length);
      if (name in wire) entity[FROM_WIRE_NAME[name] ?? name] = typedValue(wire[name], wire[key]);
    }
  }
  return entity as TableEntityResult<T>;
}
const ODATA_TYPE = '@odata.type';

function typedValue(value: unknown, type: unknown): unknown {
  switch (type) {
    case 'Edm.Boolean':
    case 'Edm.Double':
    case 'Edm.Int32':
    case 'Edm.String':
      return value;
    case 'Edm.DateTime':
      return new Date(value as string);
    case 'Edm.Int64':
      return BigInt(value as string);
    case 'Edm.Guid':
      return { value, type: 'Guid' };
    case 'Edm.Binary':
      return Buffer.from(value as string, 'base64');
    default:
      throw new Error(`Unknown EDM type ${String(type)}`);
  }
}

// --- errors -------------------------------------------------------------------------------------------------

interface ODataError {
  code?: string;
  message?: string;
}

function odataErrorOf(body: unknown): ODataError | undefined {
  const error = (
    body as { 'odata.error'?: { code?: unknown; message?: { value?: unknown } } } | null
  )?.['odata.error'];
  if (!error || typeof error !== 'object') return undefined;
  return {
    code: typeof error.code === 'string' ? error.code : undefined,
    message: typeof error.message?.value === 'string' ? error.message.value : undefined,
  };
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The body as JSON: core-client's deserialization policy (in the client's pipeline) has usually parsed it. */
function jsonBodyOf(response: PipelineResponse): unknown {
  const parsed = (response as PipelineResponse & { parsedBody?: unknown }).parsedBody;
  return parsed !== null && typeof parsed === 'object' ? parsed : parseJson(response.bodyAsText);
}

/** A refused single call, as the SDK reports it: status, the service's error code, its message. */
function callError(request: PipelineRequest, response: PipelineResponse): RestError {
  const odata = odataErrorOf(jsonBodyOf(response));
  const errorCode = response.headers.get('x-ms-error-code') ?? odata?.code;
  const error = new RestError(
    odata?.message ?? response.bodyAsText ?? `status ${response.status}`,
    {
      code: odata?.code,
      statusCode: response.status,
      request,
      response,
    },
  );
  Object.assign(error, { details: { errorCode } });
  return error;
}

/** A refused transaction, as `submitTransaction` throws it: the failed action's status, `code` from odata.error. */
function batchError(
  body: string,
  statusCode: number,
  request: PipelineRequest,
  response: PipelineResponse,
): RestError {
  const odata = odataErrorOf(parseJson(body));
  return new RestError(odata?.message ?? 'Transaction Failed', {
    code: odata?.code,
    statusCode,
    request,
    response,
  });
}

// --- the three calls ----------------------------------------------------------------------------------------

/**
 * An entity-group transaction: the same actions as `TableClient.submitTransaction` (one partition, ≤ 100), all
 * applied or none. A refused action throws a `RestError` carrying its status (409, 412, 404…), as the SDK does.
 */
export async function submitBatch(
  client: TableClient,
  actions: readonly TransactionAction[],
): Promise<BatchResult> {
  if (actions.length === 0) throw new Error('a transaction needs at least one action');
  const address = addressOf(client);
  const partitionKey = actions[0][1].partitionKey;
  const batchBoundary = `batch_${randomUUID()}`;
  const changesetBoundary = `changeset_${randomUUID()}`;
  let body =
    `--${batchBoundary}${CRLF}Content-Type: multipart/mixed; boundary=${changesetBoundary}${CRLF}` +
    CRLF;
  for (const action of actions) {
    const entity: TableEntity = action[1];
    if (entity.partitionKey !== partitionKey) {
      throw new Error('All operations in a transaction must target the same partitionKey');
    }
    body +=
      `--${changesetBoundary}${CRLF}Content-Type: application/http${CRLF}` +
      `Content-Transfer-Encoding: binary${CRLF}${CRLF}${subRequest(address.table, action)}${CRLF}`;
  }
  body += `--${changesetBoundary}--${CRLF}--${batchBoundary}--${CRLF}`;

  const { request, response } = await send(
    client,
    'POST',
    `${address.batch}${address.query}`,
    {
      Accept: 'application/json',
      'x-ms-version': SERVICE_VERSION,
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=${batchBoundary}`,
      'Accept-Charset': 'UTF-8',
    },
    body,
  );
  const text = response.bodyAsText ?? '';
  if (response.status < 200 || response.status >= 300) {
    throw batchError(text, response.status, request, response);
  }
  // One part per action between `--changesetresponse_…` lines; a refused changeset answers one part, with the
  // failed action's status and an odata.error body.
  const parts = text.split('--changesetresponse_').slice(1, -1);
  const subResponses = parts.map((part): TableTransactionEntityResponse => {
    const status = Number(/HTTP\/1\.1 (\d+)/.exec(part)?.[1]);
    if (!Number.isInteger(status)) throw new Error(`no status in a transaction's answer:\n${part}`);
    const errorBody = /\{.*\}/.exec(part)?.[0];
    if (errorBody !== undefined || status >= 300) {
      throw batchError(errorBody ?? '', status, request, response);
    }
    const etag = /^ETag: (.*)$/im.exec(part)?.[1]?.trim();
    const rowKey = /RowKey='(.*)'/.exec(part)?.[1];
    return {
      status,
      ...(rowKey !== undefined && { rowKey }),
      ...(etag !== undefined && { etag }),
    };
  });
  return { status: response.status, subResponses };
}

/** One `application/http` part: request line, the headers the SDK sends for that action, the entity. */
function subRequest(tableUrl: string, action: TransactionAction): string {
  const entity = action[1];
  const url =
    action[0] === 'create' ? tableUrl : tableUrl + entityPath(entity.partitionKey, entity.rowKey);
  const lines: string[] = [];
  let json: string | undefined;
  if (action[0] === 'create') {
    lines.push(
      `POST ${url} HTTP/1.1`,
      'Content-Type: application/json;odata=nometadata',
      'Accept: application/json;odata=minimalmetadata',
      'DataServiceVersion: 3.0',
      'Prefer: return-no-content',
    );
    json = entityJson(entity);
  } else if (action[0] === 'delete') {
    // The SDK's transaction deletes unconditionally, whatever the entity carries.
    lines.push(
      `DELETE ${url} HTTP/1.1`,
      'Accept: application/json;odata=minimalmetadata',
      'DataServiceVersion: 3.0',
      'If-Match: *',
    );
  } else {
    const mode = action[2] ?? 'Merge';
    if (mode !== 'Merge' && mode !== 'Replace') {
      throw new Error(`Unexpected value for update mode: ${String(mode)}`);
    }
    lines.push(
      `${mode === 'Merge' ? 'PATCH' : 'PUT'} ${url} HTTP/1.1`,
      'Content-Type: application/json',
      'DataServiceVersion: 3.0',
      'Accept: application/json',
    );
    // An update is conditional (its etag, or any version: `*`); an upsert never is.
    if (action[0] === 'update') lines.push(`If-Match: ${action[3]?.etag ?? '*'}`);
    json = entityJson(entity);
  }
  return lines.join(CRLF) + CRLF + CRLF + (json ?? '');
}

/** A point read: the row as `getEntity` gives it, or null when there is none (404). */
export async function readEntity<T extends object>(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<TableEntityResult<T> | null> {
  const { table, query } = addressOf(client);
  const { request, response } = await send(
    client,
    'GET',
    table + entityPath(partitionKey, rowKey) + query,
    READ_HEADERS,
  );
  if (response.status === 404) return null;
  if (response.status !== 200) throw callError(request, response);
  const body = jsonBodyOf(response);
  if (!body || typeof body !== 'object') {
    throw new RestError('a point read answered no entity', {
      statusCode: response.status,
      request,
      response,
    });
  }
  return entityOf<T>(body as Record<string, unknown>);
}

/**
 * Merges the entity's columns into its row: on `etag` when given, else whatever its version (`If-Match: *`). A
 * missing row (404) or a stale etag (412) throws a `RestError` with that `statusCode`. Answers the new ETag.
 */
export function mergeEntity<T extends object>(
  client: TableClient,
  entity: TableEntity<T>,
  etag = '*',
): Promise<{ etag?: string }> {
  return writeEntity(client, 'PATCH', entity, etag);
}

/**
 * Replaces the row with the entity (columns it lacks are dropped), on `etag` when given, else whatever its
 * version. 404 and 412 as `mergeEntity`. Answers the new ETag.
 */
export function replaceEntity<T extends object>(
  client: TableClient,
  entity: TableEntity<T>,
  etag = '*',
): Promise<{ etag?: string }> {
  return writeEntity(client, 'PUT', entity, etag);
}

async function writeEntity<T extends object>(
  client: TableClient,
  method: 'PATCH' | 'PUT',
  entity: TableEntity<T>,
  etag: string,
): Promise<{ etag?: string }> {
  const { table, query } = addressOf(client);
  const { request, response } = await send(
    client,
    method,
    table + entityPath(entity.partitionKey, entity.rowKey) + query,
    {
      'Content-Type': 'application/json',
      'x-ms-version': SERVICE_VERSION,
      DataServiceVersion: '3.0',
      Accept: 'application/json',
      'If-Match': etag,
    },
    entityJson(entity),
  );
  if (response.status < 200 || response.status >= 300) throw callError(request, response);
  return { etag: response.headers.get('etag') };
}

/**
 * The rows a filter selects, every page of them (the service answers at most 1,000 rows a page, with continuation
 * headers for the next), as `listEntities` gives them. The leaderboard reads 500 wide team rows with it every
 * second while answers flow: through the SDK that read cost ≈ 50 ms of CPU, most of it mapper-based
 * deserialisation, and stalled every request behind it.
 */
export async function queryEntities<T extends object>(
  client: TableClient,
  filter: string,
): Promise<TableEntityResult<T>[]> {
  const { table, query } = addressOf(client);
  const rows: TableEntityResult<T>[] = [];
  let next: { partitionKey: string; rowKey: string | null } | null = null;
  do {
    // Encoded as the SDK encodes them (a space is %20, never '+'), the answer's format said by the Accept header.
    let params = `$filter=${encodeURIComponent(filter)}`;
    if (next) {
      params += `&NextPartitionKey=${encodeURIComponent(next.partitionKey)}`;
      if (next.rowKey !== null) params += `&NextRowKey=${encodeURIComponent(next.rowKey)}`;
    }
    const { request, response } = await send(
      client,
      'GET',
      `${table}()?${params}${query ? `&${query.slice(1)}` : ''}`,
      READ_HEADERS,
    );
    if (response.status !== 200) throw callError(request, response);
    const body = jsonBodyOf(response) as { value?: unknown } | undefined;
    if (!body || !Array.isArray(body.value)) {
      throw new RestError('a query answered no rows', {
        statusCode: response.status,
        request,
        response,
      });
    }
    for (const wire of body.value as Record<string, unknown>[]) rows.push(entityOf<T>(wire));
    const partitionKey = response.headers.get('x-ms-continuation-NextPartitionKey');
    next = partitionKey
      ? { partitionKey, rowKey: response.headers.get('x-ms-continuation-NextRowKey') ?? null }
      : null;
  } while (next);
  return rows;
}
