import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenIdStandIn } from '../../support/openid-server';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const TENANT = '0f0e0d0c-0000-4000-8000-00000000abcd';
const CLIENT_ID = '2a2b2c2d-3333-4444-5555-66666666abcd';
const OTHER_APP = '99999999-3333-4444-5555-666666666666';
const HOST = 'defi.example.fr';
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const AGENT = 'bbbbbbbb-0000-4000-8000-000000000002';
const ORGANISER = 'aaaaaaaa-0000-4000-8000-000000000001';

/** Audiences of other apps of the tenant (or of none): before the fix, every `api://…/<client id>` passed. */
const FOREIGN_AUDIENCES = [
  `api://evil.example/${CLIENT_ID}`,
  `api://${HOST}.evil.example/${CLIENT_ID}`,
  `api://evil.${HOST}/${CLIENT_ID}`,
  `api://${HOST}:8443/${CLIENT_ID}`,
  `api://localhost/${CLIENT_ID}`,
  `api://127.0.0.1/${CLIENT_ID}`,
  `api://${HOST}/other/${CLIENT_ID}`,
  `api://x/y/z/${CLIENT_ID}`,
  `api:///${CLIENT_ID}`,
  `api://${HOST}//${CLIENT_ID}`,
  `api://${HOST}/${CLIENT_ID}/`,
  `api://${HOST}/${CLIENT_ID}x`,
  `api://${HOST}/x${CLIENT_ID}`,
  `api://${HOST}/${CLIENT_ID}?x=1`,
  `api://${HOST}/${CLIENT_ID}#x`,
  `api://${HOST}/${OTHER_APP}`,
  `api://${OTHER_APP}`,
  `api://evil.example/api://${CLIENT_ID}`,
  `api://${HOST}/api://${HOST}/${CLIENT_ID}`,
  `API://${HOST}/${CLIENT_ID}`,
  `api://${HOST.toUpperCase()}/${CLIENT_ID}`,
  `api://${HOST}/${CLIENT_ID.toUpperCase()}`,
  `https://${HOST}/${CLIENT_ID}`,
  `http://${HOST}/${CLIENT_ID}`,
  `spn:${CLIENT_ID}`,
  OTHER_APP,
  `${CLIENT_ID} `,
  ` ${CLIENT_ID}`,
  `${CLIENT_ID}/`,
  `${CLIENT_ID}\n`,
  '00000003-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
];

