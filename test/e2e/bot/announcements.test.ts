import {
  buildAgent,
  executeActivity,
  installActivity,
  messageActivity,
  type TestAgent,
} from '../../support/activities';
import type { SentActivity } from '../../support/connector';
import { buildChallenge } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * An organiser announces through the bot: compose card, preview in place, send, every agent's card once, the
 * report card redrawn in place until the end, a send stopped mid-way, and what others may not do.
 */
const organiser = buildAgent({ name: 'Élodie Garnier' });
const agents: TestAgent[] = Array.from({ length: 5 }, () => buildAgent());
const everyone = [organiser, ...agents];
let t: TestApp;

const content = (s: SentActivity): any =>
  (s.activity.attachments as any[] | undefined)?.[0]?.content;
const json = (value: unknown): string => JSON.stringify(value) ?? '';

/** The announcement cards agents received with this title. */
const cardsTitled = (title: string) =>
  t.connector.sent.filter(
    (s) =>
      s.method === 'POST' &&
      json(content(s)).includes('Annonce des organisateurs') &&
      json(content(s)).includes(title),
  );

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function say(agent: TestAgent, text: string): Promise<SentActivity[]> {
  const before = t.connector.to(agent.conversationId).length;
  const response = await t.post('/api/messages', messageActivity(agent, t.connector.url, text));
  expect(response.status).toBe(200);
  return t.connector.to(agent.conversationId).slice(before);
}

async function invoke(
  agent: TestAgent,
  verb: string,
  data: Record<string, unknown>,
  replyToId?: string,
) {
  const response = await t.post(
    '/api/messages',
    executeActivity(agent, t.connector.url, verb, data, replyToId),
  );
  expect(response.status).toBe(200);
  expect(response.body.statusCode).toBe(200);
  return response.body.value;
}

/** The organiser's report card as last redrawn in place (the connector's PUTs of that activity). */
const redrawsOf = (activityId: string) =>
  t.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === activityId);

const form = (title: string, overrides: Record<string, string> = {}) => ({
  title,
  text: 'Rendez-vous **demain** à 14 h :\n- salle 2\n- ou en ligne',
  linkLabel: 'Le programme',
  linkUrl: 'https://defi.example.org/programme',
  audience: 'all',
  ...overrides,
});

beforeAll(async () => {
  t = await startTestApp({
    env: { ORGANISER_IDS: organiser.id, BROADCAST_CONCURRENCY: '1' },
    now: '2026-11-24T10:00:00+01:00',
  });
  await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  for (const agent of everyone)
    expect((await t.post('/api/messages', installActivity(agent, t.connector.url))).status).toBe(
      200,
    );
});

afterAll(async () => {
  await t?.close();
});

