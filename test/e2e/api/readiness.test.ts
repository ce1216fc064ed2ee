import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { silentLogger } from '../../../src/log';
import { createHttpServer } from '../../../src/server';
import { startTestApp } from '../../support/test-app';

/** `/healthz` says the process lives; `/readyz` says whether the store answers too, and which part does not. */
describe('readiness', () => {
  it('is ready when the tables and the queue answer (the real app on Azurite)', async () => {
    const t = await startTestApp();
    try {
      const ready = await t.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { tables: 'ok', queue: 'ok' } });
      expect((await t.get('/healthz')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('says which part fails, and how, without a word of its address or key', async () => {
    // given a store whose tables refuse the app (403) and whose queue is unreachable
    const server: Server = createHttpServer({
      routes: [],
      tabDir: __dirname,
      log: silentLogger,
      readiness: {
        tables: async () => {
          throw Object.assign(
            new Error('AuthorizationFailure for https://acct.table.core.windows.net/?sig=SECRET'),
            {
              statusCode: 403,
            },
          );
        },
        queue: async () => {
          throw Object.assign(new Error('connect ECONNREFUSED AccountKey=SECRET'), {
            code: 'ECONNREFUSED',
          });
        },
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await fetch(`${url}/readyz`);
      const text = await response.text();
      // then 503, each part named with its status or code, nothing else
      expect(response.status).toBe(503);
      expect(JSON.parse(text)).toEqual({
        status: 'not_ready',
        checks: { tables: 'HTTP 403', queue: 'ECONNREFUSED' },
      });
      expect(text).not.toContain('SECRET');
      // and liveness still answers: the process itself is fine
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
