import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate } from '../../../src/domain/time';
import { startEmbeddedAzurite } from '../../../src/storage/azurite';
import type { BroadcastRepository } from '../../../src/domain/ports';
import { azureRepositories, openTables } from '../../../src/storage/azure';
import { buildAgent, installActivity } from '../../support/activities';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { ConnectorStandIn } from '../../support/connector';
import { exitOf, isAlive, startTs } from '../../support/processes';
import { testConnectionString, uniquePrefix } from '../../support/storage';
import { startTestApp } from '../../support/test-app';

/** Crashes and outages in the middle of a send: nothing lost, nothing sent twice. */

// The quiz of these tests is open all day, today (real clock: these runs use real processes).
const today = localDate(Date.now(), 'Europe/Paris');
const challenge = buildChallenge({
  startDate: today,
  days: 1,
  teamsLockAt: new Date(Date.now() + 86_400_000).toISOString(),
});
const quiz = buildQuiz(1, { sendAt: '00:00', closeAt: '23:59' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cardsPerConversation(connector: ConnectorStandIn): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sent of connector.sent)
    counts.set(sent.conversationId, (counts.get(sent.conversationId) ?? 0) + 1);
  return counts;
}

async function settled(broadcasts: BroadcastRepository, sendId: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = await broadcasts.listDeliveries(sendId);
    if (
      deliveries.length > 0 &&
      deliveries.every((d) => d.state === 'sent' || d.state === 'failed')
    )
      return deliveries;
    if (Date.now() > until)
      throw new Error(`not settled: ${JSON.stringify(deliveries.map((d) => d.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('kill -9 of the server mid-send', () => {
  const connector = new ConnectorStandIn();
  const prefix = uniquePrefix();
  const env = {
    AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    PORT: '0',
    DEMO: 'false',
    SCHEDULER: 'off',
    MicrosoftAppId: '',
    NODE_ENV: 'development',
    ORGANISER_IDS: 'organiser-1',
    BROADCAST_RATE_PER_SECOND: '20',
    // Four deliveries in process at most: once four requests are held at the connector, no other delivery can be
    // marked, so the kill below lands where the design promises exactly one card (see the kill).
    BROADCAST_CONCURRENCY: '4',
    BROADCAST_IDLE_POLL_MS: '50',
    BROADCAST_VISIBILITY_SECONDS: '3',
    BROADCAST_SENDING_LEASE_MS: '3000',
  };
  beforeAll(() => connector.start());
  afterAll(() => connector.stop());

  it('restarts and every agent has exactly one card', async () => {
    const tables = await openTables(testConnectionString(), prefix);
    const deps = azureRepositories(tables);
    await deps.quizzes.save(quiz);
    await deps.challenges.saveAsCurrent(challenge);

    const ready = /bot="http:\/\/127\.0\.0\.1:(\d+)\/api\/messages"/;
    const first = await startTs('src/main.ts', env, ready);
    let second: Awaited<ReturnType<typeof startTs>> | undefined;
    try {
      const base = `http://127.0.0.1:${first.match[1]}`;
      const agents = Array.from({ length: 60 }, () => buildAgent());
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      for (let i = 0; i < agents.length; i += 20) {
        await Promise.all(
          agents
            .slice(i, i + 20)
            .map((agent) => post('/api/messages', installActivity(agent, connector.url))),
        );
      }
      connector.clear();
      const started = await post(
        '/api/admin/quiz/send',
        { date: today },
        { Authorization: 'Dev organiser-1' },
      );
      expect(started.status).toBe(202);
      const { sendId } = (await started.json()) as { sendId: string };

      await connector.waitFor(15, 20_000);
      // The kill lands while four requests are on their way (held at the connector, as Teams would be slow): their
      // rows are marked 'sending' and the cards reach the agents. A kill between a mark and its request (a window
      // of a few milliseconds, which a loaded machine stretches) cannot know whether the card went: the design
      // counts it sent rather than risk a second card, and this test does not aim its kill there.
      connector.inject({ kind: 'slow', delayMs: 2000, times: 4 });
      for (let i = 0; i < 200 && connector.held < 4; i += 1) await sleep(10);
      expect(connector.held).toBe(4);
      first.child.kill('SIGKILL');
      await exitOf(first.child);

      // The server itself is gone, not just a wrapper around it: no process, nothing on its port, no more cards.
      expect(isAlive(first.child.pid!)).toBe(false);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      // The held requests had arrived: they are cards the agents get.
      for (let i = 0; i < 400 && connector.held > 0; i += 1) await sleep(10);
      await sleep(300);
      const beforeRestart = connector.sent.length;
      await sleep(1_500);
      expect(connector.sent.length).toBe(beforeRestart);
      expect(beforeRestart).toBeLessThan(60);

      second = await startTs('src/main.ts', env, ready);
      const deliveries = await settled(deps.broadcasts, sendId, 40_000);
      expect(deliveries.filter((d) => d.state === 'sent')).toHaveLength(60);
      const counts = cardsPerConversation(connector);
      expect(counts.size).toBe(60);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    } finally {
      first.child.kill('SIGKILL');
      if (second) {
        second.child.kill('SIGINT');
        await exitOf(second.child);
      }
    }
  }, 90_000);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('Azurite restarted mid-send', () => {
  it('resumes when the store is back, and every agent has exactly one card', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'defi-azurite-'));
    const ports = { tablePort: await freePort(), queuePort: await freePort() };
    let azurite = await startEmbeddedAzurite({ location: dir, ...ports });
    const t = await startTestApp({
      env: {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        BROADCAST_RATE_PER_SECOND: '20',
        // Four deliveries in process at most: once four requests are held at the connector, no other delivery can be
        // marked, so the kill below lands where the design promises exactly one card (see the kill).
        BROADCAST_CONCURRENCY: '4',
        BROADCAST_VISIBILITY_SECONDS: '3',
        BROADCAST_SENDING_LEASE_MS: '3000',
      },
    });
    try {
      await t.app.deps.quizzes.save(quiz);
      await t.app.deps.challenges.saveAsCurrent(challenge);
      const agents = Array.from({ length: 40 }, () => buildAgent());
      await Promise.all(
        agents.map((agent) => t.post('/api/messages', installActivity(agent, t.connector.url))),
      );
      t.connector.clear();
      const { sendDailyQuiz } = await import('../../../src/usecases/send-daily-quiz');
      const { send } = await sendDailyQuiz(t.app.deps, { date: today, requestedBy: 'test' });
      await t.connector.waitFor(10, 20_000);
      await azurite.close(); // saves to disk, like a stop of the emulator
      await new Promise((resolve) => setTimeout(resolve, 1500));
      azurite = await startEmbeddedAzurite({ location: dir, ...ports });
      const deliveries = await settled(t.app.broadcasting.broadcasts, send.id, 40_000);
      expect(deliveries.filter((d) => d.state === 'sent')).toHaveLength(40);
      const counts = cardsPerConversation(t.connector);
      expect(counts.size).toBe(40);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    } finally {
      await t.close();
      await azurite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
