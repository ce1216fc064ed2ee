import { messageActivity, type TestAgent } from '../../support/activities';
import { buildChallenge, givenAgent, givenTeam } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const as = (id: string) => ({ Authorization: `Dev ${id}` });

/**
 * Teammates' names, shown only by each one's choice, through the real app: the tab's API (dev sign-in) and the bot
 * (`montrer mon nom` / `hide my name`, then `mon équipe`), on Azurite.
 */
describe('showing one’s name to one’s team', () => {
  let t: TestApp;
  const alice: TestAgent = { id: 'sobres-m1', name: 'Alice Martin', conversationId: 'a:alice' };
  const bob: TestAgent = { id: 'sobres-m2', name: 'Bob Durand', conversationId: 'a:bob' };

  /** The text of the one reply the bot sends `agent` for `text`. */
  const say = async (agent: TestAgent, text: string): Promise<string> => {
    const before = t.connector.to(agent.conversationId).length;
    const response = await t.post('/api/messages', messageActivity(agent, t.connector.url, text));
    expect(response.status).toBe(200);
    const replies = t.connector.to(agent.conversationId).slice(before);
    expect(replies).toHaveLength(1);
    return JSON.stringify(replies[0]!.activity);
  };
  const membersSeenBy = async (agentId: string) => {
    const response = await t.get('/api/my-team', as(agentId));
    expect(response.status).toBe(200);
    return response.body.team as {
      members: { name: string | null; me: boolean }[];
      showMyName: boolean;
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-20T10:00:00+01:00' });
    const deps = t.app.deps;
    await deps.challenges.saveAsCurrent(buildChallenge());
    for (const [id, name] of [
      ['sobres-m1', 'Alice Martin'],
      ['sobres-m2', 'Bob Durand'],
      ['sobres-m3', 'Chloé Petit'],
    ])
      await givenAgent(deps, { id, name });
    await givenTeam(deps, {
      id: 'sobres',
      name: 'Les Sobres',
      members: [
        { agentId: 'sobres-m1', name: 'Alice Martin' },
        { agentId: 'sobres-m2', name: 'Bob Durand' },
        { agentId: 'sobres-m3', name: 'Chloé Petit' },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('by default, the tab shows each reader their own name and "a team member" for the others', async () => {
    const team = await membersSeenBy('sobres-m2');
    expect(team.members).toEqual([
      { name: null, active: false, me: false },
      { name: 'Bob Durand', active: false, me: true },
      { name: null, active: false, me: false },
    ]);
    expect(team.showMyName).toBe(false);
    expect(JSON.stringify(team)).not.toContain('Alice');
  });

  it('the tab records the reader’s choice, and their teammates see their name', async () => {
    // when
    const shown = await t.post('/api/me/team-name', { show: true }, as('sobres-m3'));

    // then
    expect(shown).toMatchObject({ status: 200, body: { showNameToTeam: true } });
    expect((await membersSeenBy('sobres-m3')).showMyName).toBe(true);
    expect((await membersSeenBy('sobres-m2')).members.map((m) => m.name)).toEqual([
      null,
      'Bob Durand',
      'Chloé Petit',
    ]);

    // when they change their mind
    await t.post('/api/me/team-name', { show: false }, as('sobres-m3'));

    // then
    expect((await membersSeenBy('sobres-m2')).members.map((m) => m.name)).toEqual([
      null,
      'Bob Durand',
      null,
    ]);
  });

  it('refuses a malformed choice, a stranger’s, and an unsigned request', async () => {
    expect((await t.post('/api/me/team-name', { show: 'yes' }, as('sobres-m1'))).status).toBe(400);
    expect((await t.post('/api/me/team-name', {}, as('sobres-m1'))).status).toBe(400);
    expect((await t.post('/api/me/team-name', { show: true }, as('nobody'))).status).toBe(404);
    expect((await t.post('/api/me/team-name', { show: true })).status).toBe(401);
    expect(await t.app.deps.agents.get('nobody')).toBeNull();
  });

  it('in the bot: "montrer mon nom", then "mon équipe" shows it to teammates; "hide my name" hides it again', async () => {
    // given: Bob's team card names only him
    const before = await say(bob, 'mon équipe');
    expect(before).toContain('Bob Durand');
    expect(before).not.toContain('Alice Martin');
    expect(before).toContain('Un membre de l’équipe');

    // when Alice opts in
    const yes = await say(alice, 'Montrer mon nom à mon équipe');

    // then
    expect(yes).toContain('les membres de votre équipe voient maintenant votre nom');
    const after = await say(bob, 'mon équipe');
    expect(after).toContain('Alice Martin');
    expect((await membersSeenBy('sobres-m2')).members[0]!.name).toBe('Alice Martin');

    // when she opts out, typing it in English (local mode answers in the challenge's language)
    const no = await say(alice, 'hide my name');

    // then
    expect(no).toContain(
      'vos coéquipiers voient « Un membre de l’équipe » à la place de votre nom',
    );
    expect((await membersSeenBy('sobres-m2')).members[0]!.name).toBeNull();
  });

  it('keeps no display name in the stored conversation reference: ids only', async () => {
    // when
    await say(alice, 'aide');

    // then
    const stored = await t.app.deps.agents.get('sobres-m1');
    const reference = JSON.parse(stored!.conversationReference!);
    expect(reference.user).toEqual({ id: '29:sobres-m1', aadObjectId: 'sobres-m1' });
    expect(stored!.conversationReference).not.toContain('Alice');
    expect(stored!.name).toBe('Alice Martin');
  });
});
