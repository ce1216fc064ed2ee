import type {
  AttendanceCandidatesView,
  AttendanceRecordView,
  LeaderboardView,
} from '../../../src/api/views';
import type { Agent } from '../../../src/domain/agents';
import { givenAgent, givenChallenge, givenTeam, givenWorkshop } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Attendance by hand through the real app: the host direction of a workshop records agents who have no phone;
 * their team's score moves exactly as a check-in by code moves another's, and the attendance CSV says who
 * recorded what, with agents' names unable to run as spreadsheet formulas.
 *
 * The workshop runs on Tuesday 24 November 2026 from 14:00 to 16:00, Paris time; check-in counts until 16:30.
 */
const ORGANISER = 'organiser-1';
const HOST = 'hote-dsi-1';
const EVIL_NAME = "=cmd|' /C calc'!A0";
const as = (agentId: string) => ({ Authorization: `Dev ${agentId}` });

let t: TestApp;
let marie: Agent;
let paul: Agent;
let evil: Agent;
let stranger: Agent;

beforeAll(async () => {
  t = await startTestApp({
    now: '2026-11-24T14:20:00+01:00',
    env: { ORGANISER_IDS: ORGANISER },
  });
  const deps = t.app.deps;
  await givenChallenge(deps);
  await givenWorkshop(deps, {
    id: 'fresque',
    title: 'Fresque du numérique',
    code: 'FRESQ2',
    host: 'Direction des systèmes d’information',
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-24T15:00:00.000Z',
  });
  [marie, paul, evil, stranger] = await Promise.all(
    ['Marie Dupont', 'Paul Émile', EVIL_NAME, 'Agent RH'].map((name) => givenAgent(deps, { name })),
  );
  // Two teams of three alike: Marie's and Paul's; the others of each team never take part.
  await givenTeam(deps, {
    id: 'sobres',
    name: 'Les Sobres',
    members: [marie, { id: 'sobre-2' }, { id: 'sobre-3' }].map((a) => ({
      agentId: a.id,
      name: a.id,
    })),
  });
  await givenTeam(deps, {
    id: 'econes',
    name: 'Les Économes',
    members: [paul, { id: 'econe-2' }, { id: 'econe-3' }].map((a) => ({
      agentId: a.id,
      name: a.id,
    })),
  });
  // The host, placed in the workshop's direction by the directory (case and accents aside).
  await givenAgent(deps, {
    id: HOST,
    name: 'Hôte DSI',
    direction: "direction des systemes d'information",
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const attendancePath = '/api/workshops/fresque/attendance';

async function scores(): Promise<Map<string, { score: string; points: number }>> {
  // Past the ranking's few seconds of cache.
  t.clock.advance(5_000);
  const board = (await t.get('/api/leaderboard', as(ORGANISER))).body as LeaderboardView;
  return new Map(board.rows.map((row) => [row.teamId, { score: row.score, points: row.points }]));
}

describe('attendance by hand through the API', () => {
  it('refuses an agent who is neither host nor organiser, and records nothing', async () => {
    const candidates = await t.get(`${attendancePath}/candidates?search=marie`, as(stranger.id));
    expect(candidates.status).toBe(403);
    expect(candidates.body.error).toBe('not_host');

    const record = await t.post(attendancePath, { agentIds: [marie.id] }, as(stranger.id));
    expect(record.status).toBe(403);
    expect(record.body.error).toBe('not_host');
    expect(await t.app.deps.events.checkinsOf('c1', marie.id)).toEqual([]);

    expect((await t.post(attendancePath, { agentIds: [marie.id] })).status).toBe(401);
  });

  it.each([
    ['no list', {}],
    ['a list of numbers', { agentIds: [1, 2] }],
    ['an empty list', { agentIds: [] }],
    ['51 agents', { agentIds: Array.from({ length: 51 }, (_, i) => `agent-${i}`) }],
  ])('refuses %s with 400 attendance_invalid, and records nothing', async (_case, body) => {
    const record = await t.post(attendancePath, body, as(HOST));
    expect(record.status).toBe(400);
    expect(record.body).toMatchObject({ error: 'attendance_invalid', details: { max: 50 } });
    expect(await t.app.deps.events.checkinsOf('c1', marie.id)).toEqual([]);
  });

  it('says 404 for a workshop it does not know', async () => {
    const record = await t.post(
      '/api/workshops/nulle-part/attendance',
      { agentIds: [marie.id] },
      as(ORGANISER),
    );
    expect(record.status).toBe(404);
    expect(record.body.error).toBe('workshop_unknown');
  });

  it('finds agents by name for the host', async () => {
    const found = await t.get(`${attendancePath}/candidates?search=MARIE%20dup`, as(HOST));
    expect(found.status).toBe(200);
    expect(found.body as AttendanceCandidatesView).toEqual({
      agents: [
        { id: marie.id, name: 'Marie Dupont', direction: null, signedUp: false, checkedIn: false },
      ],
    });
  });

  it('counts a check-in recorded by the host exactly as one made with the code', async () => {
    const before = await scores();
    expect(before.get('sobres')).toEqual(before.get('econes'));

    // Paul checks in with the code; the host records Marie, who has no phone, and an agent whose name is a formula.
    expect((await t.post('/api/checkin', { code: 'FRESQ2' }, as(paul.id))).status).toBe(200);
    const record = await t.post(
      attendancePath,
      { agentIds: [marie.id, evil.id, 'fantome'] },
      as(HOST),
    );

    expect(record.status).toBe(200);
    expect(record.body as AttendanceRecordView).toEqual({
      recorded: [
        { agentId: marie.id, name: 'Marie Dupont', points: 5 },
        { agentId: evil.id, name: EVIL_NAME, points: 5 },
      ],
      already: [],
      unknown: ['fantome'],
    });
    const after = await scores();
    expect(after.get('sobres')).toEqual({ score: '1.67', points: 5 });
    expect(after.get('sobres')).toEqual(after.get('econes'));

    // The same record again, by an organiser this time: nothing moves.
    const again = await t.post(attendancePath, { agentIds: [marie.id, paul.id] }, as(ORGANISER));
    expect(again.body).toEqual({ recorded: [], already: [marie.id, paul.id], unknown: [] });
    expect(await scores()).toEqual(after);

    const candidates = await t.get(`${attendancePath}/candidates?search=`, as(ORGANISER));
    expect(
      (candidates.body as AttendanceCandidatesView).agents
        .filter((a) => a.checkedIn)
        .map((a) => a.id)
        .sort(),
    ).toEqual([marie.id, paul.id, evil.id].sort());
  });

  it('shows in the attendance CSV who recorded a check-in by hand, formulas neutralised', async () => {
    const csv = await t.get(`/api/admin/workshops/fresque/attendance.csv`, as(ORGANISER));
    expect(csv.status).toBe(200);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('nom;direction;inscrit;pointé à;pointé par');
    expect(lines).toContain(`'${EVIL_NAME};;non;2026-11-24 14:20;Hôte DSI`);
    expect(lines).toContain('Marie Dupont;;non;2026-11-24 14:20;Hôte DSI');
    expect(lines).toContain('Paul Émile;;non;2026-11-24 14:20;');
    expect(lines.some((line) => line.startsWith('='))).toBe(false);
  });

  it('refuses a record after the check-in window, and says when it closed', async () => {
    t.clock.set('2026-11-24T16:30:01+01:00');
    const late = await t.post(attendancePath, { agentIds: [stranger.id] }, as(HOST));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      error: 'checkin_closed',
      details: { from: '2026-11-24 14:00', until: '2026-11-24 16:30' },
    });
    expect(await t.app.deps.events.checkinsOf('c1', stranger.id)).toEqual([]);
  });
});
