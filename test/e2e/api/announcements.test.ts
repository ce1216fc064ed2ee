import { buildAgent, installActivity, type TestAgent } from '../../support/activities';
import { buildChallenge } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The organisers' announcement API against the real app: agents registered over HTTP, announcements posted with
 * the dev sign-in (local mode), cards read at the connector stand-in.
 */
const AGENTS = 12;
let t: TestApp;
const organiser = buildAgent({ name: 'Organisatrice' });
const agents: TestAgent[] = Array.from({ length: AGENTS }, () => buildAgent());
const as = (agent: TestAgent) => ({ Authorization: `Dev ${agent.id}` });

function cardOf(activity: Record<string, any>): any {
  return activity.attachments?.[0]?.content;
}
const announcementCards = () =>
  t.connector.sent.filter(
    (s) => s.method === 'POST' && JSON.stringify(cardOf(s.activity) ?? {}).includes('📣'),
  );

async function settled(id: string, by = organiser): Promise<any> {
  for (let i = 0; i < 200; i += 1) {
    const { body } = await t.get(`/api/admin/announcements/${id}`, as(by));
    if (body.state === 'done' || body.state === 'cancelled') {
      if (body.pending === 0) return body;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`announcement ${id} did not settle`);
}

beforeAll(async () => {
  t = await startTestApp({
    now: '2026-11-25T10:00:00+01:00',
    env: { ORGANISER_IDS: organiser.id, BROADCAST_RATE_PER_SECOND: '20' },
  });
  await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  for (const agent of [organiser, ...agents])
    await t.post('/api/messages', installActivity(agent, t.connector.url));
  // The first four agents work at the DRH.
  for (const agent of agents.slice(0, 4)) await t.app.deps.agents.setDirection(agent.id, 'DRH');
  t.connector.clear();
});
afterAll(() => t.close());
beforeEach(() => t.connector.clear());

describe('POST /api/admin/announcements', () => {
  it('sends one card to every agent, and the report counts what the connector received', async () => {
    // when the organiser announces to everyone
    const { status, body } = await t.post(
      '/api/admin/announcements',
      {
        title: 'Atelier « Trier ses courriels »',
        text: 'Demain à **14 h**, salle du conseil.\n- apportez votre ordinateur\n- ou votre téléphone',
        link: { label: 'Le programme', url: 'https://ville.example/programme' },
        audience: { kind: 'all' },
      },
      as(organiser),
    );
    expect(status).toBe(202);
    expect(body).toMatchObject({ state: 'sending', audienceSize: AGENTS + 1, duplicate: false });
    // then every agent gets one card, told from a quiz at a glance, with its link button
    const report = await settled(body.id);
    const cards = announcementCards();
    expect(new Set(cards.map((c) => c.conversationId)).size).toBe(AGENTS + 1);
    expect(cards).toHaveLength(AGENTS + 1);
    const card = cardOf(cards[0]!.activity);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'accent' });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Le programme', url: 'https://ville.example/programme' },
    ]);
    expect(report).toMatchObject({
      id: body.id,
      state: 'done',
      total: AGENTS + 1,
      sent: cards.length,
      failed: 0,
      skipped: 0,
      pending: 0,
    });
  });

  it('sends the same announcement posted twice in a second once', async () => {
    const draft = { title: 'Rappel', text: 'Le quiz ferme à 18 h.', audience: { kind: 'all' } };
    const [first, second] = await Promise.all([
      t.post('/api/admin/announcements', draft, as(organiser)),
      t.post('/api/admin/announcements', draft, as(organiser)),
    ]);
    expect(first.body.id).toBe(second.body.id);
    expect([first.body.duplicate, second.body.duplicate].sort()).toEqual([false, true]);
    await settled(first.body.id);
    expect(announcementCards()).toHaveLength(AGENTS + 1);
  });

  it('reaches one direction only', async () => {
    const { body } = await t.post(
      '/api/admin/announcements',
      {
        title: 'DRH',
        text: 'Réunion de service.',
        audience: { kind: 'direction', direction: 'drh' },
      },
      as(organiser),
    );
    expect(body.audienceSize).toBe(4);
    await settled(body.id);
    expect(
      announcementCards()
        .map((c) => c.conversationId)
        .sort(),
    ).toEqual(
      agents
        .slice(0, 4)
        .map((a) => a.conversationId)
        .sort(),
    );
  });

  it('shows markup and dangerous links as text', async () => {
    const { body } = await t.post(
      '/api/admin/announcements',
      {
        title: '<img src=x onerror=alert(1)> **titre**',
        text: '<script>alert(1)</script> [cliquez](javascript:alert(1)) [ici](https://ville.example)',
        audience: { kind: 'direction', direction: 'DRH' },
      },
      as(organiser),
    );
    await settled(body.id);
    const card = cardOf(announcementCards()[0]!.activity);
    const runs = card.body
      .filter((e: any) => e.type === 'RichTextBlock')
      .flatMap((e: any) => e.inlines);
    expect(runs.map((r: any) => r.text).join('')).toBe(
      '<script>alert(1)</script> [cliquez](javascript:alert(1)) ici',
    );
    expect(runs.filter((r: any) => r.selectAction).map((r: any) => r.selectAction.url)).toEqual([
      'https://ville.example/',
    ]);
    // the title is a TextBlock, whose Markdown is escaped
    expect(card.body[1].text).toBe('\\<img src=x onerror=alert\\(1\\)\\> \\*\\*titre\\*\\*');
    // and the API gives the tab the same reading of the text
    expect(body.blocks[0].lines[0].at(-1)).toEqual({ text: 'ici', href: 'https://ville.example/' });
  });

  it('sends a preview to its author only', async () => {
    const { status, body } = await t.post(
      '/api/admin/announcements',
      { title: 'Essai', text: 'Texte', audience: { kind: 'all' }, preview: true },
      as(organiser),
    );
    expect(status).toBe(202);
    expect(body).toMatchObject({ preview: true, audienceSize: 1 });
    await t.connector.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(announcementCards().map((c) => c.conversationId)).toEqual([organiser.conversationId]);
    expect(JSON.stringify(cardOf(announcementCards()[0]!.activity))).toContain('Aperçu');
    const list = await t.get('/api/admin/announcements', as(organiser));
    expect(list.body.announcements.map((a: any) => a.id)).not.toContain(body.id);
  });

  it.each([
    [
      'an empty title',
      { title: '', text: 'x', audience: { kind: 'all' } },
      400,
      'announcement_invalid',
    ],
    [
      'an oversize text',
      { title: 't', text: 'x'.repeat(2001), audience: { kind: 'all' } },
      400,
      'announcement_invalid',
    ],
    ['a body that is not an object', '"hello"', 400, 'announcement_invalid'],
    [
      'an unknown team',
      { title: 't', text: 'x', audience: { kind: 'team', teamId: 'nope' } },
      404,
      'audience_unknown',
    ],
    [
      'an unknown direction',
      { title: 't', text: 'x', audience: { kind: 'direction', direction: 'Marine' } },
      404,
      'audience_unknown',
    ],
  ])('refuses %s with a clear error, and sends nothing', async (_, body, status, error) => {
    const response = await t.post('/api/admin/announcements', body, as(organiser));
    expect(response.status).toBe(status);
    expect(response.body.error).toBe(error);
    expect(response.body.message).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.connector.sent).toHaveLength(0);
  });

  it('says the limit of an oversize text', async () => {
    const response = await t.post(
      '/api/admin/announcements',
      { title: 't', text: 'x'.repeat(2001), audience: { kind: 'all' } },
      as(organiser),
    );
    expect(response.body.details).toEqual({ field: 'text', limit: 2000 });
  });

  it('refuses every announcement endpoint to an agent, and sends nothing', async () => {
    const agent = agents[5]!;
    const draft = { title: 'Pirate', text: 'x', audience: { kind: 'all' } };
    expect((await t.post('/api/admin/announcements', draft, as(agent))).status).toBe(403);
    expect((await t.get('/api/admin/announcements', as(agent))).status).toBe(403);
    const { body } = await t.post(
      '/api/admin/announcements',
      { ...draft, audience: { kind: 'direction', direction: 'DRH' } },
      as(organiser),
    );
    await settled(body.id);
    t.connector.clear();
    expect((await t.get(`/api/admin/announcements/${body.id}`, as(agent))).status).toBe(403);
    expect((await t.post(`/api/admin/announcements/${body.id}/cancel`, {}, as(agent))).status).toBe(
      403,
    );
    expect((await t.post('/api/admin/announcements', draft, {})).status).toBe(401);
    expect(t.connector.sent).toHaveLength(0);
  });
});

