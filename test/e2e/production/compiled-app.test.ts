import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../../src/storage/azurite';
import { buildAgent, messageActivity } from '../../support/activities';
import { buildCompiledApp } from '../../support/compiled';
import { selfSignedCertificate, standInEnv, startGraphStandIn } from '../../support/graph';
import { exitOf, rssOf, runTs, startTs } from '../../support/processes';
import { testConnectionString, uniquePrefix } from '../../support/storage';

/**
 * The server as App Service runs it: compiled (`npm run build`), started with `node dist/main.js`, in production
 * mode, on Azure settings, with no TypeScript runner, bundler or emulator in the way.
 */

const TENANT = randomUUID();
/** Everything production needs but the store: each test says how the store is reached. */
const PRODUCTION = {
  NODE_ENV: 'production',
  PORT: '0',
  MicrosoftAppId: randomUUID(),
  MicrosoftAppPassword: 'a-client-secret',
  MicrosoftAppTenantId: TENANT,
  AAD_APP_CLIENT_ID: randomUUID(),
  AAD_APP_TENANT_ID: TENANT,
  TEAMS_APP_CATALOG_ID: randomUUID(),
  ROSTER_SYNC_AT: 'off',
  AZURE_STORAGE_CONNECTION_STRING: '',
  AZURE_STORAGE_ACCOUNT_NAME: '',
  AZURE_STORAGE_TABLE_URL: '',
  AZURE_STORAGE_QUEUE_URL: '',
  LOG_LEVEL: 'info',
};
// On 0.0.0.0 the app says "localhost" in its start-up line.
const READY = /bot="http:\/\/localhost:(\d+)\/api\/messages"/;

let compiled: ReturnType<typeof buildCompiledApp>;
let dataDir: string;

beforeAll(() => {
  compiled = buildCompiledApp();
  dataDir = mkdtempSync(join(tmpdir(), 'defi-prod-'));
}, 120_000);

