import { DEFAULT_SCORING } from '../../../src/domain/scoring';
import {
  botAddedActivity,
  buildAgent,
  installActivity,
  messageActivity,
  submitActivity,
  type TestAgent,
} from '../../support/activities';
import { startTestApp, type TestApp } from '../../support/test-app';

const MONDAY = '2026-11-23';
let t: TestApp;

async function say(agent: TestAgent, text: string) {
  const before = t.connector.to(agent.conversationId).length;
  const response = await t.post('/api/messages', messageActivity(agent, t.connector.url, text));
  expect(response.status).toBe(200);
  const replies = t.connector.to(agent.conversationId).slice(before);
  return replies.map((r) => r.activity);
}

function textOf(activity: Record<string, any>): string {
  if (activity.text) return activity.text;
  return JSON.stringify(activity.attachments?.[0]?.content ?? {});
}

async function lastText(agent: TestAgent, text: string): Promise<string> {
  const replies = await say(agent, text);
  expect(replies.length).toBeGreaterThan(0);
  return textOf(replies[replies.length - 1]!);
}

beforeAll(async () => {
  // A week before the challenge: teams may still change.
  t = await startTestApp({ now: '2026-11-16T10:00:00+01:00' });
  await t.app.deps.challenges.saveAsCurrent({
    id: 'c1',
    title: 'Défi test',
    startDate: MONDAY,
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 3,
  });
});
afterAll(() => t.close());

describe('agents registered by the bot', () => {
  it('registers an agent on install, with their conversation, and welcomes them once', async () => {
    const agent = buildAgent({ name: 'Aïcha' });
    await t.post('/api/messages', installActivity(agent, t.connector.url));
    await t.post('/api/messages', botAddedActivity(agent, t.connector.url));
    const stored = await t.app.deps.agents.get(agent.id);
    expect(stored).toMatchObject({
      id: agent.id,
      name: 'Aïcha',
      reachable: true,
      tenantId: 'tenant-test',
    });
    expect(JSON.parse(stored!.conversationReference!).conversation.id).toBe(agent.conversationId);
    const welcomes = t.connector.to(agent.conversationId);
    expect(welcomes).toHaveLength(1);
    expect(textOf(welcomes[0]!.activity)).toContain('Bienvenue');
  });

  it('marks an uninstalled agent unreachable and keeps them', async () => {
    const agent = buildAgent();
    await t.post('/api/messages', installActivity(agent, t.connector.url));
    await t.post('/api/messages', installActivity(agent, t.connector.url, 'remove'));
    expect(await t.app.deps.agents.get(agent.id)).toMatchObject({ reachable: false });
  });

  it('registers an agent who first writes; locally, in the challenge’s language whatever the client says', async () => {
    // given a client in English (as the Agents Playground always is), when the agent asks for help in local mode
    const agent = buildAgent({ locale: 'en-US' });
    const reply = await lastText(agent, 'aide');
    // then the README's "say aide" gets the French help (production follows the client: agents.test.ts)
    expect(reply).not.toContain('What you can tell me');
    expect(await t.app.deps.agents.get(agent.id)).toMatchObject({ locale: 'fr' });
  });

  it('answers in English in a challenge run in English', async () => {
    const english = await startTestApp({
      now: '2026-11-16T10:00:00+01:00',
      env: { LANGUAGE: 'en' },
    });
    try {
      const agent = buildAgent({ locale: 'en-GB' });
      await english.post('/api/messages', messageActivity(agent, english.connector.url, 'help'));
      await english.connector.waitFor(1);
      expect(JSON.stringify(english.connector.sent.at(-1)!.activity)).toContain(
        'What you can tell me',
      );
    } finally {
      await english.close();
    }
  });
});

