import { DEMO_ORGANISER, loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The organiser page's one request, over HTTP against the real app (local sign-in), the demo loaded. */
describe('GET /api/admin/overview', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-25T16:00:00+01:00',
      env: { ORGANISER_IDS: 'orga-from-config' },
    });
    await loadDemoIfEmpty(t.app.deps);
  }, 60_000);
  afterAll(() => t.close());

  it('gives an organiser the live figures of the challenge in one answer', async () => {
    // given the demo's organiser

    // when
    const { status, body } = await t.get('/api/admin/overview', {
      Authorization: `Dev ${DEMO_ORGANISER}`,
    });

    // then
    expect(status).toBe(200);
    expect(body).toMatchObject({
      today: '2026-11-25',
      // the demo's 29 fictional agents are registered, none has a chat the bot can write to
      agents: { registered: 29, reachable: 0 },
      challenge: { days: 5 },
    });
    expect(body.teams).toHaveLength(6);
    expect(body.teams.every((team: { agents: number }) => team.agents > 0)).toBe(true);
    expect(body.teams.some((team: { answeredToday: number }) => team.answeredToday > 0)).toBe(true);
    expect(body.workshops.length).toBeGreaterThan(0);
    expect(body.workshops[0]).toMatchObject({ number: 1, formatName: { fr: expect.any(String) } });
    expect(body.audiences.teams).toHaveLength(6);
    expect(body.audiences.directions).toHaveLength(7);
    expect(Array.isArray(body.sends)).toBe(true);
  });

  it('also answers an organiser named by ORGANISER_IDS', async () => {
    // given an organiser from the configuration, never seen by the bot
    // when
    const { status } = await t.get('/api/admin/overview', {
      Authorization: 'Dev orga-from-config',
    });
    // then
    expect(status).toBe(200);
  });

  it('refuses an agent (403 not_organiser) and says nothing of the figures', async () => {
    // given an agent of the demo who is no organiser
    // when
    const { status, body } = await t.get('/api/admin/overview', {
      Authorization: 'Dev demo-agent-1-1',
    });
    // then
    expect(status).toBe(403);
    expect(body.error).toBe('not_organiser');
    expect(body).not.toHaveProperty('teams');
  });
});
