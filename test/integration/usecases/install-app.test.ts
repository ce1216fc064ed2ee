import { MemoryDirectory } from '../../../src/graph/memory/directory';
import { installForRoster } from '../../../src/usecases/install-app';
import { syncRoster } from '../../../src/usecases/roster-sync';
import type { UseCaseDeps } from '../../../src/usecases/deps';
import { clockAt } from '../../support/clock';
import { freshTables, tableDeps } from '../../support/storage';

/** The installation's claim on Azure Tables: real ETags, real latency, two runs at once. */
const NOW = '2026-11-16T06:00:00.000Z';
const COUNT = 120;
const ids = Array.from({ length: COUNT }, (_, i) => `user-${String(i).padStart(3, '0')}`);

async function aSyncedRoster(): Promise<{ deps: UseCaseDeps; directory: MemoryDirectory }> {
  const deps = tableDeps(await freshTables(), { clock: clockAt(NOW) });
  const directory = new MemoryDirectory({ pageSize: 50, installDelayMs: 2 });
  directory.setUsers(
    ...ids.map((id, i) => ({
      id,
      name: `Personne ${i}`,
      department: i % 2 ? 'Culture' : 'Sports',
      accountEnabled: true,
    })),
  );
  const summary = await syncRoster(deps, { directory, scope: { kind: 'tenant' }, now: NOW });
  expect(summary).toMatchObject({ added: COUNT, withoutApp: COUNT });
  return { deps, directory };
}

const pace = async () => undefined;

describe('installing the app on Azure Tables', () => {
  it('never installs anyone twice when two runs go at once', async () => {
    // given
    const { deps, directory } = await aSyncedRoster();

    // when
    const [first, second] = await Promise.all([
      installForRoster(deps, { directory, pace, concurrency: 6 }),
      installForRoster(deps, { directory, pace, concurrency: 6 }),
    ]);

    // then
    for (const id of ids) expect(directory.installCallsFor(id)).toBe(1);
    expect(first.installed + second.installed).toBe(COUNT);
    let installed = 0;
    for await (const row of deps.roster.all()) if (row.install === 'installed') installed += 1;
    expect(installed).toBe(COUNT);
  });

  it('resumes after a crash mid-way, installing each person once', async () => {
    // given a run that breaks after 50 installations
    const { deps, directory } = await aSyncedRoster();
    directory.crashAfterInstalls(50);
    await expect(installForRoster(deps, { directory, pace, concurrency: 6 })).rejects.toThrow();
    directory.crashAfterInstalls(undefined);

    // when
    const summary = await installForRoster(deps, { directory, pace, concurrency: 6 });

    // then
    expect(summary).toMatchObject({ candidates: COUNT - 50, installed: COUNT - 50 });
    for (const id of ids) expect(directory.installCallsFor(id)).toBe(1);
  });
});