describe('teams through the bot', () => {
  const BEFORE_THE_START = '2026-11-16T10:00:00+01:00';
  afterEach(() => t.clock.set(BEFORE_THE_START));

  let teamsFounded = 0;
  /** Given: a team founded by `founder` through the bot and joined by `members`; returns its join code. */
  async function givenTeam(
    founder: TestAgent,
    members: TestAgent[] = [],
    name = `Équipe ${++teamsFounded}`,
  ) {
    const reply = await lastText(founder, `équipe créer ${name}`);
    const code = /\*\*([A-Z0-9]{6})\*\*/.exec(reply)![1]!;
    for (const member of members)
      expect(await lastText(member, `équipe rejoindre ${code}`)).toContain('Bienvenue');
    return code;
  }

  it('creates a team with a join code, forgiving case, accents and spaces', async () => {
    const founder = buildAgent({ name: 'Bruno' });
    const reply = await lastText(founder, '  EQUIPE   Créer   Les Sobres du 3e ');
    expect(reply).toContain('Les Sobres du 3e');
    const code = /\*\*([A-Z0-9]{6})\*\*/.exec(reply)![1]!;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  });

  it('refuses a name already taken, whatever its case and accents', async () => {
    // given the team of the test above, founded here when that test did not run
    const taken = await t.app.deps.teams.list('c1');
    if (!taken.some((team) => team.name === 'Les Sobres du 3e')) {
      await givenTeam(buildAgent({ name: 'Bruno' }), [], 'Les Sobres du 3e');
    }
    const second = buildAgent({ name: 'Chloé' });
    expect(await lastText(second, 'team create les sobres du 3E')).toContain('déjà pris');
  });

  it('refuses markup and overlong names, and changes nothing', async () => {
    const second = buildAgent({ name: 'Chloé' });
    expect(await lastText(second, 'équipe créer <b>Hack</b>')).toContain('lettres, des chiffres');
    expect(await lastText(second, `équipe créer ${'x'.repeat(200)}`)).toContain('entre 3 et 40');
    expect(await t.app.deps.teams.teamOf('c1', second.id)).toBeNull();
  });

  it('joins with the code (lower case, with spaces), then refuses a second team', async () => {
    const second = buildAgent({ name: 'Chloé' });
    const code = await givenTeam(buildAgent({ name: 'Bruno' }));
    expect(
      await lastText(
        second,
        `équipe rejoindre ${code.toLowerCase().slice(0, 3)} ${code.toLowerCase().slice(3)}`,
      ),
    ).toContain('Bienvenue dans l’équipe');
    expect(await lastText(second, 'équipe créer Autre Équipe')).toContain('déjà dans l’équipe');
    expect(await lastText(second, `équipe rejoindre ${code}`)).toContain('déjà dans l’équipe');
  });

  it('refuses a wrong code and a full team', async () => {
    const founder = buildAgent({ name: 'Bruno' });
    const third = buildAgent({ name: 'David' });
    const fourth = buildAgent({ name: 'Élodie' });
    const code = await givenTeam(founder, [buildAgent({ name: 'Chloé' })]);
    expect(await lastText(third, 'équipe rejoindre ZZZZZZ')).toContain('Aucune équipe');
    expect(await lastText(third, `équipe rejoindre ${code}`)).toContain('Bienvenue');
    expect(await lastText(fourth, `équipe rejoindre ${code}`)).toContain('complète');
    const team = await t.app.deps.teams.teamOf('c1', founder.id);
    expect(team!.members.map((m) => m.name)).toEqual(['Bruno', 'Chloé', 'David']);
  });

  it('shows my team with its code and members', async () => {
    const second = buildAgent({ name: 'Chloé' });
    const code = await givenTeam(buildAgent({ name: 'Bruno' }), [
      second,
      buildAgent({ name: 'David' }),
    ]);
    // The ranking is read at most every 3 s: this one is read after the team was founded.
    t.clock.advance(3_000);
    const reply = await lastText(second, 'mon équipe');
    expect(reply).toContain(code);
    expect(reply).toContain('Chloé');
    expect(reply).toContain('Classement');
  });

  it('lets a member leave, and a card form join (Action.Submit)', async () => {
    const third = buildAgent({ name: 'David' });
    const fourth = buildAgent({ name: 'Élodie' });
    const code = await givenTeam(buildAgent({ name: 'Bruno' }), [
      buildAgent({ name: 'Chloé' }),
      third,
    ]);
    expect(await lastText(third, 'équipe quitter')).toContain('quitté');
    const before = t.connector.to(fourth.conversationId).length;
    await t.post(
      '/api/messages',
      submitActivity(fourth, t.connector.url, { action: 'team.join', code }),
    );
    const reply = t.connector.to(fourth.conversationId).slice(before);
    expect(textOf(reply[0]!.activity)).toContain('Bienvenue dans l’équipe');
  });

  it('answers an unknown command with the help card', async () => {
    const third = buildAgent({ name: 'David' });
    const reply = await lastText(third, 'blabla');
    expect(reply).toContain('Je n’ai pas compris');
    expect(reply).toContain('équipe rejoindre');
  });

  it('refuses a huge message and an empty one, politely', async () => {
    const third = buildAgent({ name: 'David' });
    expect(await lastText(third, 'a'.repeat(5000))).toContain('trop long');
    expect(await lastText(third, '   ')).toContain('rien reçu');
  });

  it('closes team changes once the challenge has started, except for organisers', async () => {
    // given a team with room left, someone outside it, and someone in none yet
    const founder = buildAgent({ name: 'Bruno' });
    const third = buildAgent({ name: 'David' });
    const fourth = buildAgent({ name: 'Élodie' });
    const code = await givenTeam(founder);
    await lastText(fourth, 'aide');

    t.clock.set('2026-11-23T09:00:00+01:00');
    expect(await lastText(third, `équipe rejoindre ${code}`)).toContain('Le défi a commencé');
    expect(await lastText(founder, 'équipe quitter')).toContain('Le défi a commencé');
    expect(await lastText(third, `équipe déplacer ${fourth.id} ${code}`)).toContain(
      'réservée aux organisateurs',
    );
    // In local mode an agent may take the organiser role, and then move someone even after the start.
    expect(await lastText(third, 'devenir organisateur')).toContain('mode local');
    expect(await lastText(third, 'équipe créer Trop Tard')).toContain('Le défi a commencé');
    const loner = buildAgent({ name: 'Farid' });
    expect(await lastText(loner, 'aide')).toContain('Ce que vous pouvez me dire');
    expect(await lastText(third, `équipe déplacer ${loner.id} vers ${code}`)).toContain(
      'Farid est maintenant dans l’équipe',
    );
    expect(await lastText(third, `équipe déplacer ${loner.id} ${code}`)).toContain(
      'Cette personne est déjà dans l’équipe',
    );
  });
});

