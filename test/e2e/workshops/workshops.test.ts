import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { launchChromium } from '../../support/browser';
import { checkinDeepLink } from '../../../src/api/checkin-links';
import { demoProgramme } from '../../../src/demo/demo-challenge';
import { rankSnapshot, type ChallengeSnapshot } from '../../../src/domain/scoring';
import { CODE_ALPHABET } from '../../../src/domain/teams';
import { exportSnapshot, workshopPointsOf } from '../../../src/usecases/export-snapshot';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import {
  buildAgent,
  executeActivity,
  installActivity,
  messageActivity,
  type TestAgent,
} from '../../support/activities';
import { buildChallenge } from '../../support/builders';
import { PROGRAMME_CSV_HEADER } from '../../support/content-builders';
import { runTs } from '../../support/processes';
import { testConnectionString, uniquePrefix } from '../../support/storage';
import { startTestApp, type TestApp } from '../../support/test-app';

// pngjs ships no types: the one function used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as {
  PNG: { sync: { read(png: Buffer): { width: number; height: number; data: Buffer } } };
};

/**
 * The issue's "done when": the demo programme imported by an organiser, agents signed up (the last seat raced for),
 * the reminder at its minute, 100 agents checking in at once through the bot, the check-in window to the second,
 * guessing stopped across instances, and the ranking exactly the spec's, with the workshops' own points.
 *
 * The week happens once, in order, on one store. Each of its steps runs the first time a test needs it and sets its
 * own clock, so a test run alone (`-t`) replays the steps it stands on, and no test relies on an earlier one.
 */
const APP_ID = 'b3c1f5a2-0000-4000-8000-000000000abc';
const ORGANISER = 'organiser-1';
const PREFIX = uniquePrefix();
const ENV = { TEAMS_APP_ID: APP_ID, ORGANISER_IDS: ORGANISER, TABLE_PREFIX: PREFIX };
const AGENTS = 100;
const TEAM_SIZE = 10;
const IN_TEAMS = 90; // agents 90–99 are in no team
const challenge = buildChallenge({ teamsLockAt: '2026-11-30T00:00:00Z' });

let t: TestApp;
const agents: TestAgent[] = [];
const teamCodes: string[] = [];
/** The programme as the organiser view returns it, by title. */
const programme = new Map<
  string,
  { id: string; number: number; code: string; checkinLink: string; qrSvg: string }
>();
/** Points each agent should have, added as the test goes. */
const expectedPoints = new Map<string, number>();
const earn = (agent: TestAgent, points: number) =>
  expectedPoints.set(agent.id, (expectedPoints.get(agent.id) ?? 0) + points);

const workshop = (title: string) => {
  const found = [...programme.entries()].find(([name]) => name.startsWith(title));
  if (!found) throw new Error(`no workshop "${title}"`);
  return found[1];
};

function textOf(activity: Record<string, any>): string {
  return activity.text ?? JSON.stringify(activity.attachments?.[0]?.content ?? {});
}

/** Sends a message as `agent` and returns what the bot answered. */
async function say(agent: TestAgent, text: string, app: TestApp = t): Promise<string> {
  const before = app.connector.to(agent.conversationId).length;
  const response = await app.post('/api/messages', messageActivity(agent, app.connector.url, text));
  expect(response.status).toBe(200);
  return app.connector
    .to(agent.conversationId)
    .slice(before)
    .map((s) => textOf(s.activity))
    .join('\n');
}

const asAgent = (id: string) => ({ Authorization: `Dev ${id}` });
const api = async (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  who: string,
  body?: unknown,
) => {
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers: {
      ...asAgent(who),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') ? JSON.parse(text) : text,
    headers: response.headers,
  };
};

/** A step of the week: run once, by the first test that needs it; later callers share its outcome. */
function step<T>(run: () => Promise<T>): () => Promise<T> {
  let outcome: Promise<T> | undefined;
  return () => (outcome ??= run());
}

async function inBatches<T>(
  items: T[],
  size: number,
  run: (item: T, index: number) => Promise<unknown>,
) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map((item, j) => run(item, i + j)));
}

