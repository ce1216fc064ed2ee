import { openTables } from '../../../src/storage/azure';
import { TableRetentionStore } from '../../../src/storage/azure/retention-store';
import { givenAgent, givenAnswer, givenChallenge, givenTeam } from '../../support/builders';
import { runTs } from '../../support/processes';
import { tableDeps, testConnectionString, uniquePrefix } from '../../support/storage';

/**
 * `npm run cli -- purge [--dry-run]` as an operator runs it, in a child process against Azurite: a challenge of
 * January 2026 is long past its retention (RETENTION_MONTHS=0: due once it ended), so the dry run lists what would
 * go, the purge deletes it, and a second purge has nothing to do.
 */
describe('npm run cli -- purge', () => {
  it('says what a purge would delete, purges, then finds it done', async () => {
    // given
    const prefix = uniquePrefix();
    const tables = await openTables(testConnectionString(), prefix);
    const deps = tableDeps(tables);
    await givenChallenge(deps, { startDate: '2026-01-05' });
    for (const id of ['a1', 'a2']) await givenAgent(deps, { id });
    await givenTeam(deps, {
      id: 'sobres',
      name: 'Les Sobres',
      members: [
        { agentId: 'a1', name: 'Alice' },
        { agentId: 'a2', name: 'Bruno' },
      ],
    });
    await givenAnswer(deps, 'a1');
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: prefix,
      DEMO: 'false',
      RETENTION_MONTHS: '0',
    };

    // when
    const dry = await runTs('src/cli.ts', ['purge', '--dry-run'], env);

    // then
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing is deleted.');
    expect(dry.stdout).toContain('c1 (due on 2026-01-10): due: a purge would run now.');
    expect(dry.stdout).toContain('would delete 3 × answers, check-ins and tallies');
    expect(dry.stdout).toContain('would delete 5 × team rows');
    expect(await new TableRetentionStore(tables).figures('c1')).toBeNull();

    // when
    const purge = await runTs('src/cli.ts', ['purge'], env);
    const again = await runTs('src/cli.ts', ['purge'], env);

    // then
    expect(purge.code).toBe(0);
    expect(purge.stdout).toContain('c1 (due on 2026-01-10): purged.');
    expect(purge.stdout).toContain('anonymous figures kept (written now): 1 participants');
    expect(purge.stdout).toContain('deleted 3 × answers, check-ins and tallies');
    expect(again.stdout).toContain('c1 (due on 2026-01-10): already purged');
    expect((await new TableRetentionStore(tables).figures('c1'))?.purgedAt).not.toBeNull();
  });

  it('refuses an unknown option', async () => {
    const run = await runTs('src/cli.ts', ['purge', '--now'], { DEMO: 'false' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('usage: npm run cli -- purge [--dry-run]');
  });
});
