import {
  buildChallenge,
  givenAgent,
  givenAnswer,
  givenCheckin,
  givenQuiz,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const ORGANISER = 'orga-1';
const AGENT = 'agent-plain';
const as = (id: string) => ({ Authorization: `Dev ${id}` });

/** The final report through the real app (dev sign-in, Azurite): organisers only, as a view, CSV and JSON. */
describe('the final report API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-27T18:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives zeros, not errors, for a challenge where nothing happened yet', async () => {
    // Given a challenge with no agent, team or workshop; when the organiser asks
    const view = await t.get('/api/admin/report', as(ORGANISER));
    const csv = await t.get('/api/admin/report.csv', as(ORGANISER));

    // Then
    expect(view.status).toBe(200);
    expect(view.body.headline).toEqual({
      agentsRegistered: 0,
      participants: 0,
      directions: 0,
      participations: 0,
      teams: 0,
      workshops: 0,
      workshopsHeld: 0,
      quizAnswers: 0,
      rightAnswers: 0,
      rightShare: null,
    });
    expect(view.body.byDay).toHaveLength(5);
    expect(view.body.podium).toEqual([]);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('participations;0');
  });

  it('refuses anyone but an organiser (403 not_organiser), and anyone not signed in (401)', async () => {
    for (const path of ['/api/admin/report', '/api/admin/report.csv', '/api/admin/report.json']) {
      const refused = await t.get(path, as(AGENT));
      expect([path, refused.status, refused.body.error]).toEqual([path, 403, 'not_organiser']);
      expect((await t.get(path)).status).toBe(401);
    }
  });

  describe('with a week of activity and names that try to be spreadsheet formulas', () => {
    beforeAll(async () => {
      const deps = t.app.deps;
      await givenQuiz(deps, 1);
      await givenAgent(deps, { id: ORGANISER, name: 'Orga' });
      await givenAgent(deps, { id: 'a1', name: '@SUM(1)' });
      await givenAgent(deps, { id: 'a2', name: 'Bruno' });
      // A direction from the directory, trying its luck as a formula too.
      await givenAgent(deps, { id: 'a3', name: 'Chloé' });
      await deps.agents.setDirection('a3', '+cmd|calc');
      await givenTeam(deps, {
        id: 'evil',
        name: '=HYPERLINK("http://evil")',
        members: [
          { agentId: 'a1', name: '@SUM(1)' },
          { agentId: 'a2', name: 'Bruno' },
        ],
      });
      await givenTeam(deps, {
        id: 'sage',
        name: 'Les Sages',
        members: [{ agentId: 'a3', name: 'Chloé' }],
      });
      const talk = await givenWorkshop(deps, { id: 'talk', format: 'conference' });
      await givenAnswer(deps, 'a1', {
        quizId: 'j1',
        questionId: 'j1-q1',
        correct: true,
        points: 2,
      });
      await givenAnswer(deps, 'a3', {
        quizId: 'j1',
        questionId: 'j1-q1',
        correct: false,
        points: 1,
      });
      await givenCheckin(deps, 'a2', {
        workshopId: talk.id,
        points: 5,
        at: '2026-11-24T12:55:00Z',
      });
    }, 30_000);

    it('gives the organiser the report: headline, tables and the podium of the tab', async () => {
      const [view, board] = await Promise.all([
        t.get('/api/admin/report', as(ORGANISER)),
        t.get('/api/leaderboard', as(ORGANISER)),
      ]);

      expect(view.status).toBe(200);
      expect(view.body.headline).toMatchObject({
        agentsRegistered: 4,
        participants: 3,
        directions: 1,
        participations: 3,
        teams: 2,
        workshops: 1,
        workshopsHeld: 1,
        quizAnswers: 2,
        rightAnswers: 1,
        rightShare: '0.50',
      });
      expect(
        view.body.podium.map((r: { teamId: string; rank: number }) => [r.teamId, r.rank]),
      ).toEqual(board.body.rows.map((r: { teamId: string; rank: number }) => [r.teamId, r.rank]));
      expect(view.body.byFormat).toEqual([
        expect.objectContaining({ format: 'conference', workshopsHeld: 1, attended: 1 }),
      ]);
    });

    it('downloads a CSV in French sections with formula characters neutralised', async () => {
      const csv = await t.get('/api/admin/report.csv', as(ORGANISER));

      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="bilan-c1.csv"');
      expect(csv.headers.get('cache-control')).toBe('private, no-store');
      const lines = String(csv.body)
        .replace(/^\uFEFF/, '')
        .split('\r\n');
      for (const section of [
        'Chiffres clés',
        'Participation par jour',
        'Participation par format d’atelier',
        'Participation par direction',
        'Participation par équipe',
        'Podium',
      ]) {
        expect(lines).toContain(section);
      }
      // Every cell that a spreadsheet would run starts with an apostrophe, quoted or not.
      const cells = lines.flatMap((line) => line.split(';'));
      expect(cells.filter((cell) => /^"?[=+@-]/.test(cell))).toEqual([]);
      expect(String(csv.body)).toContain(`'=HYPERLINK(""http://evil"")`);
      expect(String(csv.body)).toContain("'@SUM(1), Bruno");
      expect(lines).toContain("'+cmd|calc;1;1;1");
    });

    it('downloads the same data as the view in JSON', async () => {
      const [json, view] = await Promise.all([
        t.get('/api/admin/report.json', as(ORGANISER)),
        t.get('/api/admin/report', as(ORGANISER)),
      ]);

      expect(json.status).toBe(200);
      expect(json.headers.get('content-disposition')).toBe('attachment; filename="bilan-c1.json"');
      expect(json.body).toEqual(view.body);
    });
  });
});