beforeAll(async () => {
  // The Friday before the challenge week: the programme is published, agents sign up.
  t = await startTestApp({ now: '2026-11-20T10:00:00+01:00', env: ENV });
  await t.app.deps.challenges.saveAsCurrent(challenge);
  for (let i = 0; i < AGENTS; i += 1)
    agents.push(buildAgent({ name: `Agent ${String(i).padStart(3, '0')}` }));
  await inBatches(agents, 25, (agent) =>
    t.post('/api/messages', installActivity(agent, t.connector.url)),
  );
  for (let team = 0; team < IN_TEAMS / TEAM_SIZE; team += 1) {
    const reply = await say(agents[team * TEAM_SIZE]!, `équipe créer Équipe ${team + 1}`);
    teamCodes.push(/\*\*([A-Z0-9]{6})\*\*\s*$/.exec(reply)![1]!);
  }
  const joiners = agents.slice(0, IN_TEAMS).filter((_, i) => i % TEAM_SIZE !== 0);
  await inBatches(joiners, 20, (agent) =>
    say(agent, `équipe rejoindre ${teamCodes[Math.floor(agents.indexOf(agent) / TEAM_SIZE)]}`),
  );
}, 90_000);
afterAll(() => t?.close());

// The steps of the week, in the order it happens.

/** The organiser imports the demo programme (a broken file first), the Friday before the week; `programme` holds it. */
const importProgramme = step(async () => {
  t.clock.set('2026-11-20T10:00:00+01:00');
  const text = demoProgramme(challenge);
  expect((await api('POST', '/api/admin/workshops/import', agents[0]!.id, { text })).status).toBe(
    403,
  );

  const csv = [
    PROGRAMME_CSV_HEADER,
    'Fresque du numérique;atelier;Comprendre en jouant.;Mission développement durable;La Fabrique;;2026-11-23 14:00;17:00;14;8',
    'Visite;visite;Salles serveurs.;DSI;Datacenter;;2026-11-24 15:00;2026-11-24 14:00;12;',
    'Atelier;karaoké;Chanter.;DRH;Salle 1;;2026-11-25 10:00;11:00;;',
    'Passé;conférence;Déjà fini.;DSI;Salle 2;;2026-11-19 10:00;11:00;;',
  ].join('\n');
  const broken = await api('POST', '/api/admin/workshops/import', ORGANISER, { text: csv });
  expect(broken.status).toBe(400);
  expect(broken.body.error).toBe('invalid_import');
  expect(String(broken.body.details.problems).split('\n')).toEqual([
    'line 3: "Visite": ends (2026-11-24 14:00) before or when it starts (2026-11-24 15:00)',
    'line 4: "Atelier": format "karaoké" must be one of conference, atelier, projection, debat, exposition, visite, autre',
    'line 5: "Passé" has already ended (2026-11-19 11:00): a past workshop cannot be imported',
  ]);
  expect((await api('GET', '/api/admin/workshops', ORGANISER)).body.workshops).toEqual([]);

  const imported = await api('POST', '/api/admin/workshops/import', ORGANISER, { text });
  expect(imported.status).toBe(200);
  expect(imported.body.created).toHaveLength(13);
  expect(imported.body.warnings).toEqual([]);
  // Importing the same file again updates in place and keeps the codes.
  const again = await api('POST', '/api/admin/workshops/import', ORGANISER, { text });
  expect(again.body).toMatchObject({ created: [], warnings: [] });
  expect(again.body.updated.map((w: { code: string }) => w.code).sort()).toEqual(
    imported.body.created.map((w: { code: string }) => w.code).sort(),
  );

  const view = await api('GET', '/api/admin/workshops', ORGANISER);
  expect(view.status).toBe(200);
  expect(view.body.checkinLinks).toBe('teams');
  for (const w of view.body.workshops) programme.set(w.title, w);
  const codes = view.body.workshops.map((w: { code: string }) => w.code);
  expect(new Set(codes).size).toBe(13);
  for (const w of view.body.workshops) {
    expect([...w.code].every((c: string) => CODE_ALPHABET.includes(c))).toBe(true);
    expect(w.code).toHaveLength(6);
    expect(w.checkinLink).toBe(checkinDeepLink(APP_ID, w.code));
    expect(w.qrSvg).toMatch(/^<svg[^>]*viewBox/);
  }
  expect(view.body.workshops.map((w: { number: number }) => w.number)).toEqual([
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ]);
  expect(view.body.byFormat.map((f: { format: string }) => f.format)).toEqual([
    'conference',
    'atelier',
    'projection',
    'debat',
    'exposition',
    'visite',
    'autre',
  ]);
  expect((await api('GET', '/api/admin/workshops', agents[0]!.id)).status).toBe(403);
});

