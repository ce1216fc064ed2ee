import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TableSet } from '../../src/storage/azure/tables';
import { tableKind } from './counting-proxy';

/**
 * Counts the requests the tables' clients send to the store, by table and by what they do (`Events point read`,
 * `Events batch`, `Teams merge`…, named as the counting proxy names them). A policy at the end of each client's
 * own pipeline sees every request on its way to the wire, retries included, whichever code built it (the SDK's
 * methods or the lean calls of `table-wire.ts`), and what the store answered, a refused action inside a
 * transaction included.
 */
export interface PipelineCounts {
  calls: number;
  /** 412s: a write on a stale ETag, alone or inside a transaction. */
  stale: number;
  byCall: Record<string, number>;
}

const POLICY = 'count-store-calls';

export function countStoreCalls(tables: TableSet): {
  counts: PipelineCounts;
  reset(): void;
} {
  const counts: PipelineCounts = { calls: 0, stale: 0, byCall: {} };
  for (const [name, client] of Object.entries(tables)) {
    const policy: PipelinePolicy = {
      name: POLICY,
      async sendRequest(request, next) {
        const url = new URL(request.url);
        const kind = tableKind(
          request.method,
          url.pathname,
          request.headers.get('if-match') ?? undefined,
        );
        counts.calls += 1;
        const key = `${name} ${kind}`;
        counts.byCall[key] = (counts.byCall[key] ?? 0) + 1;
        const response = await next(request);
        const refusedInBatch =
          kind === 'batch' && /^HTTP\/1\.1 412/m.test(response.bodyAsText ?? '');
        if (response.status === 412 || refusedInBatch) counts.stale += 1;
        return response;
      },
    };
    client.pipeline.removePolicy({ name: POLICY });
    client.pipeline.addPolicy(policy, { afterPhase: 'Retry' });
  }
  return {
    counts,
    reset() {
      counts.calls = 0;
      counts.stale = 0;
      counts.byCall = {};
    },
  };
}