afterAll(() => {
  rmSync(compiled.dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('production refuses to start half-configured', () => {
  it('given no store, no app id and no tab sign-in, when the compiled app starts, then it names them all and exits without starting an emulator', async () => {
    const started = Date.now();
    const { code, stderr } = await runTs(compiled.main, [], {
      NODE_ENV: 'production',
      MicrosoftAppId: '',
      AAD_APP_CLIENT_ID: '',
      AZURE_STORAGE_CONNECTION_STRING: '',
      AZURE_STORAGE_ACCOUNT_NAME: '',
      DATA_DIR: dataDir,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('MicrosoftAppId');
    expect(stderr).toContain('AZURE_STORAGE_ACCOUNT_NAME or AZURE_STORAGE_CONNECTION_STRING');
    expect(stderr).toContain('AAD_APP_CLIENT_ID');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(join(dataDir, 'azurite'))).toBe(false);
  });
});

describe('the compiled app on Azure settings', () => {
  it('given a connection string, when started with node dist/main.js, then it serves the bot, the tab and readiness', async () => {
    const started = performance.now();
    const app = await startTs(
      compiled.main,
      {
        ...PRODUCTION,
        AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
        TABLE_PREFIX: uniquePrefix(),
      },
      READY,
    );
    const startMs = performance.now() - started;
    try {
      const base = `http://127.0.0.1:${app.match[1]}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { tables: 'ok', queue: 'ok' },
      });
      const tab = await fetch(`${base}/tab/`);
      expect(tab.status).toBe(200);
      expect(await tab.text()).toContain('<html');
      // Production checks the channel's token: an activity without one is refused.
      const unsigned = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          messageActivity(buildAgent(), 'https://smba.trafficmanager.net/emea/', 'aide'),
        ),
      });
      expect(unsigned.status).toBe(401);
      // Production starts empty (no demo) and never on an emulator of its own.
      expect(app.output()).not.toContain('embedded Azurite');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      console.log(
        `compiled app (production, Azure settings): ready in ${Math.round(startMs)} ms, idle RSS ${(rssOf(app.child.pid!) / 1024 / 1024).toFixed(0)} MB`,
      );
    } finally {
      app.child.kill('SIGTERM');
      expect(await exitOf(app.child)).toBe(0);
    }
  });

  describe('the keyless path: Storage reached with the app’s identity', () => {
    let azurite: EmbeddedAzurite;
    let graph: Awaited<ReturnType<typeof startGraphStandIn>>;
    let caFile: string;

    beforeAll(async () => {
      // Azurite over https, taking Entra bearer tokens; the Entra stand-in hands out tokens for Storage.
      const dir = mkdtempSync(join(tmpdir(), 'defi-keyless-'));
      const { cert, key } = selfSignedCertificate();
      writeFileSync(join(dir, 'cert.pem'), cert);
      writeFileSync(join(dir, 'key.pem'), key);
      caFile = join(dir, 'cert.pem');
      azurite = await startEmbeddedAzurite({
        tls: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') },
      });
      graph = await startGraphStandIn();
    });

    afterAll(async () => {
      await graph.close();
      await azurite.close();
    });

    it('given the managed identity and the account’s addresses, when the compiled app starts, then it reads and writes Storage with a token, no key', async () => {
      const env = {
        ...PRODUCTION,
        // As App Service runs it: the bot is the managed identity, whose endpoint gives the tokens.
        ...standInEnv(graph, { managedIdentity: true }),
        AZURE_STORAGE_TABLE_URL: azurite.tableUrl!,
        AZURE_STORAGE_QUEUE_URL: azurite.queueUrl!,
        TABLE_PREFIX: uniquePrefix(),
        // Azurite's certificate is self-made: trusted like a private CA would be.
        NODE_EXTRA_CA_CERTS: caFile,
      };
      expect(Object.values(env).join(' ')).not.toMatch(/AccountKey|SharedAccessSignature/);
      expect(env.MicrosoftAppPassword).toBe('');
      const app = await startTs(compiled.main, env, READY);
      try {
        const base = `http://127.0.0.1:${app.match[1]}`;
        const ready = await fetch(`${base}/readyz`);
        expect(await ready.json()).toEqual({
          status: 'ready',
          checks: { tables: 'ok', queue: 'ok' },
        });
        expect(graph.tokenAudiences()).toContain('https://storage.azure.com');
      } finally {
        app.child.kill('SIGTERM');
        await exitOf(app.child);
      }
    });

    it('given the managed identity, when the compiled CLI syncs the roster, then Graph is called as the tab’s registration through the federated credential', async () => {
      graph.putUser({
        id: randomUUID(),
        displayName: 'Agent Un',
        department: 'DSI',
        accountEnabled: true,
      });
      graph.putUser({ id: randomUUID(), displayName: 'Agent Deux', accountEnabled: true });
      const before = graph.federatedExchanges;
      const { code, stdout, stderr } = await runTs(compiled.cli, ['roster', 'sync'], {
        ...PRODUCTION,
        ...standInEnv(graph, { managedIdentity: true }),
        AZURE_STORAGE_TABLE_URL: azurite.tableUrl!,
        AZURE_STORAGE_QUEUE_URL: azurite.queueUrl!,
        TABLE_PREFIX: uniquePrefix(),
        NODE_EXTRA_CA_CERTS: caFile,
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('2 new');
      // The managed identity's token was exchanged for the registration's: no secret was used.
      expect(graph.federatedExchanges).toBeGreaterThan(before);
      expect(graph.tokenAudiences()).toContain('api://AzureADTokenExchange');
    });

    it('given an identity that cannot sign in, when the compiled app starts, then it stops with a message and no secret', async () => {
      const secret = 'not-the-right-secret-0123456789';
      const { code, stdout, stderr } = await runTs(compiled.main, [], {
        ...PRODUCTION,
        ...standInEnv(graph),
        MicrosoftAppPassword: secret,
        AZURE_STORAGE_TABLE_URL: azurite.tableUrl!,
        AZURE_STORAGE_QUEUE_URL: azurite.queueUrl!,
        TABLE_PREFIX: uniquePrefix(),
        NODE_EXTRA_CA_CERTS: caFile,
      });
      expect(code).toBe(1);
      expect(stderr).toContain('could not start');
      expect(stdout + stderr).not.toContain(secret);
    });
  });
});