/** Agent 0 reads the programme in the bot and signs up for the Fresque from the card. */
const signUpFromTheList = step(async () => {
  await importProgramme();
  t.clock.set('2026-11-20T10:00:00+01:00');
  const agent = agents[0]!;
  const list = await say(agent, 'ateliers');
  expect(list).toContain('Programme des ateliers');
  expect(list).toContain('N° 1 · Lancement du défi');
  expect(list).toContain('N° 13 · Clôture du défi');
  expect(list).toContain('"verb":"workshop.signup"');
  const fresque = workshop('Fresque');
  const clicked = await t.post(
    '/api/messages',
    executeActivity(agent, t.connector.url, 'workshop.signup', {
      workshopId: fresque.id,
      view: 'upcoming',
    }),
  );
  expect(clicked.body.statusCode).toBe(200);
  const card = JSON.stringify(clicked.body.value);
  expect(card).toContain('C’est noté : vous êtes inscrit·e à **Fresque du numérique**');
  expect(card).toContain('Vous êtes inscrit·e');
  expect(card).toContain('"verb":"workshop.cancel"');
  const mine = await say(agent, 'mes ateliers');
  expect(mine).toContain('N° 2 · Fresque du numérique');
  expect(mine).not.toContain('Lancement');
  // The tab shows the same: today's and upcoming workshops with the reader's seat.
  const agenda = await api('GET', '/api/agenda', agent.id);
  expect(agenda.body.workshops).toHaveLength(13);
  expect(agenda.body.workshops[1]).toMatchObject({
    id: fresque.id,
    number: 2,
    title: 'Fresque du numérique',
    format: 'atelier',
    formatName: { fr: 'Atelier', en: 'Workshop' },
    place: 'Tiers-lieu La Fabrique, 4 rue de la Gare',
    online: false,
    start: '2026-11-23T13:00:00.000Z',
    end: '2026-11-23T16:00:00.000Z',
    capacity: 14,
    seatsLeft: 13,
    signedUp: true,
    checkedIn: false,
  });
});

