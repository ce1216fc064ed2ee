import { OpenIdStandIn } from '../../support/openid-server';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const TENANT = '0f0e0d0c-0000-4000-8000-00000000abcd';
const CLIENT_ID = '22222222-3333-4444-5555-666666666666';
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const V1_ISSUER = `https://sts.windows.net/${TENANT}/`;
const ORGANISER = 'aaaaaaaa-0000-4000-8000-000000000001';
const AGENT = 'bbbbbbbb-0000-4000-8000-000000000002';

/** The tab's API accepts only Teams SSO tokens of the configured tenant and app, and shows each agent their own. */
describe('tab API with Teams SSO', () => {
  const entra = new OpenIdStandIn({ issuer: V2_ISSUER });
  let t: TestApp;
  const claims = (overrides: Record<string, unknown> = {}) => ({
    aud: `api://localhost:53000/${CLIENT_ID}`,
    tid: TENANT,
    oid: AGENT,
    scp: 'access_as_user',
    name: 'Aïcha',
    ...overrides,
  });
  const call = (path: string, token?: string, init: { method?: string; body?: unknown } = {}) =>
    init.method === 'POST'
      ? t.post(path, init.body ?? {}, token ? { Authorization: `Bearer ${token}` } : {})
      : t.get(path, token ? { Authorization: `Bearer ${token}` } : {});

  beforeAll(async () => {
    await entra.start();
    t = await startTestApp({
      now: '2026-11-23T10:00:00+01:00',
      env: {
        AAD_APP_CLIENT_ID: CLIENT_ID,
        AAD_APP_TENANT_ID: TENANT,
        AAD_JWKS_URI: `${entra.url}/keys`,
        ORGANISER_IDS: ORGANISER,
        // The tokens' audience is api://<this host>/<client id>, as the manifest's webApplicationInfo says.
        PUBLIC_URL: 'https://localhost:53000',
      },
    });
    await t.app.deps.quizzes.save(buildQuiz(1));
    await t.app.deps.challenges.saveAsCurrent(
      buildChallenge({ teamsLockAt: '2026-11-30T00:00:00Z' }),
    );
  });
  afterAll(async () => {
    await t.close();
    await entra.stop();
  });

  it('serves the agent their own view with a valid v2 token, and with a v1 token', async () => {
    const me = await call('/api/me', entra.sign(claims()));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      agentId: AGENT,
      name: 'Aïcha',
      organiser: false,
      points: 0,
      team: null,
      signIn: 'sso',
    });
    const v1 = await call('/api/me', entra.sign(claims({ iss: V1_ISSUER, aud: CLIENT_ID })));
    expect(v1.status).toBe(200);
  });

  it.each([
    ['a missing token', () => undefined],
    ['an expired token', () => entra.sign(claims(), { expiresInSeconds: -3600 })],
    ['a wrong audience', () => entra.sign(claims({ aud: 'api://localhost/another-app' }))],
    [
      'a wrong tenant',
      () =>
        entra.sign(
          claims({
            tid: 'another-tenant',
            iss: 'https://login.microsoftonline.com/another-tenant/v2.0',
          }),
        ),
    ],
    ['a wrong signature', () => entra.sign(claims(), { forged: true })],
    ['an unknown key', () => entra.sign(claims(), { kid: 'rotated-away' })],
    ['a token without access_as_user', () => entra.sign(claims({ scp: 'User.Read' }))],
    ['a dev sign-in header', () => 'Dev ' + AGENT],
  ])('answers 401 with no detail to %s', async (_label, token) => {
    for (const path of ['/api/me', '/api/leaderboard', '/api/my-team', '/api/agenda']) {
      const response = await call(path, token());
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'unauthorized' });
    }
  });

  it('answers 304 to a tab that already has the current version (ETag)', async () => {
    const token = entra.sign(claims());
    const first = await t.get('/api/leaderboard', { Authorization: `Bearer ${token}` });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const second = await t.get('/api/leaderboard', {
      Authorization: `Bearer ${token}`,
      'If-None-Match': etag,
    });
    expect(second.status).toBe(304);
  });

  it('lets only organisers start a send', async () => {
    const refused = await call('/api/admin/quiz/send', entra.sign(claims()), {
      method: 'POST',
      body: { date: '2026-11-23' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('not_organiser');
    const accepted = await call('/api/admin/quiz/send', entra.sign(claims({ oid: ORGANISER })), {
      method: 'POST',
      body: { date: '2026-11-23' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ sendId: 'quiz.c1.j1', started: true, state: 'enqueued' });
    const again = await call('/api/admin/quiz/send', entra.sign(claims({ oid: ORGANISER })), {
      method: 'POST',
      body: { date: '2026-11-23' },
    });
    expect(again.body).toMatchObject({ started: false });
    const sends = await call('/api/admin/sends', entra.sign(claims({ oid: ORGANISER })));
    expect(sends.body.sends[0]).toMatchObject({ sendId: 'quiz.c1.j1', total: 0 });
  });
});

describe('tab API in local mode (development sign-in)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T10:00:00+01:00' });
    await t.app.deps.quizzes.save(buildQuiz(1));
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  });
  afterAll(() => t.close());

  it('accepts the dev sign-in from this machine and refuses a bearer token', async () => {
    const me = await t.get('/api/me', { Authorization: 'Dev demo-agent-1-1' });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ agentId: 'demo-agent-1-1', signIn: 'dev' });
    expect((await t.get('/api/me', { Authorization: 'Bearer abc.def.ghi' })).status).toBe(401);
    expect(
      (await t.get('/api/agenda', { Authorization: 'Dev demo-agent-1-1' })).body,
    ).toMatchObject({
      quiz: { state: 'open', answered: 0, total: 2, closeAt: '18:00' },
    });
  });
});
