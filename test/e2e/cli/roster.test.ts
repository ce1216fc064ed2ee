import { azureRepositories, openTables } from '../../../src/storage/azure';
import {
  standInEnv,
  startGraphStandIn,
  standInUsers,
  type GraphStandIn,
} from '../../support/graph';
import { exitOf, runTs, spawnEntry } from '../../support/processes';
import { testConnectionString, uniquePrefix } from '../../support/storage';

/**
 * The "done when": from an empty store, two commands reach every agent of a directory, directions
 * filled; the CLI runs as a child process against Azurite and a Graph stand-in, through the real Graph client.
 */
describe('npm run cli -- roster sync, then roster install', () => {
  let graph: GraphStandIn;
  let env: Record<string, string>;
  let prefix: string;

  beforeAll(async () => {
    graph = await startGraphStandIn({ users: standInUsers(120), pageSize: 50 });
    prefix = uniquePrefix();
    env = {
      AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: prefix,
      DEMO: 'false',
      ...standInEnv(graph),
      GRAPH_INSTALL_RATE_PER_SECOND: '200',
    };
  });
  afterAll(() => graph.close());

  it('reads the directory into the roster with directions, then installs the app once for each', async () => {
    // given a directory of 120 people, one without Teams
    const [noTeams] = graph.users();
    graph.refuseInstall(noTeams!.id, {
      status: 403,
      code: 'Forbidden',
      message: 'User does not have a valid Teams license',
    });

    // when the organiser syncs the roster
    const sync = await runTs('src/cli.ts', ['roster', 'sync'], env);

    // then everyone is in the roster, with their direction
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain('Roster: 120 new, 0 changed, 0 left; 120 without the app yet');
    const { roster } = azureRepositories(await openTables(testConnectionString(), prefix));
    const rows = [];
    for await (const row of roster.all()) rows.push(row);
    expect(rows).toHaveLength(120);
    expect(rows.filter((r) => r.direction).length).toBe(108); // one in ten has no department

    // when they install the app for everyone
    const install = await runTs('src/cli.ts', ['roster', 'install'], env);

    // then each was asked once, the one without Teams is reported, and a second run has nothing to do
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(
      'Installed 119, already there 0, failed 1 (1 × no Teams licence',
    );
    expect([...graph.installs.values()].every((n) => n === 1)).toBe(true);
    expect(graph.installs.size).toBe(119);
    const again = await runTs('src/cli.ts', ['roster', 'install'], env);
    expect(again.stdout).toContain('Installed 0, already there 0, failed 0');
    const unreachable = await runTs('src/cli.ts', ['roster', 'unreachable'], env);
    expect(unreachable.stdout).toContain('1 × no Teams licence');

    // and a second sync after a departure counts the leaver only
    graph.removeUser(graph.users()[5]!.id);
    const second = await runTs('src/cli.ts', ['roster', 'sync'], env);
    expect(second.stdout).toContain('Roster: 0 new, 0 changed, 1 left');
  }, 120_000);

  it('says what to configure when Graph is not set up, and changes nothing', async () => {
    const run = await runTs('src/cli.ts', ['roster', 'sync'], {
      AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: uniquePrefix(),
      DEMO: 'false',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Microsoft Graph is not configured');
    const bad = await runTs('src/cli.ts', ['roster', 'everything'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('usage: npm run cli -- roster sync');
  });

  it('resumes an installation killed with kill -9 without installing anyone twice', async () => {
    // given a fresh roster of 120 people, and installations paced at 20 a second
    const crashed = await startGraphStandIn({ users: standInUsers(120), pageSize: 50 });
    const crashEnv = {
      ...env,
      TABLE_PREFIX: uniquePrefix(),
      ...standInEnv(crashed),
      GRAPH_INSTALL_RATE_PER_SECOND: '20',
      // A dead run's claims are taken over after 2 s here (2 minutes by default).
      GRAPH_INSTALL_LEASE_SECONDS: '2',
    };
    try {
      expect((await runTs('src/cli.ts', ['roster', 'sync'], crashEnv)).code).toBe(0);

      // when the installation is killed (kill -9) a third of the way
      const first = spawnEntry('src/cli.ts', ['roster', 'install'], crashEnv);
      for (let i = 0; i < 600 && crashed.installs.size < 40; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      first.kill('SIGKILL');
      await exitOf(first);
      const before = crashed.installs.size;
      expect(before).toBeGreaterThanOrEqual(40);
      expect(before).toBeLessThan(120);

      // then, once its claims have lapsed, a second run installs everyone else, and nobody twice
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const second = await runTs('src/cli.ts', ['roster', 'install'], crashEnv);
      expect(second.code).toBe(0);
      expect(crashed.installs.size).toBe(120);
      expect([...crashed.installs.values()].filter((n) => n !== 1)).toEqual([]);
      const again = await runTs('src/cli.ts', ['roster', 'install'], crashEnv);
      expect(again.stdout).toContain('Installed 0, already there 0, failed 0');
    } finally {
      await crashed.close();
    }
  }, 120_000);
});