/** Agents rush for the datacenter visit's 12 seats; gives those who hold one once the rush is over. */
const rushForTheVisit = step(async (): Promise<TestAgent[]> => {
  await importProgramme();
  t.clock.set('2026-11-20T10:00:00+01:00');
  const visit = workshop('Visite du datacenter');
  const rushing = agents.slice(20, 40);
  const replies = await Promise.all(
    rushing.map((agent) => say(agent, `je m'inscris ${visit.number}`)),
  );
  const won = rushing.filter((_, i) => replies[i]!.includes('C’est noté'));
  expect(won).toHaveLength(12);
  expect(
    replies.filter((r) =>
      r.includes('« Visite du datacenter communautaire » est complet (12 places).'),
    ),
  ).toHaveLength(8);

  // One gives the seat back; five agents want it at once, from the tab: exactly one gets it.
  // The reply names the workshop the number meant (issue 13), with its number and when it is.
  expect(await say(won[0]!, `je me désinscris ${visit.number}`)).toMatch(
    new RegExp(
      `Votre inscription à \\*\\*Visite du datacenter communautaire\\*\\* \\(n° ${visit.number}, .+\\) est annulée\\.`,
    ),
  );
  const racers = agents.slice(40, 45);
  const race = await Promise.all(
    racers.map((agent) => api('POST', `/api/workshops/${visit.id}/signup`, agent.id)),
  );
  expect(race.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
  expect(race.find((r) => r.status === 200)!.body).toMatchObject({
    workshopId: visit.id,
    signedUp: true,
    seatsLeft: 0,
  });
  expect(race.find((r) => r.status === 409)!.body).toMatchObject({ error: 'workshop_full' });
  const signedUp = [...won.slice(1), racers[race.findIndex((r) => r.status === 200)]!];
  expect(
    (await t.app.deps.signups.list(challenge.id, visit.id)).map((s) => s.agentId).sort(),
  ).toEqual(signedUp.map((a) => a.id).sort());
  expect(await t.app.deps.signups.taken(challenge.id, visit.id)).toBe(12);

  // A seat in an online workshop, then cancelled and taken again through the tab's DELETE and POST.
  const mail = workshop('Atelier : alléger');
  expect((await api('POST', `/api/workshops/${mail.id}/signup`, agents[5]!.id)).body).toMatchObject(
    { seatsLeft: 29 },
  );
  expect((await api('POST', `/api/workshops/${mail.id}/signup`, agents[5]!.id)).body.error).toBe(
    'already_signed_up',
  );
  expect(
    (await api('DELETE', `/api/workshops/${mail.id}/signup`, agents[5]!.id)).body,
  ).toMatchObject({ signedUp: false, seatsLeft: 30 });
  expect((await api('DELETE', `/api/workshops/${mail.id}/signup`, agents[5]!.id)).body.error).toBe(
    'not_signed_up',
  );
  expect(await say(agents[5]!, 'je m’inscris à l’atelier 99')).toContain(
    'Il n’y a pas d’atelier n° 99 au programme : rien n’a changé.',
  );
  // Signing up earns nothing.
  expect((await t.app.deps.events.tally(challenge.id, won[1]!.id)).points).toBe(0);
  return signedUp;
});

/** Agents who first write to the bot during the week: a late comer, a guesser, two at the close of the Fresque. */
const lateComer = buildAgent({ name: 'Zoé Retard' });
const guesser = buildAgent({ name: 'Yann Devine' });
const closing = [buildAgent({ name: 'Xavier Pile' }), buildAgent({ name: 'Wanda Trop-Tard' })];
const installLateArrivals = step(async () => {
  for (const agent of [lateComer, guesser, ...closing])
    await t.post('/api/messages', installActivity(agent, t.connector.url));
});

/** The 100 agents check in at the Fresque at 14:05 through the bot, agent 7 three times at once. */
const checkInAtTheFresque = step(async () => {
  await importProgramme();
  const fresque = workshop('Fresque');
  t.clock.set('2026-11-23T14:05:00+01:00');
  const typed = (i: number) =>
    i % 3 === 0 ? fresque.code.toLowerCase().replace(/(...)/, '$1 ') : fresque.code;
  // Agent 7 sends three at once (its replies are read from its conversation afterwards).
  const seven = agents[7]!;
  const sevenBefore = t.connector.to(seven.conversationId).length;
  const post = (text: string) =>
    t.post('/api/messages', messageActivity(seven, t.connector.url, text));
  const [replies] = await Promise.all([
    Promise.all(
      agents.map((agent, i) =>
        i === 7
          ? post(`pointage ${fresque.code}`).then(() => '')
          : say(agent, `pointage ${typed(i)}`),
      ),
    ),
    post(`pointage ${fresque.code}`),
    post(`Check-in ${fresque.code}`),
  ]);
  agents.forEach((agent, i) => {
    earn(agent, 8);
    if (i === 7) return;
    if (i < IN_TEAMS) {
      expect(replies[i]).toBe(
        `✅ Pointage enregistré pour **Fresque du numérique** : +8 point(s) pour votre équipe Équipe ${Math.floor(i / TEAM_SIZE) + 1}.`,
      );
    } else {
      expect(replies[i]).toContain(
        '+8 point(s). Vous n’êtes dans aucune équipe : ce pointage ne compte pour aucune équipe tant que vous n’en avez pas rejoint une.',
      );
    }
  });
  const sevens = t.connector
    .to(seven.conversationId)
    .slice(sevenBefore)
    .map((s) => textOf(s.activity));
  expect(sevens).toHaveLength(3);
  expect(sevens.filter((r) => r.includes('Pointage enregistré'))).toHaveLength(1);
  expect(
    sevens.filter((r) => r.includes('Vous avez déjà pointé à « Fresque du numérique »')),
  ).toHaveLength(2);
  expect(await t.app.deps.events.tally(challenge.id, seven.id)).toMatchObject({
    points: 8,
    events: 1,
  });
  // A second check-in later says so and changes nothing.
  expect(await say(agents[3]!, `pointage ${fresque.code}`)).toBe(
    'Vous avez déjà pointé à « Fresque du numérique » (à 14:05) : seul le premier pointage compte, rien n’a changé.',
  );
});

/** The guesser types five wrong codes at 14:05, is refused on two instances, then checks in at 14:15. */
const guessAtTheFresque = step(async () => {
  await importProgramme();
  await installLateArrivals();
  t.clock.set('2026-11-23T14:05:00+01:00');
  const fresque = workshop('Fresque');
  const wrong = ['ZZZZZZ', 'abc', 'ZZZZZY', 'ZZZZZX', 'ZZZZZW'];
  const replies: string[] = [];
  for (const code of wrong) replies.push(await say(guesser, `pointage ${code}`));
  expect(replies.slice(0, 4)).toEqual(
    [4, 3, 2, 1].map((left, i) =>
      expect.stringContaining(
        `Le code « ${wrong[i]} » ne correspond à aucun atelier. Vérifiez-le (6 caractères, sans O ni 0) : il vous reste ${left} essai(s).`,
      ),
    ),
  );
  expect(replies[4]).toBe(
    'Le code « ZZZZZW » ne correspond à aucun atelier. Trop de codes erronés : réessayez à partir de 14:15.',
  );

  // Another instance of the app, on the same store: the right code is refused there too.
  const other = await startTestApp({ now: '2026-11-23T14:06:00+01:00', env: ENV });
  try {
    await other.post('/api/messages', installActivity(guesser, other.connector.url));
    expect(await say(guesser, `pointage ${fresque.code}`, other)).toBe(
      'Trop de codes erronés : réessayez à partir de 14:15.',
    );
    other.clock.set('2026-11-23T14:14:59+01:00');
    expect(await say(guesser, `pointage ${fresque.code}`, other)).toContain(
      'Trop de codes erronés',
    );
  } finally {
    await other.close();
  }
  t.clock.set('2026-11-23T14:15:00+01:00');
  expect(await say(guesser, `pointage ${fresque.code}`)).toContain(
    '✅ Pointage enregistré pour **Fresque du numérique** : +8 point(s). Vous n’êtes dans aucune équipe',
  );
  earn(guesser, 8);
  expect(await t.app.deps.events.checkinsOf(challenge.id, guesser.id)).toHaveLength(1);
});

/** The late comer checks in without a team at 15:00, then joins Équipe 1. */
const lateComerJoins = step(async () => {
  await importProgramme();
  await installLateArrivals();
  const fresque = workshop('Fresque');
  t.clock.set('2026-11-23T15:00:00+01:00');
  expect(await say(lateComer, `pointage ${fresque.code}`)).toContain(
    'ne compte pour aucune équipe tant que vous n’en avez pas rejoint une',
  );
  earn(lateComer, 8);
  const before = (await t.app.deps.teams.findByCode(challenge.id, teamCodes[0]!))!;
  expect(await say(lateComer, `équipe rejoindre ${teamCodes[0]}`)).toContain(
    'Bienvenue dans l’équipe **Équipe 1** (11 membres)',
  );
  const after = (await t.app.deps.teams.findByCode(challenge.id, teamCodes[0]!))!;
  expect(after.tallies[lateComer.id]).toMatchObject({ points: 8, events: 1 });
  expect(Object.keys(after.tallies)).toHaveLength(Object.keys(before.tallies).length + 1);
});

/** At the close of the Fresque's window (17:30), one checks in on time from the tab, one a second late. */
const checkInAtTheClose = step(async () => {
  await importProgramme();
  await installLateArrivals();
  const fresque = workshop('Fresque');
  t.clock.set('2026-11-23T17:30:00+01:00');
  const [onTime, late] = closing;
  const accepted = await api('POST', '/api/checkin', onTime!.id, { code: fresque.code });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({
    workshop: { id: fresque.id, title: 'Fresque du numérique' },
    points: 8,
    team: null,
  });
  earn(onTime!, 8);
  t.clock.set('2026-11-23T17:30:01+01:00');
  expect(await say(late!, `pointage ${fresque.code}`)).toBe(
    'Le pointage de « Fresque du numérique » est fermé depuis le lundi 23 novembre à 17:30 : il n’a pas été compté.',
  );
  expect(await t.app.deps.events.checkinsOf(challenge.id, late!.id)).toEqual([]);
});

/** Check-ins at the online workshop from the tab and the card, at both boundaries of its window. */
const checkInOnline = step(async () => {
  await importProgramme();
  const mail = workshop('Atelier : alléger');
  t.clock.set('2026-11-24T09:44:59+01:00');
  const early = await api('POST', '/api/checkin', agents[10]!.id, { code: mail.code });
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({
    error: 'checkin_not_open',
    details: { time: '09:45', date: '2026-11-24' },
  });
  t.clock.set('2026-11-24T09:45:00+01:00');
  const first = await api('POST', '/api/checkin', agents[10]!.id, { code: mail.code });
  expect(first.body).toMatchObject({ points: 5, team: { name: 'Équipe 2' } });
  earn(agents[10]!, 5);
  expect(
    (await api('POST', '/api/checkin', agents[10]!.id, { code: mail.code })).body,
  ).toMatchObject({ error: 'already_checked_in' });

  t.clock.set('2026-11-24T12:00:00+01:00');
  const card = await t.post(
    '/api/messages',
    executeActivity(agents[11]!, t.connector.url, 'workshop.checkin', {
      code: ` ${mail.code.toLowerCase()} `,
    }),
  );
  expect(JSON.stringify(card.body.value)).toContain(
    'Pointage enregistré pour **Atelier : alléger sa messagerie** : +5 point(s) pour votre équipe Équipe 2.',
  );
  earn(agents[11]!, 5);
  t.clock.set('2026-11-24T12:00:01+01:00');
  const closed = await t.post(
    '/api/messages',
    executeActivity(agents[12]!, t.connector.url, 'workshop.checkin', { code: mail.code }),
  );
  expect(JSON.stringify(closed.body.value)).toContain(
    'est fermé depuis le mardi 24 novembre à 12:00',
  );
  expect(JSON.stringify(closed.body.value)).toContain('"id":"code"'); // the form stays, to try another code
});

/** Those signed up for the visit, and two who were not, check in from the reminder card at 15:10. */
const checkInFromTheReminder = step(async () => {
  const signedUp = await rushForTheVisit();
  const visit = workshop('Visite du datacenter');
  t.clock.set('2026-11-24T15:10:00+01:00');
  const came = [...signedUp, agents[50]!, agents[51]!];
  const cards = await Promise.all(
    came.map((agent) =>
      t.post(
        '/api/messages',
        executeActivity(agent, t.connector.url, 'workshop.checkin', { code: visit.code }),
      ),
    ),
  );
  for (const [i, card] of cards.entries()) {
    expect(JSON.stringify(card.body.value)).toContain(
      'Pointage enregistré pour **Visite du datacenter communautaire** : +8 point(s)',
    );
    earn(came[i]!, 8);
  }
});

/** Every step that counts in the ranking and the organisers' figures, in the order of the week. */
const theWeek = step(async () => {
  const steps = [
    importProgramme,
    signUpFromTheList,
    rushForTheVisit,
    checkInAtTheFresque,
    guessAtTheFresque,
    lateComerJoins,
    checkInAtTheClose,
    checkInOnline,
    checkInFromTheReminder,
  ];
  for (const play of steps) await play();
});

describe('the workshop programme', () => {
  it('is imported by organisers only; a broken file is refused whole, with the lines of its broken rows', () =>
    importProgramme());

  it('gives each workshop a QR code that decodes to the Teams deep link of its check-in', async () => {
    await importProgramme();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 360 } });
      for (const w of programme.values()) {
        await page.setContent(
          `<body style="margin:0;background:#fff"><div style="width:360px;height:360px">${w.qrSvg}</div></body>`,
        );
        const png = PNG.sync.read(
          await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 360, height: 360 } }),
        );
        const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
        expect(decoded?.data).toBe(w.checkinLink);
        const context = JSON.parse(new URL(decoded!.data).searchParams.get('context')!);
        expect(context).toEqual({ subEntityId: `pointage:${w.code}` });
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('lists the programme in the bot, numbered, with a sign-up button that answers in the card', () =>
    signUpFromTheList());

  it('keeps to the capacity: of 20 agents rushing for 12 seats 12 get one, and exactly one gets the last seat', async () => {
    await rushForTheVisit();
  });
});

