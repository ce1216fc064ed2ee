import { MemoryDirectory } from '../../../src/graph/memory/directory';
import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import { refreshOrganisers } from '../../../src/usecases/organiser-group';
import { givenAgent } from '../../support/builders';

const GROUP = 'organisateurs';

let deps: MemoryDeps;
let directory: MemoryDirectory;
beforeEach(async () => {
  deps = memoryDeps({ organiserIds: ['from-env'] });
  directory = new MemoryDirectory();
  for (const id of ['ana', 'bea', 'chloe', 'from-env']) await givenAgent(deps, { id });
  await givenAgent(deps, { id: 'local', organiser: true }); // `devenir organisateur` in local mode
});

const organiserOf = async (id: string) => (await deps.agents.get(id))?.organiser;

describe('organisers from an Entra group', () => {
  it('makes the group’s members organisers, and waits for those who never used the app', async () => {
    // given
    directory.setGroup(GROUP, ['ana', 'bea', 'newcomer']);

    // when
    const refresh = await refreshOrganisers(deps, { directory, groupId: GROUP });

    // then
    expect(refresh).toEqual({ fromGroup: 2, added: 2, removed: 0, waiting: 1 });
    expect(await organiserOf('ana')).toBe(true);
    expect(await organiserOf('bea')).toBe(true);
    expect(await organiserOf('chloe')).toBe(false);
  });

  it('takes the role back from those who left the group, and gives it to those who joined', async () => {
    // given
    directory.setGroup(GROUP, ['ana', 'bea']);
    await refreshOrganisers(deps, { directory, groupId: GROUP });
    directory.setGroup(GROUP, ['bea', 'chloe']);

    // when
    const refresh = await refreshOrganisers(deps, { directory, groupId: GROUP });

    // then
    expect(refresh).toEqual({ fromGroup: 2, added: 1, removed: 1, waiting: 0 });
    expect(await organiserOf('ana')).toBe(false);
    expect(await organiserOf('bea')).toBe(true);
    expect(await organiserOf('chloe')).toBe(true);
    expect(await deps.roster.groupOrganisers()).toEqual(['bea', 'chloe']);
  });

  it('never takes back a role the group did not give (local mode, ORGANISER_IDS)', async () => {
    // given both in the group, then out of it
    directory.setGroup(GROUP, ['local', 'from-env']);
    const first = await refreshOrganisers(deps, { directory, groupId: GROUP });
    directory.setGroup(GROUP, []);

    // when
    const refresh = await refreshOrganisers(deps, { directory, groupId: GROUP });

    // then
    expect(first.added).toBe(0);
    expect(refresh.removed).toBe(0);
    expect(await organiserOf('local')).toBe(true);
    expect(await deps.roster.groupOrganisers()).toEqual([]);
  });
});
