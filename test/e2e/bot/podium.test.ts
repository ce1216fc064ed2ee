import { randomUUID } from 'node:crypto';
import {
  buildAgent,
  executeActivity,
  installActivity,
  messageActivity,
  type TestAgent,
} from '../../support/activities';
import { buildChallenge, buildTally, givenTeam } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The podium, end to end: the bot added to a team channel, an organiser's `podium` preview and its
 * "publish" button, the card reaching every agent and the channel once through the fan-out, and the refusals.
 */
const organiser = buildAgent({ name: 'Organisatrice' });
const agents = [buildAgent({ name: 'Agent A' }), buildAgent({ name: 'Agent B', locale: 'en-GB' })];
const BOT = { id: '28:bot-id', name: 'Défi numérique' };
const TEAM = { id: '19:team-dsi@thread.tacv2', name: 'Direction du numérique' };
const CHANNEL = '19:general-dsi@thread.tacv2';
const asAgent = (agent: TestAgent) => ({ Authorization: `Dev ${agent.id}` });

let t: TestApp;

/** What Teams posts to the bot in a team's General channel (bot added or removed, app uninstalled). */
function channelActivity(type: 'added' | 'removed' | 'uninstalled', conversationId = CHANNEL) {
  const event =
    type === 'added'
      ? { type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] }
      : type === 'removed'
        ? { type: 'conversationUpdate', membersRemoved: [{ id: BOT.id }] }
        : { type: 'installationUpdate', action: 'remove' };
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: t.connector.url,
    timestamp: new Date().toISOString(),
    locale: 'fr-FR',
    from: { id: `29:${organiser.id}`, name: organiser.name, aadObjectId: organiser.id },
    recipient: BOT,
    conversation: {
      id: conversationId,
      conversationType: 'channel',
      isGroup: true,
      tenantId: 'tenant-test',
    },
    channelData: {
      team: TEAM,
      tenant: { id: 'tenant-test' },
      ...(type === 'uninstalled'
        ? {}
        : { eventType: type === 'added' ? 'teamMemberAdded' : 'teamMemberRemoved' }),
    },
    ...event,
  };
}

function cardOf(activity: Record<string, any>): any {
  return activity.attachments?.[0]?.content;
}

/** Podium cards the connector received, per conversation. */
function podiumCards(): Map<string, number> {
  const perConversation = new Map<string, number>();
  for (const sent of t.connector.sent) {
    const card = cardOf(sent.activity);
    if (!card || !/podium/i.test(JSON.stringify(card.body)) || sent.method !== 'POST') continue;
    perConversation.set(sent.conversationId, (perConversation.get(sent.conversationId) ?? 0) + 1);
  }
  return perConversation;
}

async function say(agent: TestAgent, text: string): Promise<Record<string, any>> {
  const before = t.connector.to(agent.conversationId).length;
  const response = await t.post('/api/messages', messageActivity(agent, t.connector.url, text));
  expect(response.status).toBe(200);
  const replies = t.connector.to(agent.conversationId).slice(before);
  expect(replies).toHaveLength(1);
  return replies[0]!.activity;
}

async function clickPublish(agent: TestAgent, data: Record<string, unknown>) {
  const response = await t.post(
    '/api/messages',
    executeActivity(agent, t.connector.url, 'podium.publish', data),
  );
  expect(response.status).toBe(200);
  expect(response.body.statusCode).toBe(200);
  return JSON.stringify(response.body.value);
}

/** Waits a little for sends that should not happen. */
const quietly = () => new Promise((resolve) => setTimeout(resolve, 600));

beforeAll(async () => {
  t = await startTestApp({
    now: '2026-11-27T16:00:00+01:00',
    env: { ORGANISER_IDS: organiser.id },
  });
  await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  for (const agent of [organiser, ...agents])
    await t.post('/api/messages', installActivity(agent, t.connector.url));
});
afterAll(() => t.close());

describe('the bot in a team channel', () => {
  it('keeps the channel when added to a team, and forgets it when removed or uninstalled', async () => {
    // given
    const other = '19:other@thread.tacv2';
    await t.post('/api/messages', channelActivity('added', other));
    await t.post('/api/messages', channelActivity('added'));
    const stored = await t.app.deps.channels.list();
    expect(stored.map((c) => c.id).sort()).toEqual([CHANNEL, other].sort());
    expect(stored.find((c) => c.id === CHANNEL)).toMatchObject({
      teamId: TEAM.id,
      teamName: TEAM.name,
    });
    expect(JSON.parse(stored.find((c) => c.id === CHANNEL)!.conversationReference)).toMatchObject({
      conversation: { id: CHANNEL },
      serviceUrl: t.connector.url,
    });

    // when
    await t.post('/api/messages', channelActivity('removed', other));
    await t.post('/api/messages', channelActivity('added', other));
    await t.post('/api/messages', channelActivity('uninstalled', other));

    // then: the channel is gone, no agent is registered or welcomed from the channel
    expect((await t.app.deps.channels.list()).map((c) => c.id)).toEqual([CHANNEL]);
    expect(t.connector.to(CHANNEL)).toEqual([]);
  });
});