describe('check-in at a workshop', () => {
  it('refuses one second before the window opens, saying when it opens', async () => {
    await importProgramme();
    const fresque = workshop('Fresque');
    t.clock.set('2026-11-23T13:44:59+01:00');
    expect(await say(agents[0]!, `pointage ${fresque.code}`)).toContain(
      'Le pointage de « Fresque du numérique » n’est pas encore ouvert : il ouvre le lundi 23 novembre à 13:45.',
    );
    expect(await t.app.deps.events.checkinsOf(challenge.id, agents[0]!.id)).toEqual([]);
  });

  it(
    'checks in 100 agents at once through the bot; the same agent three times at once counts once',
    () => checkInAtTheFresque(),
    60_000,
  );

  it('refuses the code of another workshop outside that workshop’s own window', async () => {
    await checkInAtTheFresque();
    const archives = workshop('Visite des archives');
    expect(await say(agents[1]!, `pointage ${archives.code}`)).toContain(
      'Le pointage de « Visite des archives départementales : conserver le numérique » n’est pas encore ouvert : il ouvre le jeudi 26 novembre à 09:45.',
    );
    expect(await t.app.deps.events.checkinsOf(challenge.id, agents[1]!.id)).toHaveLength(1);
  }, 90_000);

  it(
    'refuses guessing: after five wrong codes every instance refuses for ten minutes, then the right code counts',
    () => guessAtTheFresque(),
    60_000,
  );

  it('keeps the check-in of an agent without a team, and counts it for the team they join', () =>
    lateComerJoins());

  it('accepts a check-in at the very second the window closes, and refuses one a second later with the time it closed', () =>
    checkInAtTheClose());

  it('takes check-ins from the tab and the card too, at the exact boundaries of an online workshop', () =>
    checkInOnline());

  it('shows the check-in card for "pointage" without a code', async () => {
    const card = await say(agents[12]!, 'pointage');
    expect(card).toContain('Pointage à un atelier');
    expect(card).toContain('"verb":"workshop.checkin"');
  });
});

