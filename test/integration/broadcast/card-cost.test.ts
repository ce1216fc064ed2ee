import { Broadcasting } from '../../../src/broadcast/broadcasting';
import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ChallengeAdapter } from '../../../src/bot/adapter';
import { broadcastPayloads } from '../../../src/bot/broadcast-payloads';
import { BotMessenger } from '../../../src/bot/proactive';
import type { Clock } from '../../../src/domain/ports';
import { silentLogger } from '../../../src/log';
import { AzureDeliveryQueue, azureRepositories, openTables } from '../../../src/storage/azure';
import { systemIds } from '../../../src/system';
import { sendDailyQuiz } from '../../../src/usecases/send-daily-quiz';
import { reachableRegistration } from '../../support/activities';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { ConnectorStandIn } from '../../support/connector';
import { CountingProxy, diffCounts } from '../../support/counting-proxy';
import { testConnectionString, uniquePrefix } from '../../support/storage';

/**
 * What one quiz card costs on the whole worker path, measured where it is paid: every request the app makes to
 * the store (Azurite, through counting proxies), and every request the connector stand-in sees, for a modest
 * send through the real fan-out, queue, worker, payload builder, rate limiter and BotMessenger. The store calls
 * are counted exactly; the 429s depend on timing (how requests reach the connector on a busy machine), so this
 * test only guards against their coming back in numbers, and `npm run bench -- broadcast` measures them.
 */

/** The test Azurite's connection string with both endpoints pointed at counting proxies. */
async function proxied(connectionString: string) {
  const endpoint = (name: string) =>
    new URL(new RegExp(`${name}Endpoint=([^;]+)`).exec(connectionString)![1]!);
  const table = endpoint('Table');
  const queue = endpoint('Queue');
  const tables = await new CountingProxy('table', Number(table.port)).start();
  const queues = await new CountingProxy('queue', Number(queue.port)).start();
  let from = { tables: tables.snapshot(), queues: queues.snapshot() };
  const counted = () => ({
    tables: diffCounts(from.tables, tables.snapshot()),
    queues: diffCounts(from.queues, queues.snapshot()),
  });
  return {
    connectionString: connectionString
      .replace(
        /TableEndpoint=[^;]+/,
        `TableEndpoint=http://127.0.0.1:${tables.port}${table.pathname}`,
      )
      .replace(
        /QueueEndpoint=[^;]+/,
        `QueueEndpoint=http://127.0.0.1:${queues.port}${queue.pathname}`,
      ),
    calls: () => counted().tables.total + counted().queues.total,
    kinds: () => ({ tables: counted().tables.byKind, queues: counted().queues.byKind }),
    reset: () => {
      from = { tables: tables.snapshot(), queues: queues.snapshot() };
    },
    stop: () => Promise.all([tables.stop(), queues.stop()]),
  };
}

const AGENTS = 250;
const INJECTED = 0.05;

describe('a quiz card sent by the fan-out', () => {
  it('costs at most 3 store calls, and the 429s stay close to what the connector injects', async () => {
    const store = await proxied(testConnectionString());
    const connector = await new ConnectorStandIn({
      ratePerSecond: 50,
      random429Share: INJECTED,
    }).start();
    const prefix = uniquePrefix();
    const tables = await openTables(store.connectionString, prefix);
    const repositories = azureRepositories(tables);
    const queue = new AzureDeliveryQueue(store.connectionString, `${prefix}-q`, 2);
    await queue.ensure();
    // The quiz opened a few seconds ago: the morning send.
    const clock: Clock = { now: () => Date.parse('2026-11-23T09:00:05+01:00') };
    const fanOut = new QueuedFanOut({
      broadcasts: repositories.broadcasts,
      queue,
      clock,
      log: silentLogger,
      instanceId: 'i1',
      queueWindow: 1000,
    });
    const deps = {
      ...repositories,
      fanOut,
      clock,
      ids: systemIds,
      organiserIds: new Set<string>(),
    };
    // Local mode (no app id): botbuilder sends without a token, as `npm start` does.
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({}),
    ) as unknown as ChallengeAdapter;
    const broadcasting = new Broadcasting(
      {
        broadcasts: repositories.broadcasts,
        queue,
        agents: repositories.agents,
        messenger: new BotMessenger(adapter, ''),
        payloads: broadcastPayloads(deps),
        clock,
        log: silentLogger,
        random: Math.random,
      },
      {
        instanceId: 'i1',
        ratePerSecond: 50,
        workers: true,
        concurrency: 32,
        maxTries: 5,
        visibilitySeconds: 60,
        sendingLeaseMs: 30_000,
        idlePollMs: 100,
      },
    );
    try {
      await repositories.quizzes.save(buildQuiz(1));
      await repositories.challenges.saveAsCurrent(buildChallenge());
      const ids = Array.from({ length: AGENTS }, (_, i) => `agent-${i}`);
      for (let i = 0; i < ids.length; i += 50)
        await Promise.all(
          ids
            .slice(i, i + 50)
            .map((id) =>
              repositories.agents.register(
                reachableRegistration(id, connector.url),
                new Date().toISOString(),
              ),
            ),
        );
      await broadcasting.start();
      store.reset();
      const started = Date.now();
      const { send } = await sendDailyQuiz(deps, { date: '2026-11-23', requestedBy: 'test' });
      const enqueuedAfter = Date.now() - started;
      await connector.waitFor(AGENTS, 30_000);
      // Let the last deliveries be recorded and their messages deleted.
      for (let i = 0; i < 100; i += 1) {
        const deliveries = await repositories.broadcasts.listDeliveries(send.id);
        if (deliveries.every((d) => d.state === 'sent')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const elapsed = Date.now() - started;
      const times = connector.sent.map((sent) => sent.at).sort((a, b) => a - b);
      const firstCardAfter = times[0]! - started;
      const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
      await broadcasting.stop();
      const calls = store.calls();
      const perConversation = new Map<string, number>();
      for (const sent of connector.sent)
        perConversation.set(
          sent.conversationId,
          (perConversation.get(sent.conversationId) ?? 0) + 1,
        );
      const throttled = connector.rejected.filter((r) => r.status === 429).length;
      const share = throttled / connector.counts.requests;
      console.log(
        `${AGENTS} cards in ${elapsed} ms (enqueued after ${enqueuedAfter} ms, first card after ${firstCardAfter} ms, then ${rate.toFixed(1)}/s): ${(calls / AGENTS).toFixed(2)} store calls per card ` +
          `${JSON.stringify(store.kinds())}; ${connector.counts.requests} requests, 429 ${(share * 100).toFixed(1)} % ` +
          `(injected ${connector.counts.random429}, over the limit ${connector.counts.overLimit})`,
      );
      expect(perConversation.size).toBe(AGENTS);
      expect([...perConversation.values()].every((n) => n === 1)).toBe(true);
      // ≈ 1.8 measured (≈ 3.6 before deliveries were bundled 16 to a queue message); the rest is headroom for
      // 429s and idle receives on a slow machine.
      expect(calls / AGENTS).toBeLessThanOrEqual(3);
      // The issue measured a quarter of attempts answered 429 where 5 % were injected; here 5–7 % on a quiet
      // machine. The connector shares this process's event loop, so a busy machine bunches what it sees: the
      // bound catches the old behaviour, the bench gives the figure (connector in its own process).
      expect(share).toBeLessThanOrEqual(INJECTED + 0.08);
    } finally {
      await broadcasting.stop();
      await connector.stop();
      await store.stop();
    }
  }, 60_000);
});