describe('the podium', () => {
  it('is refused before any point is scored, in the chat and in the API', async () => {
    // when
    const reply = await say(organiser, 'podium');
    const api = await t.post('/api/admin/podium', {}, asAgent(organiser));

    // then
    expect(reply.text).toContain('Aucune équipe n’a encore marqué de point');
    expect(api.status).toBe(409);
    expect(api.body.error).toBe('podium_empty');
    expect((await t.get('/api/admin/podium', asAgent(organiser))).status).toBe(409);
  });

  it('is previewed by an organiser, published to every agent and the channel once, and not twice', async () => {
    // given teams that scored, one tie at the first place, and the channel added
    await t.post('/api/messages', channelActivity('added'));
    const tally = (points: number) => buildTally({ points, events: 1, lastAt: 1 });
    await givenTeam(t.app.deps, {
      id: 'sobres',
      name: 'Les *Sobres*',
      members: 3,
      tallies: { 'sobres-m1': tally(9) },
    });
    await givenTeam(t.app.deps, {
      id: 'frugaux',
      name: 'Les Frugaux',
      members: 3,
      tallies: { 'frugaux-m1': tally(9) },
    });
    await givenTeam(t.app.deps, {
      id: 'lents',
      name: 'Les Lents',
      members: 3,
      tallies: { 'lents-m1': tally(3) },
    });
    t.clock.advance(5000); // past the life of the ranking the bot keeps a few seconds

    // when the organiser asks for the podium
    const preview = cardOf(await say(organiser, 'podium'));

    // then they alone see the preview, with the button that publishes
    const previewText = JSON.stringify(preview);
    expect(previewText).toContain('Aperçu');
    expect(previewText).toContain('Les \\\\*Sobres\\\\*');
    expect(previewText).toContain('ex æquo');
    const publish = preview.actions.find((a: any) => a.type === 'Action.Execute');
    expect(publish).toMatchObject({
      verb: 'podium.publish',
      title: 'Publier pour tout le monde (3 agents et 1 canaux d’équipe)',
      fallback: { type: 'Action.Submit' },
    });
    expect(podiumCards().size).toBe(1);

    // when they click "publish"
    t.connector.clear();
    const clicked = await clickPublish(organiser, publish.data);

    // then every reachable agent and the channel get the podium card once
    expect(clicked).toContain('Podium publié pour 4 destinataire(s)');
    await t.connector.waitFor(4);
    await quietly();
    const expected = [organiser, ...agents].map((a) => a.conversationId).concat(CHANNEL);
    expect([...podiumCards().entries()].sort()).toEqual(expected.map((id) => [id, 1]).sort());
    const inChannel = cardOf(t.connector.to(CHANNEL)[0]!.activity);
    expect(JSON.stringify(inChannel)).toContain('🥇 **1er**');
    expect(inChannel.actions ?? []).not.toContainEqual(
      expect.objectContaining({ verb: 'podium.publish' }),
    );
    // Agent B's Teams is in English, but a local run speaks the challenge's language (the Playground says en-US
    // whoever uses it); production answers in English (test/unit/domain/agents.test.ts).
    const toAgentB = cardOf(t.connector.to(agents[1]!.conversationId)[0]!.activity);
    expect(JSON.stringify(toAgentB)).toContain('**ex æquo**');

    // when it is published again, by the button and by the API
    t.connector.clear();
    const again = await clickPublish(organiser, publish.data);
    const api = await t.post('/api/admin/podium', {}, asAgent(organiser));
    await quietly();

    // then nothing more is sent
    expect(again).toContain('déjà été publié');
    expect(api).toMatchObject({ status: 202, body: { started: false, total: 4 } });
    expect(t.connector.sent).toEqual([]);
  });

  it('is shown to organisers by the API, and previewed to the caller alone', async () => {
    // when
    const view = await t.get('/api/admin/podium', asAgent(organiser));
    t.connector.clear();
    const preview = await t.post('/api/admin/podium', { preview: true }, asAgent(organiser));
    await t.connector.waitFor(1);
    await quietly();

    // then
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      audience: { agents: 3, channels: 1 },
      rule: { minTeamSize: 3 },
      places: [
        // Tied teams in the spec's display order: French collation, the asterisks ignored.
        { rank: 1, teamId: 'sobres', score: '3.00', tied: true },
        { rank: 1, teamId: 'frugaux', score: '3.00', tied: true },
        { rank: 3, teamId: 'lents', score: '1.00', tied: false },
      ],
    });
    expect(preview.status).toBe(202);
    expect(preview.body.sendId).toEqual(expect.any(String));
    expect([...podiumCards().keys()]).toEqual([organiser.conversationId]);
    expect(JSON.stringify(cardOf(t.connector.sent[0]!.activity))).toContain('podium.publish');
  });

  it('is refused to a non-organiser, who gets the refusal and sends nothing', async () => {
    // given
    const agent = agents[0]!;
    t.connector.clear();

    // when
    const reply = await say(agent, 'podium');
    const clicked = await clickPublish(agent, {});
    const api = await t.post('/api/admin/podium', {}, asAgent(agent));
    const preview = await t.post('/api/admin/podium', { preview: true }, asAgent(agent));
    const view = await t.get('/api/admin/podium', asAgent(agent));
    await quietly();

    // then
    expect(reply.text).toBe('Cette action est réservée aux organisateurs.');
    expect(clicked).toContain('réservée aux organisateurs');
    for (const refused of [api, preview, view]) {
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('not_organiser');
    }
    expect(t.connector.sent.map((s) => s.conversationId)).toEqual([agent.conversationId]);
  });
});