describe('the reminder', () => {
  it('goes to those signed up 15 minutes before the start, at that minute, once, with the place', async () => {
    const signedUp = await rushForTheVisit();
    const visit = workshop('Visite du datacenter');
    t.connector.clear();
    t.clock.set('2026-11-24T14:44:59+01:00');
    await t.app.scheduler.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.connector.sent).toHaveLength(0);

    t.clock.set('2026-11-24T14:45:00+01:00');
    await t.app.scheduler.runOnce();
    await t.app.scheduler.runOnce(); // another tick, as another instance would
    await t.connector.waitFor(signedUp.length, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.connector.sent).toHaveLength(12);
    expect(t.connector.sent.map((s) => s.conversationId).sort()).toEqual(
      signedUp.map((a) => a.conversationId).sort(),
    );
    const card = textOf(t.connector.sent[0]!.activity);
    expect(card).toContain('Rappel : Visite du datacenter communautaire commence à 15:00');
    expect(card).toContain('Lieu : Datacenter communautaire, zone d’activité des Granges');
    expect(card).toContain('"verb":"workshop.checkin"');
    const deliveries = await t.app.broadcasting.broadcasts.listDeliveries(
      `workshop-reminder.${challenge.id}.${visit.id}`,
    );
    expect(deliveries.filter((d) => d.state === 'sent')).toHaveLength(12);

    // The next minute, nothing more.
    t.clock.set('2026-11-24T14:46:00+01:00');
    await t.app.scheduler.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.connector.sent).toHaveLength(12);
  }, 60_000);

  it(
    'lets those who came check in from the reminder card, signed up or not',
    () => checkInFromTheReminder(),
    60_000,
  );
});

