import type { DirectoryUser } from '../../../src/domain/directory';
import { MemoryDirectory } from '../../../src/graph/memory/directory';
import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import { registerAgent } from '../../../src/usecases/register-agent';
import { syncRoster } from '../../../src/usecases/roster-sync';
import { sendDailyQuiz } from '../../../src/usecases/send-daily-quiz';
import {
  buildRosterEntry,
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenQuiz,
} from '../../support/builders';
import { clockAt, type FakeClock } from '../../support/clock';

const MONDAY = '2026-11-23T06:00:00.000Z';
const TUESDAY = '2026-11-24T06:00:00.000Z';
const TENANT = { kind: 'tenant' } as const;

function person(id: string, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id,
    name: `Nom ${id}`,
    department: 'Direction des finances',
    accountEnabled: true,
    ...overrides,
  };
}

async function rosterOf(deps: MemoryDeps) {
  const rows = [];
  for await (const row of deps.roster.all()) rows.push(row);
  return rows;
}

let clock: FakeClock;
let deps: MemoryDeps;
let directory: MemoryDirectory;
beforeEach(() => {
  clock = clockAt(MONDAY);
  deps = memoryDeps({ clock });
  directory = new MemoryDirectory({ pageSize: 2 });
});

describe('syncing the roster with the directory', () => {
  it('records everyone of a first sync as waiting for the app, page by page, and keeps the delta link', async () => {
    // given
    directory.setUsers(person('ana'), person('bea'), person('chloe', { department: '  Culture ' }));
    const progress: number[] = [];

    // when
    const summary = await syncRoster(deps, {
      directory,
      scope: TENANT,
      now: MONDAY,
      onProgress: ({ seen }) => progress.push(seen),
    });

    // then
    expect(summary).toEqual({ seen: 3, added: 3, changed: 0, left: 0, withoutApp: 3 });
    expect(progress).toEqual([2, 3]);
    expect(await rosterOf(deps)).toEqual([
      {
        userId: 'ana',
        name: 'Nom ana',
        direction: 'Direction des finances',
        install: 'pending',
        updatedAt: MONDAY,
      },
      {
        userId: 'bea',
        name: 'Nom bea',
        direction: 'Direction des finances',
        install: 'pending',
        updatedAt: MONDAY,
      },
      {
        userId: 'chloe',
        name: 'Nom chloe',
        direction: 'Culture',
        install: 'pending',
        updatedAt: MONDAY,
      },
    ]);
    expect(await deps.roster.deltaLink('tenant')).toBeTruthy();
  });

  it('reads only what changed since the last sync: one added, one changed direction, one removed', async () => {
    // given a first sync, then the directory changes
    directory.setUsers(person('ana'), person('bea'), person('chloe'));
    await syncRoster(deps, { directory, scope: TENANT, now: MONDAY });
    directory
      .setUsers(person('dan', { department: 'Culture' }))
      .changeUser('bea', { department: 'Direction du numérique' })
      .removeUsers('chloe');

    // when
    const summary = await syncRoster(deps, { directory, scope: TENANT, now: TUESDAY });

    // then
    expect(summary).toEqual({ seen: 2, added: 1, changed: 1, left: 1, withoutApp: 3 });
    expect(directory.calls.at(-1)).toEqual({
      method: 'roster',
      scope: TENANT,
      deltaLink: expect.stringMatching(/./),
    });
    const rows = await rosterOf(deps);
    expect(rows.find((row) => row.userId === 'bea')).toMatchObject({
      direction: 'Direction du numérique',
      updatedAt: TUESDAY,
    });
    expect(rows.find((row) => row.userId === 'chloe')).toMatchObject({ leftAt: TUESDAY });
    expect(rows.find((row) => row.userId === 'dan')).toMatchObject({
      install: 'pending',
      direction: 'Culture',
    });
    expect(rows.find((row) => row.userId === 'ana')).toMatchObject({ updatedAt: MONDAY });
  });

  it('takes a disabled account for a leaver', async () => {
    // given
    directory.setUsers(person('ana'), person('bea'));
    await syncRoster(deps, { directory, scope: TENANT, now: MONDAY });
    directory.changeUser('bea', { accountEnabled: false });

    // when
    const summary = await syncRoster(deps, { directory, scope: TENANT, now: TUESDAY });

    // then
    expect(summary).toMatchObject({ left: 1, changed: 0, withoutApp: 1 });
    expect((await deps.roster.get('bea'))?.leftAt).toBe(TUESDAY);
  });

  it('lets a leaver keep their points, and sends them nothing more', async () => {
    // given two agents with points, in the roster
    await givenChallenge(deps);
    await givenQuiz(deps, 2);
    const ana = await givenAgent(deps, { id: 'ana' });
    await givenAgent(deps, { id: 'bea' });
    await givenAnswer(deps, 'bea', { points: 3 });
    directory.setUsers(person('ana'), person('bea'));
    await syncRoster(deps, { directory, scope: TENANT, now: MONDAY });

    // when bea leaves, then the next quiz goes out
    directory.removeUsers('bea');
    await syncRoster(deps, { directory, scope: TENANT, now: TUESDAY });
    clock.set('2026-11-24T09:30:00+01:00');
    const send = await sendDailyQuiz(deps, { date: '2026-11-24', requestedBy: 'test' });

    // then
    expect((await deps.broadcasts.listDeliveries(send.send.id)).map((d) => d.agentId)).toEqual([
      ana.id,
    ]);
    expect((await deps.agents.get('bea'))?.reachable).toBe(false);
    expect((await deps.events.tally('c1', 'bea')).points).toBe(3);
  });

  it('places known agents in their direction, and changes it when the directory does', async () => {
    // given
    await givenAgent(deps, { id: 'ana' });
    directory.setUsers(person('ana', { department: 'Culture' }));
    await syncRoster(deps, { directory, scope: TENANT, now: MONDAY });
    expect((await deps.agents.get('ana'))?.direction).toBe('Culture');

    // when
    directory.changeUser('ana', { department: 'Sports' });
    await syncRoster(deps, { directory, scope: TENANT, now: TUESDAY });

    // then
    expect((await deps.agents.get('ana'))?.direction).toBe('Sports');
  });

  it('takes anyone no longer in the group for a leaver, as a group is read whole every time', async () => {
    // given
    directory.setUsers(person('ana'), person('bea'), person('chloe')).setGroup('g', ['ana', 'bea']);
    await syncRoster(deps, { directory, scope: { kind: 'group', groupId: 'g' }, now: MONDAY });
    directory.setGroup('g', ['ana', 'chloe']);

    // when
    const summary = await syncRoster(deps, {
      directory,
      scope: { kind: 'group', groupId: 'g' },
      now: TUESDAY,
    });

    // then
    expect(summary).toEqual({ seen: 2, added: 1, changed: 0, left: 1, withoutApp: 2 });
    expect((await deps.roster.get('bea'))?.leftAt).toBe(TUESDAY);
    expect(await deps.roster.deltaLink('group:g')).toBeNull();
  });

  it('keeps the old delta link when a sync dies mid-way, and the next one counts nothing twice', async () => {
    // given a first sync, three changes, and a store that fails on the second page of the next sync
    directory.setUsers(person('ana'), person('bea'));
    await syncRoster(deps, { directory, scope: TENANT, now: MONDAY });
    const before = await deps.roster.deltaLink('tenant');
    directory.setUsers(person('chloe'), person('dan'), person('eve'));
    const putMany = deps.roster.putMany.bind(deps.roster);
    let pages = 0;
    jest.spyOn(deps.roster, 'putMany').mockImplementation(async (entries) => {
      pages += 1;
      if (pages === 2) throw new Error('the store went away');
      return putMany(entries);
    });
    await expect(syncRoster(deps, { directory, scope: TENANT, now: TUESDAY })).rejects.toThrow();
    expect(await deps.roster.deltaLink('tenant')).toBe(before);

    // when
    const summary = await syncRoster(deps, { directory, scope: TENANT, now: TUESDAY });

    // then the first page's two were already there; only the third is new
    expect(summary).toMatchObject({ seen: 3, added: 1 });
    expect((await rosterOf(deps)).map((row) => row.userId)).toEqual([
      'ana',
      'bea',
      'chloe',
      'dan',
      'eve',
    ]);
    expect(await deps.roster.deltaLink('tenant')).not.toBe(before);
  });

  it('keeps the installation state of someone whose direction changes', async () => {
    // given
    await deps.roster.putMany([
      buildRosterEntry({ userId: 'ana', name: 'Nom ana', install: 'installed' }),
    ]);
    directory.setUsers(person('ana', { department: 'Culture' }));

    // when
    const summary = await syncRoster(deps, { directory, scope: TENANT, now: TUESDAY });

    // then
    expect(summary).toMatchObject({ changed: 1, withoutApp: 0 });
    expect(await deps.roster.get('ana')).toMatchObject({
      install: 'installed',
      direction: 'Culture',
    });
  });
});

describe('an agent who registers after the roster sync', () => {
  it('gets the direction the directory gives', async () => {
    // given
    directory.setUsers(person('ana', { department: 'Culture' }));
    await syncRoster(deps, { directory, scope: TENANT, now: MONDAY });

    // when
    const { agent } = await registerAgent(deps, {
      id: 'ana',
      tenantId: 't',
      name: 'Ana',
      locale: 'fr',
      conversationReference: '{}',
    });

    // then
    expect(agent.direction).toBe('Culture');
    expect((await deps.agents.get('ana'))?.direction).toBe('Culture');
  });
});
