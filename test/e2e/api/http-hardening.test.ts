import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../src/log';
import { createHttpServer, MAX_BODY_BYTES } from '../../../src/server';
import { buildAgent, messageActivity } from '../../support/activities';
import { buildChallenge } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

// Six bombs and a real app on two cores shared with the rest of the suite.
jest.setTimeout(60_000);

const MB = 1024 * 1024;

/** The attack of issue 12: 250 MB of zeros through gzip, streamed (never 250 MB in memory here), ~250 KB sent. */
async function gzipBomb(inflatedBytes = 250 * MB): Promise<Buffer> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MB);
  for (let written = 0; written < inflatedBytes; written += MB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

/** The highest resident memory seen while `work` runs (sampled every 5 ms), and the figures around it. */
async function peakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; before: number; peak: number; after: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await work();
    const after = process.memoryUsage().rss;
    return { result, before, peak: Math.max(peak, after), after };
  } finally {
    clearInterval(sampler);
  }
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

describe('the HTTP server under attack (issue 12)', () => {
  let t: TestApp;
  let bomb: Buffer;

  const send = async (
    path: string,
    body: Uint8Array | string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: any; ms: number }> => {
    const started = performance.now();
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, ms: performance.now() - started };
  };
  const gzipJson = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };

  beforeAll(async () => {
    bomb = await gzipBomb();
    t = await startTestApp();
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('a gzip bomb', () => {
    it('is refused with 413 as soon as its decoded bytes pass the limit, without credentials', async () => {
      // given a 243 KB body that inflates to 250 MB (under the limit as sent, a thousand times over it decoded)
      expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
      // when it is posted to the bot, which takes activities before any token is checked
      const { result, before, peak, after } = await peakRss(() =>
        send('/api/messages', bomb, gzipJson),
      );
      // then 413 at once, and the server's memory barely moves (the tests run in the server's process)
      console.log(
        `gzip bomb ×1 (${(bomb.length / 1024).toFixed(0)} KB → 250 MB): 413 in ${result.ms.toFixed(0)} ms; ` +
          `RSS before ${mb(before)}, peak ${mb(peak)}, after ${mb(after)}`,
      );
      expect(result.status).toBe(413);
      expect(result.body).toEqual({
        error: 'payload_too_large',
        message: `request bodies are limited to ${MAX_BODY_BYTES} bytes, once decoded`,
      });
      expect(result.ms).toBeLessThan(2000);
      expect(peak - before).toBeLessThan(50 * MB);
      expect(t.connector.sent).toEqual([]);
    });

    it('six at once on six POST routes: all 413, memory still flat, nothing written', async () => {
      // given the routes a stranger can reach: the bot, and the API whose bodies were read before authentication
      const routes = [
        '/api/messages',
        '/api/checkin',
        '/api/admin/workshops/import',
        '/api/admin/announcements',
        '/api/workshops/w1/signup',
        '/api/admin/quiz/send',
      ];
      // when six bombs arrive in parallel
      const started = performance.now();
      const { result, before, peak, after } = await peakRss(() =>
        Promise.all(routes.map((path) => send(path, bomb, gzipJson))),
      );
      const wall = performance.now() - started;
      // then every one is refused quickly and the process stays small
      console.log(
        `gzip bomb ×6 in parallel: all done in ${wall.toFixed(0)} ms ` +
          `(each ${result.map((r) => r.ms.toFixed(0)).join(', ')} ms); ` +
          `RSS before ${mb(before)}, peak ${mb(peak)}, after ${mb(after)}`,
      );
      expect(result.map((r) => r.status)).toEqual(routes.map(() => 413));
      expect(Math.max(...result.map((r) => r.ms))).toBeLessThan(3000);
      expect(peak - before).toBeLessThan(50 * MB);
      expect(t.connector.sent).toEqual([]);
      expect(await t.app.deps.workshops.list('c1')).toEqual([]);
    });

    it('sent in chunks with no length, is cut once its sent bytes pass the limit', async () => {
      // given a body streamed without Content-Length, larger than the limit even before decoding
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let pushed = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pushed >= 64) controller.close();
          else {
            pushed += 1;
            controller.enqueue(chunk);
          }
        },
      });
      // when it is posted
      const response = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit).catch((error: Error) => error);
      // then 413 (or, if the client was still sending after its answer, a closed connection), never 4 MB read
      if (response instanceof Error) expect(pushed).toBeLessThan(64);
      else expect(response.status).toBe(413);
    });

    it('leaves normal compressed JSON alone: gzip, deflate and br activities are answered', async () => {
      // given an agent who says "aide" in three encodings
      const agent = buildAgent();
      const json = () => JSON.stringify(messageActivity(agent, t.connector.url, 'aide'));
      const bodies: [string, Buffer][] = [
        ['gzip', gzipSync(json())],
        ['deflate', deflateSync(json())],
        ['br', brotliCompressSync(json())],
      ];
      for (const [encoding, body] of bodies) {
        // when each is posted
        const response = await send('/api/messages', body, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Encoding': encoding,
        });
        // then the bot reads it and answers
        expect({ encoding, status: response.status }).toEqual({ encoding, status: 200 });
      }
      expect(t.connector.to(agent.conversationId)).toHaveLength(3);
    });

    it('refuses an encoding it does not decode (415) and a corrupt gzip stream (400)', async () => {
      const activity = JSON.stringify(messageActivity(buildAgent(), t.connector.url, 'aide'));
      const zstd = await send('/api/messages', activity, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'zstd',
      });
      expect(zstd.status).toBe(415);
      expect(zstd.body.error).toBe('unsupported_encoding');
      const twice = await send('/api/messages', gzipSync(gzipSync(activity)), {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip, gzip',
      });
      expect(twice.status).toBe(415);
      const corrupt = await send('/api/messages', gzipSync(activity).subarray(0, 40), gzipJson);
      expect(corrupt.status).toBe(400);
      expect(corrupt.body.error).toBe('bad_encoding');
    });
  });

  describe('a form posted by another site', () => {
    // What a page of any site can make a browser send without a CORS preflight: these three types, no
    // Authorization header. In local mode the bot takes activities without a token: a form reaching it was a
    // message from nobody (restify's body parser turned `conversation[id]=…` into an object).
    const formsFor = (serviceUrl: string, agentId: string) => {
      const fields = {
        type: 'message',
        text: 'devenir organisateur',
        serviceUrl,
        channelId: 'msteams',
        'conversation[id]': `a:personal-${agentId}`,
        'from[id]': `29:${agentId}`,
        'from[aadObjectId]': agentId,
        'recipient[id]': '28:bot-id',
      };
      const multipart = new FormData();
      for (const [name, value] of Object.entries(fields)) multipart.append(name, value);
      return [
        ['application/x-www-form-urlencoded', new URLSearchParams(fields)],
        // enctype="text/plain" can shape a JSON-looking body: name `{"type":"message",…,"x":"` value `"}`
        [
          'text/plain',
          JSON.stringify({ ...fields, conversation: { id: fields['conversation[id]'] } }),
        ],
        ['multipart/form-data', multipart],
      ] as const;
    };

    it('is refused with 415 by the bot, and the bot does nothing', async () => {
      // given a stranger's page that posts a message "from" an agent
      const agent = buildAgent();
      for (const [type, body] of formsFor(t.connector.url, agent.id)) {
        // when the browser sends it (fetch sets the form's own Content-Type, as a form would)
        const response = await fetch(`${t.baseUrl}/api/messages`, {
          method: 'POST',
          ...(type === 'text/plain' ? { headers: { 'Content-Type': 'text/plain' } } : {}),
          body,
        });
        // then it is refused for its type, with a message that says what is taken
        expect({ type, status: response.status }).toEqual({ type, status: 415 });
        expect(await response.json()).toEqual({
          error: 'unsupported_media_type',
          message: expect.stringContaining('application/json'),
        });
      }
      // and nothing happened: no reply, no agent registered, no organiser made
      expect(t.connector.to(agent.conversationId)).toEqual([]);
      expect(await t.app.deps.agents.get(agent.id)).toBeNull();
    });

    it.each([
      '/api/checkin',
      '/api/admin/announcements',
      '/api/workshops/w1/signup',
      '/api/admin/workshops/import',
    ])('is refused with 415 by %s, even with a sign-in header', async (path) => {
      const agent = buildAgent();
      const sentBefore = t.connector.sent.length;
      for (const [type, body] of formsFor(t.connector.url, agent.id)) {
        const signIns: Record<string, string>[] = [{}, { Authorization: `Dev ${agent.id}` }];
        for (const headers of signIns) {
          const response = await fetch(`${t.baseUrl}${path}`, {
            method: 'POST',
            headers: { ...headers, ...(type === 'text/plain' ? { 'Content-Type': type } : {}) },
            body,
          });
          expect({ type, status: response.status }).toEqual({ type, status: 415 });
        }
      }
      expect(await t.app.deps.agents.get(agent.id)).toBeNull();
      expect(t.connector.sent.length).toBe(sentBefore);
    });

    it('still lets the tab post JSON, and a bodiless POST through', async () => {
      // given the tab's own calls: JSON with its sign-in header, or no body at all
      const agent = buildAgent();
      const checkin = await t.post(
        '/api/checkin',
        { code: 'NOPE42' },
        { Authorization: `Dev ${agent.id}` },
      );
      // then they reach the route (an unknown code is the route's answer, not the server's)
      expect(checkin.status).toBe(404);
      const bodiless = await fetch(`${t.baseUrl}/api/workshops/w1/signup`, {
        method: 'POST',
        headers: { Authorization: `Dev ${agent.id}` },
      });
      expect(bodiless.status).toBe(404);
    });
  });

  describe('the headers of every answer', () => {
    it('the tab: a policy that keeps scripts to this origin and framing to Teams and Microsoft 365', async () => {
      const page = await t.get('/tab/');
      expect(page.status).toBe(200);
      const policy = page.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        policy.split(';').map((part) => {
          const [name = '', ...values] = part.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['base-uri']).toEqual(["'none'"]);
      expect(directives['img-src']).toEqual(["'self'", 'data:']);
      expect(directives['frame-ancestors']).toEqual(
        expect.arrayContaining([
          "'self'",
          'https://teams.microsoft.com',
          'https://*.teams.microsoft.com',
          'https://*.cloud.microsoft',
          'https://*.office.com',
          'https://*.microsoft365.com',
        ]),
      );
      expect(directives['frame-ancestors']).not.toContain('*');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it.each(['/api/me', '/healthz', '/nowhere', '/tab/'])(
      '%s: nosniff, no referrer, no banner, no HSTS over plain http',
      async (path) => {
        const response = await t.get(path);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors '");
        expect(response.headers.get('server')).toBeNull();
        expect(response.headers.get('x-powered-by')).toBeNull();
        expect(response.headers.get('strict-transport-security')).toBeNull();
      },
    );

    it('sends HSTS when the request came over TLS (App Service says so in X-Forwarded-Proto)', async () => {
      const response = await t.get('/healthz', { 'X-Forwarded-Proto': 'https' });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const refused = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-Proto': 'https',
        },
        body: 'a=1',
      });
      expect(refused.status).toBe(415);
      expect(refused.headers.get('strict-transport-security')).toBe('max-age=31536000');
    });

    it('sends HSTS on every answer when the public address is https (TLS ended in front of us)', async () => {
      // given a server told its public address
      expect(() =>
        createHttpServer({ routes: [], tabDir: __dirname, log: silentLogger, publicUrl: 'defi' }),
      ).toThrow('publicUrl must be an absolute URL');
      const server = createHttpServer({
        routes: [],
        tabDir: __dirname,
        log: silentLogger,
        publicUrl: 'https://defi.example.fr',
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      try {
        // when a request arrives without any forwarding header
        const response = await fetch(
          `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`,
        );
        // then it still says: https only, for a year
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});
