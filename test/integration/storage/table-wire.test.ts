import { createHttpHeaders } from '@azure/core-rest-pipeline';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { statusOf } from '../../../src/domain/errors';
import {
  mergeEntity,
  queryEntities,
  replaceEntity,
  readEntity,
  submitBatch,
} from '../../../src/storage/azure/table-wire';
import { tableClientOf, type TableSet } from '../../../src/storage/azure/tables';
import { storeAddressOf } from '../../../src/storage/azure/store-address';
import { freshTables, testConnectionString } from '../../support/storage';
import { identityCredential } from '../../support/identity';

/**
 * The lean store calls (src/storage/azure/table-wire.ts) against Azurite: they must write and read exactly what
 * the SDK's own calls do, refuse what they refuse with the same statuses, and go through the client's pipeline.
 */

/** Keys our ids can hold: quotes, spaces, accents, punctuation; never / \ # ? (Table Storage refuses those). */
const AWKWARD_KEYS = [
  "l'équipe « Sobres » (n°1)",
  'agent ü 1',
  "a+b=c;d,e:f@g$h*i~j%k!l&m'n",
  'plain-key',
];

let tables: TableSet;
let client: TableClient;
let partitionCount = 0;

beforeAll(async () => {
  tables = await freshTables();
  client = tables.Events;
});

/** A partition of its own for each test. */
const freshPartition = (prefix = "p 'q' é") => `${prefix} ${(partitionCount += 1)}`;

async function rowsOf(partitionKey: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const filter = `PartitionKey eq '${partitionKey.replace(/'/g, "''")}'`;
  for await (const row of client.listEntities({ queryOptions: { filter } })) rows.push(row);
  return rows;
}

