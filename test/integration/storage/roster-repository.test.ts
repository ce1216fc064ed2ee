import type { RosterEntry } from '../../../src/domain/directory';
import type { RosterRepository } from '../../../src/domain/ports';
import { TableRosterRepository } from '../../../src/storage/azure/roster-repository';
import { MemoryRosterRepository } from '../../../src/storage/memory';
import { buildRosterEntry } from '../../support/builders';
import { freshTables } from '../../support/storage';

/** The roster: the same expectations on Azurite and on the in-memory twin. */

const implementations: [string, () => Promise<RosterRepository>][] = [
  // A fresh prefix per test: the roster is read whole, so tests must not see each other's rows.
  ['Azure Tables', async () => new TableRosterRepository(await freshTables())],
  ['memory', async () => new MemoryRosterRepository()],
];

async function everyone(roster: RosterRepository): Promise<RosterEntry[]> {
  const rows: RosterEntry[] = [];
  for await (const row of roster.all()) rows.push(row);
  return rows.sort((a, b) => (a.userId < b.userId ? -1 : 1));
}

describe.each(implementations)('%s', (_, open) => {
  it('keeps rows as written, with an etag, and reads them all back in one scan', async () => {
    // given
    const roster = await open();
    const entries = [
      buildRosterEntry({ userId: 'a/b#c?', name: 'Zoé « Ô »' }),
      buildRosterEntry({
        userId: 'plain',
        direction: undefined,
        leftAt: '2026-11-20T06:00:00.000Z',
      }),
      buildRosterEntry({ install: 'failed', installReason: 'no_teams' }),
    ];

    // when
    await roster.putMany(entries);

    // then
    const { etag, ...stored } = (await roster.get('a/b#c?'))!;
    expect(stored).toEqual(entries[0]);
    expect(etag).toBeTruthy();
    expect(await roster.get('nobody')).toBeNull();
    expect(await everyone(roster)).toEqual(
      [...entries].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    );
  });

  it('writes a roster of 1,000 in one call, replacing rows whole', async () => {
    // given
    const roster = await open();
    const entries = Array.from({ length: 1000 }, (_, i) =>
      buildRosterEntry({ userId: `u-${String(i).padStart(4, '0')}` }),
    );
    await roster.putMany(entries);

    // when a second write drops a field
    await roster.putMany([{ ...entries[0]!, direction: undefined, name: 'Nouveau nom' }]);

    // then
    const rows = await everyone(roster);
    expect(rows).toHaveLength(1000);
    expect(rows[0]).toEqual({ ...entries[0], direction: undefined, name: 'Nouveau nom' });
    expect(rows[0]).not.toHaveProperty('direction');
  });

  it('writes a change only against the etag read, and clears a field set to undefined', async () => {
    // given
    const roster = await open();
    const entry = buildRosterEntry({ install: 'failed', installReason: 'error' });
    await roster.putMany([entry]);
    const read = (await roster.get(entry.userId))!;

    // when
    const etag = await roster.update(
      entry.userId,
      { install: 'installing', installReason: undefined, claimedUntil: '2026-11-20T06:02:00.000Z' },
      read.etag,
    );
    const stale = await roster.update(entry.userId, { install: 'pending' }, read.etag);
    const gone = await roster.update('nobody', { install: 'pending' }, read.etag);

    // then
    expect(etag).toBeTruthy();
    expect(etag).not.toBe(read.etag);
    expect(stale).toBeNull();
    expect(gone).toBeNull();
    const { etag: now, ...stored } = (await roster.get(entry.userId))!;
    expect(now).toBe(etag);
    expect(stored).toEqual({
      ...entry,
      install: 'installing',
      installReason: undefined,
      claimedUntil: '2026-11-20T06:02:00.000Z',
    });
    expect(stored).not.toHaveProperty('installReason');
  });

  it('keeps each scope’s delta link apart from the rows', async () => {
    // given
    const roster = await open();
    const link = `https://graph.microsoft.com/v1.0/users/delta?$deltatoken=${'x'.repeat(500)}`;

    // when
    await roster.saveDeltaLink('tenant', 'old');
    await roster.saveDeltaLink('tenant', link);

    // then
    expect(await roster.deltaLink('tenant')).toBe(link);
    expect(await roster.deltaLink('group:g/1')).toBeNull();
    expect(await everyone(roster)).toEqual([]);
  });

  it('marks and unmarks the organisers the group made, apart from the rows', async () => {
    // given
    const roster = await open();

    // when
    await roster.setGroupOrganiser('bea', true);
    await roster.setGroupOrganiser('ana/x', true);
    await roster.setGroupOrganiser('bea', true);
    await roster.setGroupOrganiser('chloe', false);
    await roster.setGroupOrganiser('bea', false);

    // then
    expect(await roster.groupOrganisers()).toEqual(['ana/x']);
    expect(await everyone(roster)).toEqual([]);
  });
});