describe('HTTP edge', () => {
  it('refuses a malformed activity with 400 and an oversize body with 413', async () => {
    expect((await t.post('/api/messages', { type: 'message' })).status).toBe(400);
    expect((await t.post('/api/messages', '{not json')).status).toBe(400);
    expect((await t.post('/api/messages', [1, 2])).status).toBe(400);
    const huge = { type: 'message', text: 'x'.repeat(300 * 1024) };
    expect((await t.post('/api/messages', huge)).status).toBe(413);
  });

  it('answers /healthz', async () => {
    expect((await t.get('/healthz')).status).toBe(200);
  });
});

describe('what a new agent types', () => {
  it('gets asked for a name when creating a team without one, and nothing is created', async () => {
    const agent = buildAgent();
    const reply = await lastText(agent, 'équipe créer');
    expect(reply).toContain('Quel nom pour votre équipe');
    expect(await t.app.deps.teams.teamIdOf('c1', agent.id)).toBeNull();
  });

  it('gets a short friendly word for a thank-you, not the whole help', async () => {
    const reply = await lastText(buildAgent(), 'merci !');
    expect(reply).toContain('Avec plaisir');
    expect(reply).not.toContain('Ce que vous pouvez me dire');
  });

  it('gets the team’s place for "classement", or says there is no team yet', async () => {
    const reply = await lastText(buildAgent(), 'classement');
    expect(reply).toContain('équipe');
  });
});
