import { randomUUID } from 'node:crypto';
import type { DirectoryPage } from '../../../src/domain/directory';
import { type GraphDirectory, GraphPermissionError } from '../../../src/graph/graph-directory';
import {
  standInDirectory,
  startGraphStandIn,
  standInUsers,
  type GraphStandIn,
} from '../../support/graph';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('GraphDirectory, through the real Graph client and @azure/identity, against a Graph stand-in', () => {
  let graph: GraphStandIn;
  let directory: GraphDirectory;

  beforeEach(async () => {
    graph = await startGraphStandIn({ users: standInUsers(250), pageSize: 100 });
    directory = standInDirectory(graph);
  });

  afterEach(async () => {
    directory.close();
    await graph.close();
  });

  it('reads a tenant of 250 users in three pages of 100, the last with a delta link', async () => {
    // given 250 users, 100 a page
    // when the tenant's roster is read
    const pages = await collect(directory.roster({ kind: 'tenant' }));
    // then three pages, every user once with their direction, and a delta link at the end only
    expect(pages.map((page) => page.users.length)).toEqual([100, 100, 50]);
    const ids = new Set(pages.flatMap((page) => page.users.map((user) => user.id)));
    expect(ids).toEqual(new Set(graph.users().map((user) => user.id)));
    const first = graph.users()[0];
    const seen = pages.flatMap((page) => page.users).find((user) => user.id === first.id);
    expect(seen).toEqual({
      id: first.id,
      name: first.displayName,
      department: first.department,
      accountEnabled: true,
    });
    expect(pages.slice(0, 2).every((page) => page.deltaLink === undefined)).toBe(true);
    expect(pages[2].deltaLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?/);
    expect(graph.requests.get('GET /v1.0/users/delta')).toBe(3);
    // one token for the whole read
    expect(graph.tokensIssued()).toBe(1);
  });

  it('syncs again from the delta link: only the changed, the removed and the added', async () => {
    // given a first sync
    const first = await collect(directory.roster({ kind: 'tenant' }));
    const deltaLink = first[first.length - 1].deltaLink as string;
    // and then one user moving direction, one leaving, one arriving
    const [moved, gone] = graph.users();
    graph.putUser({ ...moved, department: 'Direction des sports' });
    graph.removeUser(gone.id);
    const newcomer = { id: randomUUID(), displayName: 'Nouvelle', accountEnabled: true };
    graph.putUser(newcomer);
    // when synced from the delta link
    const pages: DirectoryPage[] = await collect(directory.roster({ kind: 'tenant' }, deltaLink));
    // then only those three, and a new delta link
    expect(pages).toHaveLength(1);
    expect(pages[0].removed).toEqual([gone.id]);
    expect(pages[0].users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: moved.id, department: 'Direction des sports' }),
        { id: newcomer.id, name: 'Nouvelle', accountEnabled: true },
      ]),
    );
    expect(pages[0].users).toHaveLength(2);
    expect(pages[0].deltaLink).toBeDefined();
    expect(pages[0].deltaLink).not.toBe(deltaLink);
    // and a third sync with nothing changed is empty
    const again = await collect(directory.roster({ kind: 'tenant' }, pages[0].deltaLink));
    expect(again).toEqual([{ users: [], removed: [], deltaLink: expect.any(String) }]);
  });

  it("reads a group's transitive members, paged, and their ids without the nested groups", async () => {
    // given a group of 120 users and a nested group of 30 more
    const users = graph.users();
    const group = randomUUID();
    const nested = randomUUID();
    graph.setGroup(group, { users: users.slice(0, 120).map((u) => u.id), groups: [nested] });
    graph.setGroup(nested, { users: users.slice(120, 150).map((u) => u.id) });
    // when the group is the roster, and when its member ids are asked
    const pages = await collect(directory.roster({ kind: 'group', groupId: group }));
    const ids = await collect(directory.groupMembers(group));
    // then the 150 people, pages of 100, no delta link; the ids alone without the nested group
    expect(pages.map((page) => page.users.length)).toEqual([100, 50]);
    expect(pages.every((page) => page.deltaLink === undefined && page.removed.length === 0)).toBe(
      true,
    );
    expect(new Set(ids)).toEqual(new Set(users.slice(0, 150).map((u) => u.id)));
    expect(ids).toHaveLength(150);
    expect(ids).not.toContain(nested);
  });

  it('maps each answer of an installation to what an organiser can act on', async () => {
    // given five users: one fine, one whose user is gone, one without licence, one blocked, one for a 403 of rights
    const [fine, noLicence, blocked, noRight] = graph.users();
    graph.refuseInstall(noLicence.id, {
      status: 403,
      code: 'Forbidden',
      message: 'User does not have a valid Teams license',
    });
    graph.refuseInstall(blocked.id, {
      status: 403,
      code: 'Forbidden',
      message: 'App is blocked by the app permission policy',
    });
    graph.refuseInstall(noRight.id, {
      status: 403,
      code: 'Forbidden',
      message: 'Missing role permissions on the request',
    });
    // when the app is installed for each
    const installed = await directory.installApp(fine.id);
    const again = await directory.installApp(fine.id);
    const gone = await directory.installApp(randomUUID());
    // then 201 installed, 409 already, 404 user gone, and the three 403s told apart
    expect(installed).toEqual({ kind: 'installed' });
    expect(again).toEqual({ kind: 'already' });
    expect(gone).toMatchObject({ kind: 'failed', reason: 'user_gone' });
    expect(await directory.installApp(noLicence.id)).toMatchObject({
      kind: 'failed',
      reason: 'no_teams',
    });
    expect(await directory.installApp(blocked.id)).toMatchObject({
      kind: 'failed',
      reason: 'blocked_by_policy',
    });
    const refused = await directory.installApp(noRight.id);
    expect(refused).toMatchObject({ kind: 'failed', reason: 'not_permitted' });
    expect(refused.kind === 'failed' && refused.detail).toContain(
      'TeamsAppInstallation.ReadWriteSelfForUser.All',
    );
    expect(graph.installs.get(fine.id)).toBe(1);
  });

  it('gives a failure with the status when Graph keeps failing, after its retries', async () => {
    // given an installation that answers 500
    const [user] = graph.users();
    graph.force(/^POST \/v1\.0\/users\/.+\/installedApps$/, { status: 500, code: 'Boom' }, 1);
    // when installed
    const outcome = await directory.installApp(user.id);
    // then failed, with the status (a 500 is not retried by the client)
    expect(outcome).toMatchObject({
      kind: 'failed',
      reason: 'error',
      detail: expect.stringContaining('500'),
    });
  });

  it('honours a 429 with Retry-After: 1: one retry a second later, no error', async () => {
    // given the first read of the users answered 429, Retry-After: 1
    graph.force(/^GET \/v1\.0\/users\/delta$/, {
      status: 429,
      code: 'TooManyRequests',
      retryAfter: 1,
    });
    // when the roster is read
    const pages = await collect(directory.roster({ kind: 'tenant' }));
    // then every user, one request more than the pages, the retry at least a second after the 429
    expect(pages.flatMap((page) => page.users)).toHaveLength(250);
    expect(graph.requests.get('GET /v1.0/users/delta')).toBe(4);
    const reads = graph.log.filter((entry) => entry.key === 'GET /v1.0/users/delta');
    expect(reads[0].status).toBe(429);
    expect(reads[1].status).toBe(200);
    expect(reads[1].at - reads[0].at).toBeGreaterThanOrEqual(950);
  });

  it('hands a throttled installation back with its Retry-After, for the caller to retry through its pacer', async () => {
    // given an installation answered 429 (Retry-After: 2), then 503 (Retry-After: 1)
    const [user] = graph.users();
    graph.force(/installedApps$/, { status: 429, code: 'TooManyRequests', retryAfter: 2 });
    graph.force(/installedApps$/, { status: 503, code: 'ServiceUnavailable', retryAfter: 1 });
    // when installed three times
    const first = await directory.installApp(user!.id);
    const second = await directory.installApp(user!.id);
    const third = await directory.installApp(user!.id);
    // then no retry inside the client: each answer is the caller's to act on, and the app is installed once
    expect(first).toEqual({ kind: 'throttled', retryAfterMs: 2000 });
    expect(second).toEqual({ kind: 'throttled', retryAfterMs: 1000 });
    expect(third).toEqual({ kind: 'installed' });
    expect(graph.requests.get(`POST /v1.0/users/${user!.id}/teamwork/installedApps`)).toBe(3);
    expect(graph.installs.get(user!.id)).toBe(1);
  });

  it('does not wait for a Retry-After longer than the cap: the error surfaces', async () => {
    // given a 429 asking for an hour
    graph.force(/^GET \/v1\.0\/users\/delta$/, { status: 429, retryAfter: 3600 });
    // when the roster is read
    const started = Date.now();
    await expect(collect(directory.roster({ kind: 'tenant' }))).rejects.toThrow(/429/);
    // then at once
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says which permission a 403 on the users needs, and that an administrator must consent', async () => {
    // given the users' read refused
    graph.force(/^GET \/v1\.0\/users\/delta$/, {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    // when the roster is read
    const error = await collect(directory.roster({ kind: 'tenant' })).catch((e: unknown) => e);
    // then a permission error naming User.Read.All and the admin consent
    expect(error).toBeInstanceOf(GraphPermissionError);
    expect((error as Error).message).toMatch(/User\.Read\.All/);
    expect((error as Error).message).toMatch(/administrator/);
    expect((error as GraphPermissionError).status).toBe(403);
  });

  it("names GroupMember.Read.All when a group's members are refused", async () => {
    // given a group whose members cannot be read
    const group = randomUUID();
    graph.setGroup(group, { users: [] });
    graph.force(/transitiveMembers$/, { status: 403, code: 'Authorization_RequestDenied' });
    // when its members are asked, then the error names the permission
    await expect(collect(directory.groupMembers(group))).rejects.toThrow(/GroupMember\.Read\.All/);
  });

  it('refuses an id that is not a GUID before any request', async () => {
    // given ids that would change the URL
    const before = graph.log.length;
    // when used, then refused at once, and nothing reached Graph (not even for a token)
    await expect(directory.installApp('../../groups/x')).rejects.toThrow(/GUID/);
    await expect(directory.installApp('')).rejects.toThrow(/GUID/);
    await expect(collect(directory.groupMembers('abc?$select=*'))).rejects.toThrow(/GUID/);
    await expect(collect(directory.roster({ kind: 'group', groupId: 'x/y' }))).rejects.toThrow(
      /GUID/,
    );
    expect(graph.log.length).toBe(before);
  });

  it('refuses a delta link to another host: the token would go with it', async () => {
    // given a link elsewhere, when synced from it, then refused before any request
    await expect(
      collect(directory.roster({ kind: 'tenant' }, 'https://example.org/v1.0/users/delta?x=1')),
    ).rejects.toThrow(/must point at/);
    expect(graph.log).toHaveLength(0);
  });
});
