import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../src/log';
import { azureRepositories } from '../../../src/storage/azure';
import { getEntityOrNull, openTables } from '../../../src/storage/azure/tables';
import { startEmbeddedAzurite } from '../../../src/storage/azurite';
import { startEmbeddedStore } from '../../../src/storage/embedded-store';
import { buildTally } from '../../support/builders';
import { isAlive } from '../../support/processes';

/** The embedded store on disk: saved on demand, started again when it dies, its journal replayed. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: add, warn: add, error: add };
}

describe('the embedded store', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'defi-embedded-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has on disk, after save(), everything Azurite acknowledged before it, even through kill -9', async () => {
    // given a row written to an Azurite on disk, then a save
    const location = join(dataDir, 'azurite');
    const azurite = await startEmbeddedAzurite({ location });
    const tables = await openTables(azurite.connectionString, 'save');
    await tables.Events.createEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    await azurite.save();

    // when the emulator is killed at once (no save of its own) and started again on the same folder
    process.kill(azurite.pid, 'SIGKILL');
    expect(await azurite.exited).toBeNull();
    const again = await startEmbeddedAzurite({ location });
    try {
      // then the row is there
      const reopened = await openTables(again.connectionString, 'save');
      expect(await getEntityOrNull(reopened.Events, 'p', 'r')).toMatchObject({ value: 42 });
    } finally {
      await again.close();
    }
    // and a clean close exits 0: it saved
    expect(await again.exited).toBe(0);
  });

  it('starts its Azurite again when it dies, replays the journal, and goes on on the same address', async () => {
    // given the embedded store, a team of two, and answers recorded through the journal
    const log = collectingLogger();
    const { embedded, tables } = await startEmbeddedStore({
      dataDir,
      tablePrefix: 'restart',
      log,
      checkpointMs: 60_000, // no checkpoint here: the kill must find the answers unsaved
    });
    try {
      const repositories = azureRepositories(tables);
      const empty = buildTally({ points: 0, events: 0, lastAt: null });
      await repositories.teams.create(
        'c1',
        { id: 't1', name: 'Les Sobres', nameKey: 'les sobres', joinCode: 'SOBRE1', createdAt: '' },
        { agentId: 'a1', name: 'Agent 1' },
        empty,
      );
      await embedded.save(); // the team is saved; the answers below are not
      for (let q = 1; q <= 5; q += 1) {
        await repositories.events.recordAnswer('c1', 'a1', {
          questionId: `j1-q${q}`,
          quizId: 'j1',
          choiceIds: ['b'],
          correct: true,
          points: 10,
          at: new Date(Date.UTC(2026, 10, 23, 9, q)).toISOString(),
        });
      }
      const before = embedded.pid;

      // when its Azurite is killed (SIGKILL: it cannot save)
      process.kill(before, 'SIGKILL');
      for (let i = 0; i < 300 && !log.lines.some((l) => l.includes('started again')); i += 1)
        await sleep(20);

      // then it runs again under another pid, and the five answers, their tally and the team copy are there
      expect(log.lines.join('\n')).toContain('embedded store started again');
      expect(log.lines.join('\n')).toMatch(/"events":5,"restored":5/);
      expect(embedded.pid).not.toBe(before);
      expect(isAlive(embedded.pid)).toBe(true);
      expect(await repositories.events.tally('c1', 'a1')).toMatchObject({ points: 50, events: 5 });
      expect((await repositories.teams.get('c1', 't1'))!.tallies.a1).toMatchObject({
        points: 50,
        events: 5,
      });
      // and the same clients go on writing
      const next = await repositories.events.recordAnswer('c1', 'a1', {
        questionId: 'j1-q6',
        quizId: 'j1',
        choiceIds: ['b'],
        correct: true,
        points: 10,
        at: '2026-11-23T09:06:00.000Z',
      });
      expect(next.tally).toMatchObject({ points: 60, events: 6 });
    } finally {
      await embedded.close();
    }
    // and a clean close leaves no journal and no store file behind
    expect(await embedded.exited).toBe(0);
    expect(readdirSync(join(dataDir, 'journal'))).toEqual([]);
    expect(existsSync(join(dataDir, 'azurite.json'))).toBe(false);
  }, 30_000);
});
