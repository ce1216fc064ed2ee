import type { TableClient } from '@azure/data-tables';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { LostRace, tableClientOf, withOptimisticRetry } from '../../../src/storage/azure/tables';
import { identityCredential } from '../../support/identity';

/** The store's conditional-write error, as @azure/data-tables throws it. */
const stale = () => Object.assign(new Error('UpdateConditionNotSatisfied'), { statusCode: 412 });
const conflict = () => Object.assign(new Error('EntityAlreadyExists'), { statusCode: 409 });

describe('withOptimisticRetry', () => {
  it('reads again after a lost race, until the write lands', async () => {
    // given a write that loses twice (a row created meanwhile, then a stale ETag)
    const failures = [new LostRace(conflict()), stale()];
    let attempts = 0;

    // when it runs under withOptimisticRetry
    const result = await withOptimisticRetry(async () => {
      attempts += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'written';
    });

    // then the third attempt lands
    expect(result).toBe('written');
    expect(attempts).toBe(3);
  });

  it("surfaces the store's own error, not the retry marker, when out of tries", async () => {
    // given a write that always loses its race to a row created meanwhile
    const cause = conflict();

    // when the tries run out
    const outcome = withOptimisticRetry(async () => {
      throw new LostRace(cause);
    }, 3);

    // then the caller sees the 409 itself
    await expect(outcome).rejects.toBe(cause);
  });

  it('does not retry anything else', async () => {
    // given a write refused for another reason
    let attempts = 0;
    const refusal = Object.assign(new Error('Forbidden'), { statusCode: 403 });

    // when it runs
    const outcome = withOptimisticRetry(async () => {
      attempts += 1;
      throw refusal;
    });

    // then it fails at once
    await expect(outcome).rejects.toBe(refusal);
    expect(attempts).toBe(1);
  });
});

describe('how table clients sign their requests', () => {
  const KEY =
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  const URL = 'https://account.table.core.windows.net';

  /** Reads one entity through the client, answering at the end of its pipeline: how was it signed? */
  async function authorizationOf(client: TableClient): Promise<string | undefined> {
    let authorization: string | undefined;
    client.pipeline.addPolicy(
      {
        name: 'answer-without-network',
        sendRequest: async (request) => {
          authorization = request.headers.get('authorization');
          return {
            request,
            status: 200,
            headers: createHttpHeaders({ 'content-type': 'application/json;odata=nometadata' }),
            bodyAsText: JSON.stringify({ PartitionKey: 'p', RowKey: 'r' }),
          };
        },
      },
      { afterPhase: 'Sign' },
    );
    await client.getEntity('p', 'r');
    return authorization;
  }

  it('signs with the account key given a connection string', async () => {
    const client = tableClientOf(
      {
        kind: 'connection-string',
        connectionString: `DefaultEndpointsProtocol=https;AccountName=account;AccountKey=${KEY};TableEndpoint=${URL}`,
      },
      'defiEvents',
    );
    expect(await authorizationOf(client)).toMatch(/^SharedKeyLite account:/);
  });

  it('uses no key at all with the app’s identity: a bearer token only', async () => {
    // given a token credential (a managed identity in Azure)
    const credential = identityCredential();
    const client = tableClientOf(
      { kind: 'identity', tableUrl: URL, queueUrl: URL, credential },
      'defiEvents',
    );

    // when it reads, then the request carries the token, and the client has no Shared Key policy
    expect(await authorizationOf(client)).toBe('Bearer token-of-the-identity');
    expect(client.pipeline.getOrderedPolicies().map((policy) => policy.name)).not.toContain(
      'tablesNamedKeyCredentialPolicy',
    );
  });
});
