import { DEFAULT_SCORING } from '../../../src/domain/scoring';
import { buildAgent, messageActivity, type TestAgent } from '../../support/activities';
import { PROGRAMME_CSV_HEADER } from '../../support/content-builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Issue 13, as an agent met it in the Agents Playground: they read the list, the organisers import the programme
 * again with a workshop earlier in the week, and "je me désinscris <the number they read>" must give back the seat
 * they meant, and say which one.
 */
const ORGANISER = 'organiser-13';
let t: TestApp;

const FRESQUE =
  'Fresque du numérique;atelier;Comprendre en jouant.;Mission développement durable;La Fabrique;;2026-11-24 14:00;17:00;14;';
const VISITE =
  'Visite du datacenter;visite;Salles serveurs.;DSI;Datacenter;;2026-11-25 10:00;11:30;12;';
const MESSAGERIE =
  'Alléger sa messagerie;atelier;Trier ses courriels.;DSI;Salle 2;;2026-11-26 09:00;10:00;;';
/** Added on the second import: the Monday morning, first of the week. */
const OUVERTURE =
  'Conférence d’ouverture;conférence;Le défi commence.;Direction générale;Auditorium;;2026-11-23 09:00;10:00;;';

const programme = (...rows: string[]) => [PROGRAMME_CSV_HEADER, ...rows].join('\n');

async function importAsOrganiser(text: string) {
  const response = await t.post(
    '/api/admin/workshops/import',
    { text },
    { Authorization: `Dev ${ORGANISER}` },
  );
  expect(response.status).toBe(200);
  return response.body;
}

function textOf(activity: Record<string, any>): string {
  return activity.text ?? JSON.stringify(activity.attachments?.[0]?.content ?? {});
}

/** Sends a message as `agent` and returns what the bot answered. */
async function say(agent: TestAgent, text: string): Promise<string> {
  const before = t.connector.to(agent.conversationId).length;
  const response = await t.post('/api/messages', messageActivity(agent, t.connector.url, text));
  expect(response.status).toBe(200);
  return t.connector
    .to(agent.conversationId)
    .slice(before)
    .map((s) => textOf(s.activity))
    .join('\n');
}

const signedUp = async (title: string, agent: TestAgent) => {
  const workshop = (await t.app.deps.workshops.list('c13')).find((w) => w.title === title)!;
  return t.app.deps.signups.isSignedUp('c13', workshop.id, agent.id);
};

beforeAll(async () => {
  // The Friday before the week: the programme is out, agents sign up.
  t = await startTestApp({
    now: '2026-11-20T10:00:00+01:00',
    env: { ORGANISER_IDS: ORGANISER },
  });
  await t.app.deps.challenges.saveAsCurrent({
    id: 'c13',
    title: 'Défi test',
    startDate: '2026-11-23',
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 8,
  });
});
afterAll(() => t?.close());

describe('a workshop number an agent has read', () => {
  it('still means the same workshop after the programme is imported again with one added earlier', async () => {
    // given the first programme, and an agent who read its list and took two seats
    await importAsOrganiser(programme(FRESQUE, VISITE, MESSAGERIE));
    const agent = buildAgent({ name: 'Agathe' });
    const list = await say(agent, 'ateliers');
    expect(list).toContain('N° 1 · Fresque du numérique');
    expect(list).toContain('N° 2 · Visite du datacenter');
    expect(list).toContain('N° 3 · Alléger sa messagerie');
    expect(await say(agent, 'je m’inscris 1')).toContain('Fresque du numérique** (n° 1,');
    expect(await say(agent, 'je m’inscris 2')).toContain('Visite du datacenter** (n° 2,');

    // when the organisers add the opening talk, first of the week, and the agent cancels n° 2 from the old list
    const again = await importAsOrganiser(programme(OUVERTURE, FRESQUE, VISITE, MESSAGERIE));
    expect(again.created.map((w: { title: string }) => w.title)).toEqual([
      'Conférence d’ouverture',
    ]);
    const reply = await say(agent, 'je me désinscris 2');

    // then the visit is cancelled, and the reply names it; the fresque (now second in the week) keeps its seat
    expect(reply).toMatch(
      /^Votre inscription à \*\*Visite du datacenter\*\* \(n° 2, mercredi 25 novembre, 10:00–11:30\) est annulée\.$/,
    );
    expect(await signedUp('Visite du datacenter', agent)).toBe(false);
    expect(await signedUp('Fresque du numérique', agent)).toBe(true);

    // and the list shows the week in order, each workshop with the number it always had; the new one is n° 4
    const after = await say(agent, 'ateliers');
    const order = [
      'N° 4 · Conférence d’ouverture',
      'N° 1 · Fresque du numérique',
      'N° 2 · Visite du datacenter',
      'N° 3 · Alléger sa messagerie',
    ].map((line) => after.indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // and the tab's agenda shows the same numbers
    const agenda = await t.get('/api/agenda', { Authorization: `Dev ${agent.id}` });
    expect(
      agenda.body.workshops.map((w: { number: number; title: string }) => [w.number, w.title]),
    ).toEqual([
      [4, 'Conférence d’ouverture'],
      [1, 'Fresque du numérique'],
      [2, 'Visite du datacenter'],
      [3, 'Alléger sa messagerie'],
    ]);
  });

  it('that no workshop has is said plainly, and nothing changes', async () => {
    // given an agent with a seat at n° 1 (the programme imported again: the same file changes nothing)
    await importAsOrganiser(programme(OUVERTURE, FRESQUE, VISITE, MESSAGERIE));
    const agent = buildAgent();
    await say(agent, 'je m’inscris 1');
    const first = (await t.app.deps.workshops.list('c13')).find((w) => w.number === 1)!;

    // when they cancel a number no workshop has
    const reply = await say(agent, 'je me désinscris 9');

    // then
    expect(reply).toBe(
      'Il n’y a pas d’atelier n° 9 au programme : rien n’a changé. Écrivez **ateliers** pour voir les numéros.',
    );
    expect(await signedUp(first.title, agent)).toBe(true);
  });
});
