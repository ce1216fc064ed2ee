import { MemoryDirectory } from '../../../src/graph/memory/directory';
import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import { installForRoster, unreachableByDirection } from '../../../src/usecases/install-app';
import { buildRosterEntry } from '../../support/builders';
import { clockAt, type FakeClock } from '../../support/clock';

const NOW = '2026-11-16T08:00:00.000Z';

let clock: FakeClock;
let deps: MemoryDeps;
let directory: MemoryDirectory;
let slots: number;
const pace = async () => {
  slots += 1;
};

beforeEach(() => {
  clock = clockAt(NOW);
  deps = memoryDeps({ clock });
  directory = new MemoryDirectory();
  slots = 0;
});

/** A roster of `count` people waiting for the app: user-0 … user-<count - 1>. */
async function givenRoster(count: number, overrides = {}) {
  const entries = Array.from({ length: count }, (_, i) =>
    buildRosterEntry({ userId: `user-${i}`, name: `Personne ${i}`, ...overrides }),
  );
  await deps.roster.putMany(entries);
  return entries.map((entry) => entry.userId);
}

describe('installing the app for the roster', () => {
  it('installs it for everyone waiting, each after a slot of the rate limit, and records it', async () => {
    // given
    const ids = await givenRoster(3);
    const progress: string[] = [];

    // when
    const summary = await installForRoster(deps, {
      directory,
      pace,
      onProgress: ({ done, total }) => progress.push(`${done}/${total}`),
    });

    // then
    expect(summary).toEqual({
      candidates: 3,
      installed: 3,
      already: 0,
      failed: 0,
      byReason: {},
      skipped: 0,
    });
    expect(slots).toBe(3);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    for (const id of ids) {
      expect(await deps.roster.get(id)).toMatchObject({ install: 'installed' });
      expect((await deps.roster.get(id))?.claimedUntil).toBeUndefined();
    }
  });

  it('tries a throttled installation again after its Retry-After, through the pacer each time', async () => {
    // given a person Graph throttles twice (429, Retry-After 7 ms)
    const [id] = await givenRoster(1);
    directory.throttle(id!, 2, 7);
    const waits: (number | undefined)[] = [];

    // when
    const summary = await installForRoster(deps, {
      directory,
      pace: async (afterMs) => {
        waits.push(afterMs);
      },
    });

    // then three tries, each with a slot of its own, the retries after the wait Graph asked for
    expect(summary).toMatchObject({ installed: 1, failed: 0 });
    expect(waits).toEqual([undefined, 7, 7]);
    expect(directory.installCallsFor(id!)).toBe(3);
  });

  it('leaves a person Graph keeps throttling for the next run', async () => {
    const [id] = await givenRoster(1);
    directory.throttle(id!, 10, 1);
    const summary = await installForRoster(deps, { directory, pace });
    expect(summary).toMatchObject({ installed: 0, failed: 1, byReason: { error: 1 } });
    expect(directory.installCallsFor(id!)).toBe(5);
    // the next run tries again (a passing error), and gets through once Graph lets it
    directory.throttle(id!, 0);
    expect(await installForRoster(deps, { directory, pace })).toMatchObject({ installed: 1 });
  });

  it('counts a 409 as already installed and a policy refusal as failed with its reason, by reason', async () => {
    // given
    await givenRoster(4);
    directory
      .alreadyInstalled('user-0')
      .setInstallOutcome('user-1', { kind: 'failed', reason: 'blocked_by_policy', detail: '403' })
      .setInstallOutcome('user-2', { kind: 'failed', reason: 'no_teams' });

    // when
    const summary = await installForRoster(deps, { directory, pace });

    // then
    expect(summary).toEqual({
      candidates: 4,
      installed: 1,
      already: 1,
      failed: 2,
      byReason: { blocked_by_policy: 1, no_teams: 1 },
      skipped: 0,
    });
    expect(await deps.roster.get('user-0')).toMatchObject({ install: 'installed' });
    expect(await deps.roster.get('user-1')).toMatchObject({
      install: 'failed',
      installReason: 'blocked_by_policy',
    });
  });

  it('leaves out leavers, those installed, and failures that need a person; tries again a passing error', async () => {
    // given
    await deps.roster.putMany([
      buildRosterEntry({ userId: 'left', leftAt: NOW }),
      buildRosterEntry({ userId: 'done', install: 'installed' }),
      buildRosterEntry({ userId: 'policy', install: 'failed', installReason: 'blocked_by_policy' }),
      buildRosterEntry({ userId: 'flaky', install: 'failed', installReason: 'error' }),
    ]);

    // when
    const summary = await installForRoster(deps, { directory, pace });

    // then
    expect(summary).toMatchObject({ candidates: 1, installed: 1 });
    expect(directory.calls).toEqual([{ method: 'installApp', userId: 'flaky' }]);
    expect(await deps.roster.get('flaky')).toMatchObject({ install: 'installed' });
    expect((await deps.roster.get('flaky'))?.installReason).toBeUndefined();
  });

  it('resumes after a crash mid-way: the second run installs only those left, each exactly once', async () => {
    // given a directory that breaks after 4 installations
    const ids = await givenRoster(10);
    directory.crashAfterInstalls(4);
    await expect(installForRoster(deps, { directory, pace, concurrency: 3 })).rejects.toThrow(
      'crashed',
    );
    directory.crashAfterInstalls(undefined);

    // when
    const summary = await installForRoster(deps, { directory, pace, concurrency: 3 });

    // then
    expect(summary.installed).toBe(6);
    for (const id of ids) {
      expect(directory.installCallsFor(id)).toBe(1);
      expect(await deps.roster.get(id)).toMatchObject({ install: 'installed' });
    }
  });

  it('takes over the claim of a run that died after claiming, once its lease is past', async () => {
    // given a row a dead run left 'installing'
    const [id] = await givenRoster(1);
    const row = (await deps.roster.get(id!))!;
    await deps.roster.update(
      id!,
      { install: 'installing', claimedUntil: new Date(Date.parse(NOW) + 60_000).toISOString() },
      row.etag,
    );

    // when a run comes before and after the lease ends
    const early = await installForRoster(deps, { directory, pace });
    clock.advance(61_000);
    const late = await installForRoster(deps, { directory, pace });

    // then
    expect(early.candidates).toBe(0);
    expect(late).toMatchObject({ candidates: 1, installed: 1 });
    expect(await deps.roster.get(id!)).toMatchObject({ install: 'installed' });
  });

  it('never installs anyone twice when two runs go at once', async () => {
    // given
    const ids = await givenRoster(30);
    directory = new MemoryDirectory({ installDelayMs: 1 });

    // when
    const [first, second] = await Promise.all([
      installForRoster(deps, { directory, pace, concurrency: 4 }),
      installForRoster(deps, { directory, pace, concurrency: 4 }),
    ]);

    // then
    for (const id of ids) expect(directory.installCallsFor(id)).toBe(1);
    expect(first.installed + second.installed).toBe(30);
    expect(first.skipped + second.skipped).toBe(30);
    expect(slots).toBe(30);
  });

  it('keeps an outcome when a sync changed the row during the installation', async () => {
    // given a sync that writes a new direction while the request is on its way
    const [id] = await givenRoster(1);
    const slowPace = async () => {
      const fresh = (await deps.roster.get(id!))!;
      await deps.roster.update(id!, { direction: 'Culture' }, fresh.etag);
    };

    // when
    await installForRoster(deps, { directory, pace: slowPace });

    // then
    expect(await deps.roster.get(id!)).toMatchObject({
      install: 'installed',
      direction: 'Culture',
    });
  });
});