describe('submitBatch', () => {
  it('given awkward keys, when rows are created, updated, upserted and deleted, then the store holds what the SDK would have written', async () => {
    for (const key of AWKWARD_KEYS) {
      // given
      const pk = freshPartition(key);

      // when: every action kind, each in a transaction of its own
      const created = await submitBatch(client, [
        ['create', { partitionKey: pk, rowKey: key, a: 'created', b: 1 }],
        ['create', { partitionKey: pk, rowKey: `${key} 2`, a: 'doomed' }],
        ['create', { partitionKey: pk, rowKey: `${key} 3`, a: 'replaced', b: 3 }],
      ]);
      await submitBatch(client, [['update', { partitionKey: pk, rowKey: key, c: true }, 'Merge']]);
      const before = await client.getEntity(pk, `${key} 3`);
      await submitBatch(client, [
        [
          'update',
          { partitionKey: pk, rowKey: `${key} 3`, a: 'new' },
          'Replace',
          { etag: before.etag },
        ],
      ]);
      await submitBatch(client, [
        ['upsert', { partitionKey: pk, rowKey: `${key} 4`, a: 'upserted' }],
        ['upsert', { partitionKey: pk, rowKey: key, d: 'merged too' }, 'Merge'],
        ['upsert', { partitionKey: pk, rowKey: `${key} 5`, a: 'whole' }, 'Replace'],
        ['delete', { partitionKey: pk, rowKey: `${key} 2` }],
      ]);

      // then
      expect(created.status).toBe(202);
      expect(created.subResponses).toHaveLength(3);
      expect(created.subResponses[0]!.status).toBe(204);
      expect(decodeURIComponent(created.subResponses[0]!.rowKey!).replace(/''/g, "'")).toBe(key);
      const rows = await rowsOf(pk);
      const columns = (row: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(row).filter(
            ([name]) => !['etag', 'timestamp', 'partitionKey'].includes(name),
          ),
        );
      expect(
        rows.map(columns).sort((x, y) => String(x.rowKey).localeCompare(String(y.rowKey))),
      ).toEqual(
        [
          { rowKey: key, a: 'created', b: 1, c: true, d: 'merged too' },
          { rowKey: `${key} 3`, a: 'new' },
          { rowKey: `${key} 4`, a: 'upserted' },
          { rowKey: `${key} 5`, a: 'whole' },
        ].sort((x, y) => x.rowKey.localeCompare(y.rowKey)),
      );
    }
  });

  it('given a create and a merge on the ETag in one transaction, then both land and each answer carries its row’s new ETag', async () => {
    // given
    const pk = freshPartition();
    await client.createEntity({ partitionKey: pk, rowKey: 'tally', points: 1 });
    const tally = await client.getEntity(pk, 'tally');

    // when
    const result = await submitBatch(client, [
      ['create', { partitionKey: pk, rowKey: 'answer:q1', choice: 'b' }],
      ['update', { partitionKey: pk, rowKey: 'tally', points: 2 }, 'Merge', { etag: tally.etag }],
    ]);

    // then
    const [answer, ledger] = await Promise.all([
      client.getEntity(pk, 'answer:q1'),
      client.getEntity<{ points: number }>(pk, 'tally'),
    ]);
    expect(ledger.points).toBe(2);
    expect(result.subResponses.map((r) => r.etag)).toEqual([answer.etag, ledger.etag]);
  });

  it('given a row that exists, when a transaction creates it again, then it is refused with 409 and writes nothing', async () => {
    // given
    const pk = freshPartition();
    await client.createEntity({ partitionKey: pk, rowKey: 'answer:q1', choice: 'a' });

    // when
    const error = await submitBatch(client, [
      ['create', { partitionKey: pk, rowKey: 'answer:q2', choice: 'c' }],
      ['create', { partitionKey: pk, rowKey: 'answer:q1', choice: 'b' }],
    ]).catch((e: unknown) => e);

    // then: as the SDK throws it, the failing action's index first in the message
    expect(statusOf(error)).toBe(409);
    expect(error).toMatchObject({ name: 'RestError', code: 'EntityAlreadyExists' });
    expect((error as Error).message).toMatch(/^1:/);
    expect(await readEntity(client, pk, 'answer:q2')).toBeNull();
    expect(await readEntity(client, pk, 'answer:q1')).toMatchObject({ choice: 'a' });
  });

  it('given a stale ETag, when a transaction updates on it, then it is refused with 412 and writes nothing', async () => {
    // given
    const pk = freshPartition();
    await client.createEntity({ partitionKey: pk, rowKey: 'tally', points: 1 });
    const stale = (await client.getEntity(pk, 'tally')).etag;
    await client.updateEntity({ partitionKey: pk, rowKey: 'tally', points: 5 }, 'Merge');

    // when
    const error = await submitBatch(client, [
      ['create', { partitionKey: pk, rowKey: 'answer:q1', choice: 'b' }],
      ['update', { partitionKey: pk, rowKey: 'tally', points: 2 }, 'Replace', { etag: stale }],
    ]).catch((e: unknown) => e);

    // then
    expect(statusOf(error)).toBe(412);
    expect(error).toMatchObject({ code: 'UpdateConditionNotSatisfied' });
    expect(await readEntity(client, pk, 'answer:q1')).toBeNull();
    expect(await readEntity(client, pk, 'tally')).toMatchObject({ points: 5 });
  });

  it('given a missing row, when a transaction deletes or updates it, then it is refused with 404', async () => {
    const pk = freshPartition();
    for (const action of [
      ['delete', { partitionKey: pk, rowKey: 'gone' }],
      ['update', { partitionKey: pk, rowKey: 'gone', a: 1 }, 'Merge'],
    ] satisfies TransactionAction[]) {
      const error = await submitBatch(client, [action]).catch((e: unknown) => e);
      expect(statusOf(error)).toBe(404);
    }
  });

  it('refuses what the SDK refuses before sending: two partitions, a value it cannot store', async () => {
    await expect(
      submitBatch(client, [
        ['create', { partitionKey: 'a', rowKey: '1' }],
        ['create', { partitionKey: 'b', rowKey: '1' }],
      ]),
    ).rejects.toThrow('same partitionKey');
    await expect(
      submitBatch(client, [['create', { partitionKey: 'a', rowKey: '1', list: ['x'] }]]),
    ).rejects.toThrow('not a value the table can store');
    expect(await readEntity(client, 'a', '1')).toBeNull();
  });
});