describe('announcements through the bot', () => {
  it('composes, previews in place, sends one card to each agent and reports live in place until done', async () => {
    // Given the organiser's compose card
    const [compose] = await say(organiser, 'annonce');
    expect(json(content(compose!))).toContain('Nouvelle annonce');
    const cardId = compose!.activityId;

    // When the preview is asked with no title, the compose card comes back with the limit named, text kept
    const refused = await invoke(organiser, 'announcement.preview', form(''), cardId);
    expect(json(refused)).toContain('Le titre est obligatoire');
    expect(json(refused)).toContain('120 caractères au plus');
    expect(refused.body).toContainEqual(
      expect.objectContaining({ id: 'text', value: form('').text }),
    );

    // When it is complete, the preview replaces it: the announcement, to whom, and the send button
    const preview = await invoke(organiser, 'announcement.preview', form('Atelier demain'), cardId);
    expect(json(preview)).toContain('À : Tout le monde (6 agent(s))');
    expect(json(preview)).toContain('Envoyer à 6 agent(s)');
    expect(cardsTitled('Atelier demain')).toHaveLength(0); // nothing sent by a preview

    // When the organiser sends it, the card becomes the report
    const report = await invoke(organiser, 'announcement.send', form('Atelier demain'), cardId);
    expect(json(report)).toContain('Envoi de l’annonce « Atelier demain »');
    expect(report.refresh).toMatchObject({ userIds: [`29:${organiser.id}`] });

    // Then every agent of the audience gets the card once
    await until(() => cardsTitled('Atelier demain').length === 6, 'six cards');
    // and a second click (or a second organiser) sends nothing more
    const again = await invoke(organiser, 'announcement.send', form('Atelier demain'), cardId);
    expect(json(again)).toContain('déjà partie aujourd’hui');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = cardsTitled('Atelier demain').map((s) => s.conversationId);
    expect(received.sort()).toEqual(everyone.map((a) => a.conversationId).sort());

    // And the report card is redrawn in place until it says the send is done, with the right counts
    for (
      let i = 0;
      i < 20 && !json(redrawsOf(cardId).at(-1)?.activity).includes('Envoi terminé');
      i += 1
    ) {
      await t.app.reportUpdater.tick();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const last = content(redrawsOf(cardId).at(-1)!);
    expect(json(last)).toContain('Envoi terminé');
    expect(last.body).toContainEqual(
      expect.objectContaining({
        type: 'FactSet',
        facts: expect.arrayContaining([{ title: 'Reçue', value: '6 sur 6' }]),
      }),
    );
    // and never again
    const redraws = redrawsOf(cardId).length;
    await t.app.reportUpdater.tick();
    await t.app.reportUpdater.tick();
    expect(redrawsOf(cardId)).toHaveLength(redraws);
  });

  it('stops a send mid-way: nothing more goes out, and the card says what did', async () => {
    // Given a slow connector and a send under way
    const [compose] = await say(organiser, 'announce');
    const cardId = compose!.activityId;
    t.connector.inject({ kind: 'slow', delayMs: 2000, times: 40 });
    const report = await invoke(organiser, 'announcement.send', form('Coupure réseau'), cardId);
    await until(() => cardsTitled('Coupure réseau').length >= 1, 'a first card');

    // When the organiser stops it
    const stop = (report.actions as any[]).find((a) => a.verb === 'announcement.cancel');
    const stopped = await invoke(organiser, 'announcement.cancel', stop.data, cardId);
    expect(json(stopped)).toContain('Envoi arrêté');
    const atStop = cardsTitled('Coupure réseau').length;
    // The workers read a send again once a second of the app's clock (frozen in tests): a second passes.
    t.clock.advance(1500);

    // Then only what was on its way finishes, and nothing more goes out
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = cardsTitled('Coupure réseau').length;
    // What was on its way, and what the workers took before reading the cancel (they read it once a second)
    expect(after).toBeLessThanOrEqual(atStop + 2);
    expect(after).toBeLessThan(6);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(cardsTitled('Coupure réseau')).toHaveLength(after);
    t.connector.clear();

    // And the report card ends saying what went out
    for (
      let i = 0;
      i < 20 && !json(redrawsOf(cardId).at(-1)?.activity).includes('Envoi arrêté');
      i += 1
    ) {
      await t.app.reportUpdater.tick();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const last = content(redrawsOf(cardId).at(-1)!);
    expect(json(last)).toContain('Envoi arrêté');
    expect(last.body).toContainEqual(
      expect.objectContaining({
        facts: expect.arrayContaining([{ title: 'Reçue', value: `${after} sur 6` }]),
      }),
    );
  });

  it('refuses a non-organiser, typed or forged, and sends nothing', async () => {
    const agent = agents[0]!;
    // When an agent types the command
    const answer = await say(agent, 'annonce');
    // Then they are told it is for organisers, and get no compose card
    expect(answer).toHaveLength(1);
    expect(answer[0]!.activity.text).toBe('Cette action est réservée aux organisateurs.');

    // When an agent forges the send button
    const forged = await invoke(agent, 'announcement.send', form('Annonce pirate'));
    expect(json(forged)).toContain('réservée aux organisateurs');
    const preview = await invoke(agent, 'announcement.preview', form('Annonce pirate'));
    expect(json(preview)).toContain('réservée aux organisateurs');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardsTitled('Annonce pirate')).toHaveLength(0);
  });

  it('shows markup and script links as typed text, never as links', async () => {
    // Given one agent of the direction "Finances"
    const reader = agents[1]!;
    await t.app.deps.agents.setDirection(reader.id, 'Finances');
    const [compose] = await say(organiser, 'annonce');
    expect(json(content(compose!))).toContain('direction:Finances');
    const draft = form('Sécurité', {
      text: 'Attention <script>alert(1)</script> et [x](javascript:alert(1))',
      linkLabel: '',
      linkUrl: '',
      audience: 'direction:Finances',
    });

    // When it is previewed and sent
    const preview = await invoke(organiser, 'announcement.preview', draft, compose!.activityId);
    expect(json(preview)).toContain('Direction Finances (1 agent(s))');
    await invoke(organiser, 'announcement.send', draft, compose!.activityId);
    await until(() => cardsTitled('Sécurité').length === 1, 'the card');

    // Then the card shows the text as typed, with no link to the script
    const [card] = cardsTitled('Sécurité');
    expect(card!.conversationId).toBe(reader.conversationId);
    for (const shown of [json(preview), json(content(card!))]) {
      expect(shown).toContain('<script>alert(1)</script>');
      expect(shown).toContain('[x](javascript:alert(1))');
      expect(shown).not.toMatch(/"url":"javascript/);
      expect(shown).toContain('"type":"TextRun"');
    }
  });
});