/** A key server that is down: it answers 500 and counts what it was asked. */
class FailingKeyServer {
  requests = 0;
  url = '';
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((_req, res) => {
      this.requests += 1;
      res.statusCode = 500;
      res.end('{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('tab SSO audiences: this app’s exactly, built once from the configuration', () => {
  const entra = new OpenIdStandIn({ issuer: V2_ISSUER });
  let t: TestApp;
  const token = (aud: unknown) =>
    entra.sign({ aud, tid: TENANT, oid: AGENT, scp: 'access_as_user', name: 'Aïcha' });

  beforeAll(async () => {
    await entra.start();
    t = await startTestApp({
      now: '2026-11-23T10:00:00+01:00',
      env: {
        AAD_APP_CLIENT_ID: CLIENT_ID,
        AAD_APP_TENANT_ID: TENANT,
        AAD_JWKS_URI: `${entra.url}/keys`,
        PUBLIC_URL: `https://${HOST}/`,
      },
    });
    await t.app.deps.quizzes.save(buildQuiz(1));
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  });
  afterAll(async () => {
    await t.close();
    await entra.stop();
  });

  it.each([CLIENT_ID, `api://${HOST}/${CLIENT_ID}`, `api://${CLIENT_ID}`])(
    'accepts a token for %s (the client id, the manifest’s resource, the bare URI)',
    async (aud) => {
      expect((await t.get('/api/me', bearer(token(aud)))).status).toBe(200);
    },
  );

  it(`refuses the ${FOREIGN_AUDIENCES.length} audiences of other apps, alone or together`, async () => {
    // given tokens signed by the tenant's own key, for another app
    expect(FOREIGN_AUDIENCES).toHaveLength(32);

    // when each is presented
    const statuses = await Promise.all(
      FOREIGN_AUDIENCES.map(async (aud) => (await t.get('/api/me', bearer(token(aud)))).status),
    );
    const together = await t.get('/api/me', bearer(token(FOREIGN_AUDIENCES)));

    // then none gets in
    expect(FOREIGN_AUDIENCES.filter((_, i) => statuses[i] !== 401)).toEqual([]);
    expect(together.status).toBe(401);
  });
});

describe('tab sign-in keys while the key server is down', () => {
  const entra = new OpenIdStandIn({ issuer: V2_ISSUER });
  const keys = new FailingKeyServer();
  let t: TestApp;

  beforeAll(async () => {
    await entra.start();
    await keys.start();
    t = await startTestApp({
      env: {
        AAD_APP_CLIENT_ID: CLIENT_ID,
        AAD_APP_TENANT_ID: TENANT,
        AAD_JWKS_URI: `${keys.url}/keys`,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await keys.stop();
    await entra.stop();
  });

  it('asks it once for 50 requests, refusing each at once (the failure waits out a back-off)', async () => {
    // given a valid-looking token whose key the app must fetch
    const token = entra.sign({ aud: CLIENT_ID, tid: TENANT, oid: AGENT, scp: 'access_as_user' });

    // when 50 requests come, 25 at once then 25 one after the other (before the fix: 50 fetches)
    const first = await Promise.all(
      Array.from({ length: 25 }, () => t.get('/api/me', bearer(token))),
    );
    const next = [];
    for (let i = 0; i < 25; i += 1) next.push(await t.get('/api/me', bearer(token)));

    // then
    console.log(
      `signing-key fetches for 50 tab requests while the key server is down: ${keys.requests}`,
    );
    expect([...first, ...next].every((response) => response.status === 401)).toBe(true);
    expect(keys.requests).toBe(1);
  });
});

describe('the development sign-in: local mode only, from this machine only, never through a proxy', () => {
  it('is refused to a deployed bot without the tab’s registration, organiser or not', async () => {
    // given the bot's app id but no AAD_APP_CLIENT_ID, NODE_ENV unset (the reported set-up)
    const t = await startTestApp({
      env: {
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppType: 'MultiTenant',
        HOST: '127.0.0.1',
        ORGANISER_IDS: ORGANISER,
      },
    });
    try {
      await t.app.deps.challenges.saveAsCurrent(buildChallenge());

      // when the organiser's id is claimed through the dev header (what a reverse proxy on the host lets through)
      const me = await t.get('/api/me', { Authorization: `Dev ${ORGANISER}` });
      const send = await t.post(
        '/api/admin/quiz/send',
        { date: '2026-11-23' },
        {
          Authorization: `Dev ${ORGANISER}`,
        },
      );

      // then nobody gets in, and the answer says what is missing (the tab's registration), not who was refused
      expect(me.status).toBe(503);
      expect(me.body).toMatchObject({ error: 'sign_in_not_configured' });
      expect(String((me.body as { message: string }).message)).toContain('AAD_APP_CLIENT_ID');
      expect(send.status).toBe(503);
    } finally {
      await t.close();
    }
  });

  describe('in local mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ now: '2026-11-23T10:00:00+01:00' });
      await t.app.deps.challenges.saveAsCurrent(buildChallenge());
    });
    afterAll(() => t.close());

    it('accepts a request from this machine', async () => {
      expect((await t.get('/api/me', { Authorization: 'Dev demo-agent-1-1' })).status).toBe(200);
    });

    it.each([
      ['X-Forwarded-For', '203.0.113.7'],
      ['Forwarded', 'for=203.0.113.7;proto=https'],
      ['X-Real-IP', '203.0.113.7'],
      ['X-Forwarded-Host', 'defi.example.fr'],
    ])('refuses a request a proxy forwarded (%s)', async (header, value) => {
      const response = await t.get('/api/me', {
        Authorization: 'Dev demo-agent-1-1',
        [header]: value,
      });
      expect(response.status).toBe(401);
    });
  });
});