describe('readEntity', () => {
  it('given a row of every value type, when read, then it is what the SDK’s getEntity gives, and what was written', async () => {
    // given
    const pk = freshPartition();
    const written = {
      text: 'é « » \u2019 "quoted"',
      empty: '',
      integer: 42,
      negative: -7,
      fraction: 1.5,
      yes: true,
      no: false,
      nothing: null,
      date: new Date('2026-11-23T09:00:05.123Z'),
      big: 9007199254740993n,
      int64: { value: '-12', type: 'Int64' },
      dateTime: { value: '2026-01-02T03:04:05.678Z', type: 'DateTime' },
      double: { value: '2.5', type: 'Double' },
      int32: { value: '7', type: 'Int32' },
      guid: { value: '0f8fad5b-d9cb-469f-a165-70867728950e', type: 'Guid' },
      typedString: { value: 'x', type: 'String' },
      typedBoolean: { value: 'true', type: 'Boolean' },
      binary: { value: Buffer.from('octets').toString('base64'), type: 'Binary' },
    };

    for (const rowKey of AWKWARD_KEYS) {
      await submitBatch(client, [['create', { partitionKey: pk, rowKey, ...written }]]);

      // when
      const [lean, sdk] = await Promise.all([
        readEntity(client, pk, rowKey),
        client.getEntity(pk, rowKey),
      ]);

      // then
      expect(lean).toEqual(sdk);
      expect(lean).toMatchObject({
        partitionKey: pk,
        rowKey,
        text: written.text,
        empty: '',
        integer: 42,
        negative: -7,
        fraction: 1.5,
        yes: true,
        no: false,
        date: written.date,
        big: 9007199254740993n,
        int64: -12n,
        dateTime: new Date('2026-01-02T03:04:05.678Z'),
        guid: { value: '0f8fad5b-d9cb-469f-a165-70867728950e', type: 'Guid' },
        typedString: 'x',
        binary: Buffer.from('octets'),
      });
      expect(typeof lean!.etag).toBe('string');
      expect(typeof lean!.timestamp).toBe('string');
    }
  });

  it('given no such row, when read, then it answers null', async () => {
    expect(await readEntity(client, freshPartition(), 'nobody')).toBeNull();
  });
});