describe('who the app could not reach', () => {
  it('are the failed ones, by direction and reason, for organisers to reach another way', async () => {
    // given
    await deps.roster.putMany([
      buildRosterEntry({
        userId: 'a',
        name: 'Zoé',
        direction: 'Culture',
        install: 'failed',
        installReason: 'no_teams',
      }),
      buildRosterEntry({
        userId: 'b',
        name: 'Adèle',
        direction: 'Culture',
        install: 'failed',
        installReason: 'blocked_by_policy',
      }),
      buildRosterEntry({
        userId: 'c',
        name: 'Chloé',
        direction: undefined,
        install: 'failed',
        installReason: 'no_teams',
      }),
      buildRosterEntry({ userId: 'd', direction: 'Culture', install: 'installed' }),
      buildRosterEntry({
        userId: 'e',
        direction: 'Culture',
        install: 'failed',
        installReason: 'no_teams',
        leftAt: NOW,
      }),
      buildRosterEntry({
        userId: 'f',
        name: 'Fanny',
        direction: 'Archives',
        install: 'failed',
        installReason: 'user_gone',
      }),
    ]);

    // when
    const groups = await unreachableByDirection(deps);

    // then
    expect(groups).toEqual([
      {
        direction: 'Archives',
        total: 1,
        byReason: { user_gone: 1 },
        people: [{ userId: 'f', name: 'Fanny', reason: 'user_gone' }],
      },
      {
        direction: 'Culture',
        total: 2,
        byReason: { no_teams: 1, blocked_by_policy: 1 },
        people: [
          { userId: 'b', name: 'Adèle', reason: 'blocked_by_policy' },
          { userId: 'a', name: 'Zoé', reason: 'no_teams' },
        ],
      },
      {
        direction: null,
        total: 1,
        byReason: { no_teams: 1 },
        people: [{ userId: 'c', name: 'Chloé', reason: 'no_teams' }],
      },
    ]);
  });
});
