import { rankSnapshot, type ChallengeSnapshot } from '../../../src/domain/scoring';
import { exportSnapshot } from '../../../src/usecases/export-snapshot';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import {
  buildChallenge,
  givenAgent,
  givenAnswer,
  givenCheckin,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const ORGANISER = 'orga-1';
const as = (id: string) => ({ Authorization: `Dev ${id}` });

/** The spec's snapshot with one agent taken out, as if they had never taken part. */
function without(snapshot: ChallengeSnapshot, agentId: string): ChallengeSnapshot {
  return {
    ...snapshot,
    teams: snapshot.teams
      .map((team) => ({ ...team, members: team.members.filter((m) => m !== agentId) }))
      .filter((team) => team.members.length > 0),
    answers: snapshot.answers?.filter((a) => a.agentId !== agentId),
    checkins: snapshot.checkins?.filter((c) => c.agentId !== agentId),
  };
}

/** "Mes données" and an organiser's erasure through the real app (dev sign-in, Azurite). */
describe("an agent's data through the API", () => {
  let t: TestApp;
  const erase = async (id: string, by?: string) => {
    const response = await fetch(`${t.baseUrl}/api/admin/agents/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      headers: by ? as(by) : {},
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-25T10:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    const deps = t.app.deps;
    await deps.challenges.saveAsCurrent(buildChallenge());
    await givenAgent(deps, { id: ORGANISER, name: 'Orga' });
    for (const [id, name] of [
      ['sobres-m1', 'Alice Martin'],
      ['sobres-m2', 'Bob Durand'],
      ['sobres-m3', 'Chloé Petit'],
      ['verts-m1', 'Denis Roy'],
      ['verts-m2', 'Emma Noël'],
      ['verts-m3', 'Farid Benali'],
    ])
      await givenAgent(deps, { id, name });
    await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', members: 3 });
    await givenTeam(deps, { id: 'verts', name: 'Les Verts', members: 3 });
    await givenWorkshop(deps, { id: 'visite', title: 'Visite du datacenter', capacity: 3 });
    await deps.signups.signUp(
      'c1',
      'visite',
      { agentId: 'sobres-m1', name: 'Alice Martin', at: '2026-11-23T09:00:00.000Z' },
      () => undefined,
    );
    await deps.signups.signUp(
      'c1',
      'visite',
      { agentId: 'sobres-m2', name: 'Bob Durand', at: '2026-11-23T09:01:00.000Z' },
      () => undefined,
    );
    await givenAnswer(deps, 'sobres-m1', { questionId: 'j1-q1' });
    await givenAnswer(deps, 'sobres-m1', { questionId: 'j1-q2' });
    await givenCheckin(deps, 'sobres-m1', {
      workshopId: 'visite',
      points: 5,
      at: '2026-11-24T13:10:00.000Z',
    });
    await givenAnswer(deps, 'sobres-m2', { questionId: 'j1-q1', correct: false, points: 1 });
    await givenAnswer(deps, 'verts-m1', { questionId: 'j1-q1' });
    await givenAnswer(deps, 'verts-m2', { questionId: 'j1-q1' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/me/data', () => {
    it("downloads the caller's own data, and nobody else's", async () => {
      // when
      const response = await t.get('/api/me/data', as('sobres-m2'));

      // then
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="mes-donnees.json"',
      );
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.body).toMatchObject({
        agentId: 'sobres-m2',
        agent: { name: 'Bob Durand' },
        team: { id: 'sobres', name: 'Les Sobres', tally: { points: 1, events: 1 } },
        answers: [{ questionId: 'j1-q1', correct: false }],
        checkins: [],
        signups: [{ workshopId: 'visite', at: '2026-11-23T09:01:00.000Z' }],
      });
      const text = JSON.stringify(response.body);
      for (const other of ['sobres-m1', 'Alice', 'sobres-m3', 'Chloé', 'verts'])
        expect(text).not.toContain(other);
    });

    it('ignores any attempt to name another agent', async () => {
      const response = await t.get('/api/me/data?agentId=sobres-m1', as('sobres-m2'));
      expect(response.body.agentId).toBe('sobres-m2');
      expect(JSON.stringify(response.body)).not.toContain('Alice');
    });

    it('refuses anyone not signed in (401)', async () => {
      expect((await t.get('/api/me/data')).status).toBe(401);
    });
  });

  describe('DELETE /api/admin/agents/:id', () => {
    it('refuses anyone but an organiser (403), and anyone not signed in (401)', async () => {
      expect(await erase('sobres-m1', 'sobres-m2')).toMatchObject({
        status: 403,
        body: { error: 'not_organiser' },
      });
      expect((await erase('sobres-m1')).status).toBe(401);
      expect(await t.app.deps.agents.get('sobres-m1')).not.toBeNull();
    });

    it("erases the agent, and the ranking is the spec's without them", async () => {
      // given the ranking the spec computes from the events without Alice
      const deps = t.app.deps;
      expect((await getLeaderboard(deps)).rows[0]?.teamId).toBe('sobres');
      const expected = rankSnapshot(without(await exportSnapshot(deps), 'sobres-m1'));

      // when
      const erased = await erase('sobres-m1', ORGANISER);

      // then
      expect(erased).toEqual({
        status: 200,
        body: {
          agentId: 'sobres-m1',
          team: { id: 'sobres', name: 'Les Sobres', members: 2 },
          events: 3,
          signups: ['visite'],
          checkinGuard: false,
          agent: true,
          erased: true,
        },
      });
      const after = await getLeaderboard(deps);
      expect(after.rows).toEqual(expected);
      expect(after.rows[0]?.teamId).toBe('verts');
      expect(rankSnapshot(await exportSnapshot(deps))).toEqual(expected);
      expect(await deps.signups.taken('c1', 'visite')).toBe(1);
      const data = await t.get('/api/me/data', as('sobres-m1'));
      expect(data.body).toMatchObject({
        agent: null,
        team: null,
        answers: [],
        checkins: [],
        signups: [],
        tally: { points: 0, events: 0 },
      });
    });

    it('answers 200 with nothing erased the second time', async () => {
      expect(await erase('sobres-m1', ORGANISER)).toMatchObject({
        status: 200,
        body: { erased: false, events: 0, team: null, agent: false },
      });
    });

    it('leaves no half state when the agent answers during the erasure: a second erasure cleans it', async () => {
      // given Emma answering while she is erased
      const deps = t.app.deps;
      const [first] = await Promise.all([
        erase('verts-m2', ORGANISER),
        givenAnswer(deps, 'verts-m2', { questionId: 'j2-q1', at: '2026-11-24T09:30:00.000Z' }),
      ]);
      expect(first.status).toBe(200);

      // when
      const second = await erase('verts-m2', ORGANISER);

      // then nothing of hers is left, and her team ranks without her
      expect(second.status).toBe(200);
      expect(await deps.events.answersOf('c1', 'verts-m2')).toEqual([]);
      expect(await deps.events.tally('c1', 'verts-m2')).toEqual({
        points: 0,
        events: 0,
        lastAt: null,
      });
      expect(await deps.teams.teamOf('c1', 'verts-m2')).toBeNull();
      const verts = await deps.teams.get('c1', 'verts');
      expect(verts?.members.map((m) => m.agentId)).toEqual(['verts-m1', 'verts-m3']);
      expect(Object.keys(verts?.tallies ?? {})).not.toContain('verts-m2');
      expect((await getLeaderboard(deps)).rows).toEqual(rankSnapshot(await exportSnapshot(deps)));
    });
  });
});