describe('queryEntities', () => {
  it('given rows of every value type under awkward keys, when queried, then they are what the SDK’s listEntities gives', async () => {
    // given
    const pk = freshPartition();
    const written = {
      text: 'é « » "quoted"',
      integer: 42,
      fraction: 1.5,
      yes: true,
      date: new Date('2026-11-23T09:00:05.123Z'),
      big: 9007199254740993n,
      guid: { value: '0f8fad5b-d9cb-469f-a165-70867728950e', type: 'Guid' },
    };
    for (const rowKey of AWKWARD_KEYS)
      await submitBatch(client, [['create', { partitionKey: pk, rowKey, ...written }]]);
    const filter = `PartitionKey eq '${pk.replace(/'/g, "''")}'`;

    // when
    const lean = await queryEntities(client, filter);

    // then
    expect(lean).toEqual(await rowsOf(pk));
    expect(lean.map((row) => row.rowKey).sort()).toEqual([...AWKWARD_KEYS].sort());
  });

  it('given more rows than one page holds, when queried, then it follows the continuation to the last', async () => {
    // given 1,205 rows (the service answers 1,000 a page)
    const pk = freshPartition('pages');
    const keys = Array.from({ length: 1205 }, (_, i) => `r${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 100) {
      await submitBatch(
        client,
        keys
          .slice(i, i + 100)
          .map((rowKey): TransactionAction => ['create', { partitionKey: pk, rowKey, n: i }]),
      );
    }

    // when
    const rows = await queryEntities(client, `PartitionKey eq '${pk}'`);

    // then
    expect(rows.map((row) => row.rowKey)).toEqual(keys);
  });

  it('writes the filter as the SDK does: a space is %20, never a "+" some services read as is', async () => {
    // given a client of the same table whose requests are watched
    const watched = tableClientOf(storeAddressOf(testConnectionString()), client.tableName);
    const urls: string[] = [];
    watched.pipeline.addPolicy({
      name: 'watch',
      sendRequest: (request, next) => {
        urls.push(request.url);
        return next(request);
      },
    });

    // when
    await queryEntities(watched, `PartitionKey eq 'a b+c'`);

    // then
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain("()?$filter=PartitionKey%20eq%20'a%20b%2Bc'");
    expect(urls[0]).not.toMatch(/\?.*\+/);
  });

  it('given a filter the service refuses, then it throws its status', async () => {
    const error = await queryEntities(client, 'PartitionKey eq').catch((e: unknown) => e);
    expect(statusOf(error)).toBe(400);
  });
});

describe('mergeEntity', () => {
  it('given one row, when 100 merges of different columns land at once, then every column is there', async () => {
    // given
    const pk = freshPartition();
    await client.createEntity({ partitionKey: pk, rowKey: 'team:T', name: 'Les Sobres' });

    // when
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        mergeEntity(client, { partitionKey: pk, rowKey: 'team:T', [`m_agent${i}`]: `${i}|1|x` }),
      ),
    );

    // then
    const row = (await readEntity<Record<string, string>>(client, pk, 'team:T'))!;
    expect(row.name).toBe('Les Sobres');
    for (let i = 0; i < 100; i += 1) expect(row[`m_agent${i}`]).toBe(`${i}|1|x`);
  });

  it('given an ETag, then it merges on it: the current one lands, a stale one is refused with 412', async () => {
    // given
    const pk = freshPartition();
    await client.createEntity({ partitionKey: pk, rowKey: 'r', a: 1 });
    const first = (await client.getEntity(pk, 'r')).etag;

    // when
    const merged = await mergeEntity(client, { partitionKey: pk, rowKey: 'r', b: 2 }, first);
    const error = await mergeEntity(client, { partitionKey: pk, rowKey: 'r', c: 3 }, first).catch(
      (e: unknown) => e,
    );

    // then
    const row = await client.getEntity(pk, 'r');
    expect(merged.etag).toBe(row.etag);
    expect(row).toMatchObject({ a: 1, b: 2 });
    expect(row).not.toHaveProperty('c');
    expect(statusOf(error)).toBe(412);
    expect(error).toMatchObject({ name: 'RestError' });
  });

  it('given no such row, when merged, then it is refused with 404 and creates nothing', async () => {
    const pk = freshPartition();
    const error = await mergeEntity(client, { partitionKey: pk, rowKey: 'gone', a: 1 }).catch(
      (e: unknown) => e,
    );
    expect(statusOf(error)).toBe(404);
    expect(await readEntity(client, pk, 'gone')).toBeNull();
  });
});

describe('replaceEntity', () => {
  it('given an ETag, then the current one replaces the row whole and a stale one is refused with 412', async () => {
    // given
    const pk = freshPartition();
    await submitBatch(client, [['create', { partitionKey: pk, rowKey: 'r', a: 1, b: 2 }]]);
    const { etag } = (await readEntity(client, pk, 'r'))!;

    // when
    const replaced = await replaceEntity(client, { partitionKey: pk, rowKey: 'r', c: 3 }, etag);
    const error = await replaceEntity(client, { partitionKey: pk, rowKey: 'r', d: 4 }, etag).catch(
      (e: unknown) => e,
    );

    // then
    const row = await client.getEntity(pk, 'r');
    expect(replaced.etag).toBe(row.etag);
    expect(row).toMatchObject({ c: 3 });
    expect(row).not.toHaveProperty('a');
    expect(row).not.toHaveProperty('d');
    expect(statusOf(error)).toBe(412);
  });
});

describe('the lean calls and the client’s pipeline', () => {
  it('given a table client of the app, then its pipeline signs and retries, and has no step the app does not use', () => {
    const names = (client.pipeline as unknown as { getOrderedPolicies(): { name: string }[] })
      .getOrderedPolicies()
      .map((policy) => policy.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'tablesNamedKeyCredentialPolicy',
        'defaultRetryPolicy',
        'proxyPolicy',
      ]),
    );
    for (const unused of ['tracingPolicy', 'redirectPolicy', 'formDataPolicy', 'multipartPolicy'])
      expect(names).not.toContain(unused);
  });

  const URL = 'https://account.table.core.windows.net';

  /** A client with the app's identity, answered at the end of its pipeline: what reached the wire? */
  function identityClient() {
    const seen: { method: string; url: string; authorization?: string }[] = [];
    const credential = identityCredential();
    const client = tableClientOf(
      { kind: 'identity', tableUrl: URL, queueUrl: URL, credential },
      'defiEvents',
    );
    client.pipeline.addPolicy(
      {
        name: 'answer-without-network',
        sendRequest: async (request) => {
          seen.push({
            method: request.method,
            url: request.url,
            authorization: request.headers.get('authorization'),
          });
          return request.method === 'GET'
            ? {
                request,
                status: 200,
                headers: createHttpHeaders({ 'content-type': 'application/json;odata=nometadata' }),
                bodyAsText: JSON.stringify({ PartitionKey: 'p', RowKey: 'r' }),
              }
            : { request, status: 204, headers: createHttpHeaders({ etag: 'W/"x"' }) };
        },
      },
      { afterPhase: 'Sign' },
    );
    return { client, seen };
  }

  it('given the app’s identity, then reads, merges and transactions carry its bearer token', async () => {
    // given
    const { client: signed, seen } = identityClient();

    // when
    await readEntity(signed, "l'équipe", 'r');
    await mergeEntity(signed, { partitionKey: 'p', rowKey: 'r', a: 1 });
    await submitBatch(signed, [['upsert', { partitionKey: 'p', rowKey: 'r', a: 1 }]]);

    // then
    expect(seen).toEqual([
      {
        method: 'GET',
        url: `${URL}/defiEvents(PartitionKey='l''%C3%A9quipe',RowKey='r')`,
        authorization: 'Bearer token-of-the-identity',
      },
      {
        method: 'PATCH',
        url: `${URL}/defiEvents(PartitionKey='p',RowKey='r')`,
        authorization: 'Bearer token-of-the-identity',
      },
      { method: 'POST', url: `${URL}/$batch`, authorization: 'Bearer token-of-the-identity' },
    ]);
  });
});