describe('the sending hours and cancelling', () => {
  it('holds an announcement written at night; once cancelled it never goes', async () => {
    // given 21:30
    t.clock.set('2026-11-25T21:30:00+01:00');
    const { body } = await t.post(
      '/api/admin/announcements',
      { title: 'Demain', text: 'Bonne nuit', audience: { kind: 'all' } },
      as(organiser),
    );
    expect(body).toMatchObject({ state: 'scheduled', sendAt: '2026-11-26T07:00:00.000Z' });
    const cancel = await t.post(`/api/admin/announcements/${body.id}/cancel`, {}, as(organiser));
    expect(cancel.body.state).toBe('cancelled');
    // when the scheduler ticks at 08:00
    t.clock.set('2026-11-26T08:00:30+01:00');
    await t.app.scheduler.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.connector.sent).toHaveLength(0);
  });

  it('sends one written at night at 08:00', async () => {
    t.clock.set('2026-11-25T22:00:00+01:00');
    const { body } = await t.post(
      '/api/admin/announcements',
      { title: 'Ce matin', text: 'Bonjour', audience: { kind: 'direction', direction: 'DRH' } },
      as(organiser),
    );
    expect(body.state).toBe('scheduled');
    t.clock.set('2026-11-26T08:00:30+01:00');
    await t.app.scheduler.runOnce();
    expect((await settled(body.id)).sent).toBe(4);
    t.clock.set('2026-11-25T10:00:00+01:00');
  });

  it('stops a send in progress: nothing more goes out, what went is reported', async () => {
    // given an app paced at 4 cards a second, and an announcement to everyone
    const slow = await startTestApp({
      now: '2026-11-25T10:00:00+01:00',
      env: { ORGANISER_IDS: organiser.id, BROADCAST_RATE_PER_SECOND: '4' },
    });
    try {
      await slow.app.deps.challenges.saveAsCurrent(buildChallenge());
      for (const agent of [organiser, ...agents])
        await slow.post('/api/messages', installActivity(agent, slow.connector.url));
      slow.connector.clear();
      const { body } = await slow.post(
        '/api/admin/announcements',
        { title: 'Long', text: 'Envoi long', audience: { kind: 'all' } },
        as(organiser),
      );
      await slow.connector.waitFor(2, 10_000);
      // when the organiser stops it
      const cancel = await slow.post(
        `/api/admin/announcements/${body.id}/cancel`,
        {},
        as(organiser),
      );
      expect(cancel.status).toBe(200);
      expect(cancel.body.state).toBe('cancelled');
      let report: any;
      for (let i = 0; i < 200; i += 1) {
        report = (await slow.get(`/api/admin/announcements/${body.id}`, as(organiser))).body;
        if (report.pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // then fewer than everyone got it, the report says how many, and the rest were skipped
      const received = slow.connector.sent.length;
      expect(received).toBeLessThan(AGENTS + 1);
      expect(report).toMatchObject({ state: 'cancelled', sent: received, pending: 0 });
      expect(report.skipped).toBe(AGENTS + 1 - received);
      // and nothing more goes out afterwards
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(slow.connector.sent).toHaveLength(received);
    } finally {
      await slow.close();
    }
  });

  it('refuses to cancel a send that is over', async () => {
    const done = await t.post(
      '/api/admin/announcements',
      { title: 'Court', text: 'Vite', audience: { kind: 'direction', direction: 'DRH' } },
      as(organiser),
    );
    await settled(done.body.id);
    const late = await t.post(`/api/admin/announcements/${done.body.id}/cancel`, {}, as(organiser));
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('send_finished');
  });

  it('answers 404 for an unknown announcement', async () => {
    expect((await t.get('/api/admin/announcements/nope', as(organiser))).status).toBe(404);
    expect(
      (await t.post('/api/admin/announcements/%2F..%2Fx/cancel', {}, as(organiser))).status,
    ).toBe(404);
  });
});