describe('the ranking with workshops', () => {
  it('is the spec’s: the kept tallies equal the ranking of the exported snapshot and a computation by hand', async () => {
    await theWeek();
    const snapshot = (await exportSnapshot(
      t.app.deps,
      await workshopPointsOf(t.app.deps),
    )) as Required<ChallengeSnapshot>;
    // Only the workshops whose points differ from checkinPoints are listed.
    expect(snapshot.workshops.map((w) => w.points)).toEqual([8, 8, 8]);
    expect(snapshot.workshops.map((w) => w.id).sort()).toEqual(
      [
        workshop('Fresque').id,
        workshop('Visite du datacenter').id,
        workshop('Visite des archives').id,
      ].sort(),
    );
    expect(snapshot.checkins).toHaveLength(AGENTS + 3 + 2 + 14);
    const fromEvents = rankSnapshot(snapshot);
    const fromTallies = (await getLeaderboard(t.app.deps)).rows;
    expect(fromTallies).toEqual(fromEvents);

    // By hand: each team's points are its members' points as earned above, divided by max(members, 3).
    for (const row of fromEvents) {
      const team = snapshot.teams.find((candidate) => candidate.id === row.teamId)!;
      const points = team.members.reduce((sum, id) => sum + (expectedPoints.get(id) ?? 0), 0);
      expect(row.points).toBe(points);
      expect(row.members).toBe(team.members.length);
      const hundredths = Math.floor((points * 100 * 2 + row.members) / (2 * row.members));
      expect(row.score).toBe(
        `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`,
      );
    }
    // Agents 90–99 checked in too, but are in no team: nothing of theirs is ranked.
    expect(fromEvents.reduce((sum, row) => sum + row.points, 0)).toBe(
      [...expectedPoints.entries()]
        .filter(([id]) => snapshot.teams.some((team) => team.members.includes(id)))
        .reduce((sum, [, p]) => sum + p, 0),
    );
    expect(fromEvents).toHaveLength(IN_TEAMS / TEAM_SIZE);
  }, 180_000);
});

