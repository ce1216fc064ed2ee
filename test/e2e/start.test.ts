import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorStandIn } from '../support/connector';
import { buildAgent, messageActivity } from '../support/activities';
import { exitOf, runTs, startTs } from '../support/processes';

/** The entry point of `npm start`, on its own port, with its embedded Azurite on disk and the demo. */
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'defi-start-'));
  const env = {
    PORT: '0',
    DATA_DIR: dataDir,
    MicrosoftAppId: '',
    AZURE_STORAGE_CONNECTION_STRING: '',
    NODE_ENV: 'development',
  };
  const connector = new ConnectorStandIn();

  beforeAll(() => connector.start());
  afterAll(async () => {
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz, answers "aide", loads the demo, exports it, and stops cleanly on SIGINT', async () => {
    const { child, match, output } = await startTs(
      'src/main.ts',
      env,
      /bot="http:\/\/127\.0\.0\.1:(\d+)\/api\/messages"/,
    );
    const base = `http://127.0.0.1:${match[1]}`;
    try {
      expect(output()).toContain('LOCAL MODE');
      expect(output()).toContain('demo challenge loaded');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      const agent = buildAgent();
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(messageActivity(agent, connector.url, 'aide')),
      });
      expect(response.status).toBe(200);
      expect(JSON.stringify(connector.to(agent.conversationId)[0]!.activity)).toContain(
        'Ce que vous pouvez me dire',
      );

      // The CLI joins the running embedded store.
      const file = join(dataDir, 'snapshot.json');
      const exported = await runTs('src/cli.ts', ['export', file], env);
      expect(exported.code).toBe(0);
      const ranking = await runTs('src/cli.ts', ['ranking', file], env);
      expect(ranking.code).toBe(0);
      expect(JSON.parse(ranking.stdout)).toHaveLength(6);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exitOf(child)).toBe(0);
  }, 60_000);

  it('refuses to start in production without an app id', async () => {
    const result = await runTs('src/main.ts', [], { ...env, NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MicrosoftAppId');
  });
});
