import { DEFAULT_SCORING } from '../../../src/domain/scoring';
import { buildAgent, messageActivity, type TestAgent } from '../../support/activities';
import { givenAnswer, givenTeam, givenWorkshop } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;

async function cardFor(agent: TestAgent, text: string): Promise<Record<string, any>> {
  const before = t.connector.to(agent.conversationId).length;
  const response = await t.post('/api/messages', messageActivity(agent, t.connector.url, text));
  expect(response.status).toBe(200);
  const replies = t.connector.to(agent.conversationId).slice(before);
  expect(replies).toHaveLength(1);
  const activity = replies[0]!.activity as Record<string, any>;
  return activity.attachments?.[0]?.content;
}

beforeAll(async () => {
  t = await startTestApp({
    now: '2026-11-25T10:00:00+01:00',
    env: { PUBLIC_URL: 'https://defi.example.fr' },
  });
  await t.app.deps.challenges.saveAsCurrent({
    id: 'c1',
    title: 'Défi test',
    startDate: '2026-11-23',
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 3,
  });
}, 60_000);
afterAll(() => t.close());

describe('"mes données" in the bot', () => {
  it('answers with what is kept, why, how long, and the button to the export', async () => {
    // given an agent who answered twice, signed up once and founded a team
    const agent = buildAgent({ name: 'Aïcha' });
    await cardFor(agent, 'aide');
    const deps = t.app.deps;
    await givenTeam(deps, { name: 'Les Sobres', members: [{ agentId: agent.id, name: 'Aïcha' }] });
    await givenAnswer(deps, agent.id, { questionId: 'j1-q1' });
    await givenAnswer(deps, agent.id, { questionId: 'j1-q2' });
    await givenWorkshop(deps, { id: 'visite', title: 'Visite' });
    await deps.signups.signUp(
      'c1',
      'visite',
      { agentId: agent.id, name: 'Aïcha', at: '2026-11-24T09:00:00.000Z' },
      () => undefined,
    );

    // when
    const card = await cardFor(agent, 'Mes données');

    // then
    const text = JSON.stringify(card.body);
    expect(text).toContain('Mes données');
    expect(text).toContain('Réponses au quiz : 2');
    expect(text).toContain('Pointages aux ateliers : 0');
    expect(text).toContain('Inscriptions aux ateliers : 1');
    expect(text).toContain('Équipe : Les Sobres');
    expect(text).toContain('Pourquoi');
    expect(text).toContain('Combien de temps');
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Télécharger mes données',
        url: 'https://defi.example.fr/tab/#mes-donnees',
      },
    ]);
  });
});