describe('for hosts and organisers', () => {
  it('gives the attendance list with names to organisers and to the host direction only', async () => {
    await checkInFromTheReminder();
    const visit = workshop('Visite du datacenter');
    const path = `/api/admin/workshops/${visit.id}/attendance.csv`;
    const csv = await api('GET', path, ORGANISER);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`presence-${visit.id}.csv`);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('nom;direction;inscrit;pointé à;pointé par');
    expect(lines).toHaveLength(1 + 14);
    expect(lines).toContain('Agent 050;;non;2026-11-24 15:10;');
    expect(lines.filter((line) => line.endsWith(';oui;2026-11-24 15:10;'))).toHaveLength(12);

    expect((await api('GET', path, agents[60]!.id)).status).toBe(403);
    // An agent the directory placed in the host direction (written as a directory sync would, case and accents aside).
    const host = 'hote-dsi-1';
    await t.app.storage.tables.Agents.createEntity({
      partitionKey: host,
      rowKey: 'agent',
      agentId: host,
      tenantId: 'tenant-test',
      name: 'Hôte DSI',
      locale: 'fr',
      reachable: true,
      registeredAt: '2026-11-20T09:00:00.000Z',
      direction: "direction des systemes d'information",
    });
    expect((await api('GET', path, host)).status).toBe(200);
    expect(
      (await api('GET', `/api/admin/workshops/${workshop('Fresque').id}/attendance.csv`, host))
        .status,
    ).toBe(403);
  }, 60_000);

  it('shows attendance per workshop and per format in the organiser view and the command line', async () => {
    await theWeek();
    const view = await api('GET', '/api/admin/workshops', ORGANISER);
    const byTitle = new Map(view.body.workshops.map((w: { title: string }) => [w.title, w]));
    expect(byTitle.get('Fresque du numérique')).toMatchObject({
      signedUp: 1,
      attended: AGENTS + 3,
      attendedSignedUp: 1,
      points: 8,
    });
    expect(byTitle.get('Visite du datacenter communautaire')).toMatchObject({
      signedUp: 12,
      attended: 14,
      attendedSignedUp: 12,
    });
    expect(byTitle.get('Atelier : alléger sa messagerie')).toMatchObject({
      signedUp: 0,
      attended: 2,
      points: 5,
    });
    expect(view.body.byFormat.find((f: { format: string }) => f.format === 'atelier')).toEqual({
      format: 'atelier',
      workshops: 4,
      signedUp: 1,
      attended: AGENTS + 3 + 2,
    });
    expect(view.body.totals).toEqual({
      workshops: 13,
      signedUp: 13,
      attended: AGENTS + 3 + 2 + 14,
    });

    const env = {
      AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
      ...ENV,
      DEMO: 'false',
      WORKERS: 'off',
    };
    const report = await runTs('src/cli.ts', ['workshops'], env);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(
      / 2\. 2026-11-23 14:00–17:00 {2}atelier +signed up 1\/14 +attended 103 +8 pts {2}Fresque du numérique/,
    );
    expect(report.stdout).toContain('visite     2 workshop(s)  signed up 12  attended 14');

    const out = mkdtempSync(join(tmpdir(), 'workshop-codes-'));
    try {
      const codes = await runTs('src/cli.ts', ['workshop-codes', '--out', out], env);
      expect(codes.code).toBe(0);
      const fresque = workshop('Fresque');
      expect(codes.stdout).toContain(
        ` 2. ${fresque.code}  2026-11-23 14:00–17:00  Fresque du numérique\n    ${fresque.checkinLink}`,
      );
      expect(readdirSync(out)).toHaveLength(13);
      expect(readFileSync(join(out, `02-${fresque.code}.svg`), 'utf8')).toBe(fresque.qrSvg);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
