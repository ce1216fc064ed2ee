import { mb, percentile } from './common';
import { describeCounts } from '../support/counting-proxy';
import { agentsInTeams, givenQuizOpenNow, givenRegistered, timeNowIn, todayIn } from './seed';
import { describeIdle, idleCostPerSecond, memoryOf, sleep, startWorld } from './world';

/**
 * Broadcast: the day's quiz to BENCH_AGENTS registered agents (10,000) through the app's own fan-out, started as an
 * organiser does (POST /api/admin/quiz/send), the compiled app in its own process. The connector stand-in, in its
 * own process, enforces BENCH_RATE messages/s (50, Teams' limit per app and tenant: 10,000 cards take 200 s) and
 * answers 429 + Retry-After to a random BENCH_429_SHARE of calls (5 %). Prints the duration and achieved rate, lost
 * and duplicated cards, the app's CPU and store calls per message, 429s per message against the injected share,
 * and the app's peak RSS. Figures are printed, never asserted.
 */
export async function benchBroadcast(
  agentCount = Number(process.env.BENCH_AGENTS ?? 10_000),
): Promise<void> {
  const rate = Number(process.env.BENCH_RATE ?? 50);
  const injected = Number(process.env.BENCH_429_SHARE ?? 0.05);
  const world = await startWorld({
    tablePrefix: 'broadcast',
    connector: { ratePerSecond: rate, random429Share: injected },
  });
  try {
    // Given: today's quiz opening now, as the scheduler sends it at its send time (BENCH_LATE_SEND=1: opened at
    // 00:00, so that each card is built from the agent's answers, as a send started late is), and N agents
    // registered as the bot registers them.
    const late = process.env.BENCH_LATE_SEND === '1';
    await givenQuizOpenNow(world, {}, late ? '00:00' : timeNowIn());
    console.log(
      late
        ? "  a late send: the quiz opened at 00:00, each card built from the agent's answers (BENCH_LATE_SEND=1)"
        : '  the morning send: the quiz opens now, as the scheduler sends it at its send time',
    );
    const agents = agentsInTeams('b', agentCount);
    const seeding = performance.now();
    await givenRegistered(world, agents);
    console.log(
      `  seeded ${agentCount} agents in ${((performance.now() - seeding) / 1000).toFixed(0)} s; app ${world.app.root}${world.app.nodeFlags.length ? ` (node ${world.app.nodeFlags.join(' ')})` : ''}`,
    );
    const app = await world.startApp({
      BROADCAST_RATE_PER_SECOND: String(rate),
      ORGANISER_IDS: 'bench-organiser',
    });
    console.log(
      '  goals (issue 14): ≤ 5 store calls and ≤ 3 ms of app CPU per message; 429s within 2 points of the injected share; peak RSS ≤ 150 MB at 10,000 agents',
    );
    const idle = await idleCostPerSecond(world);
    console.log(`  ${describeIdle(idle)}`);
    const startRss = memoryOf(app.pid).rss;

    // When: an organiser starts the day's send, and the bench waits until every agent has their card.
    const rss = app.sampleRss();
    let stalled = false;
    const { cost } = await world.measure(async () => {
      const response = await fetch(`${app.url}/api/admin/quiz/send`, {
        method: 'POST',
        headers: { Authorization: 'Dev bench-organiser', 'Content-Type': 'application/json' },
        body: JSON.stringify({ date: todayIn() }),
      });
      if (response.status !== 202)
        throw new Error(`send refused: ${response.status} ${await response.text()}`);
      let last = -1;
      let lastMoved = Date.now();
      for (;;) {
        await sleep(2000);
        const { perConversation } = await world.connector.stats();
        const reached = Object.keys(perConversation).length;
        if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${reached}/${agentCount}\n`);
        if (reached >= agentCount) break;
        if (reached !== last) lastMoved = Date.now();
        else if (Date.now() - lastMoved > 30_000) {
          stalled = true;
          break;
        }
        last = reached;
      }
      // The last deliveries' bookkeeping (delivery rows, queue deletes) belongs to the send: wait for quiet.
      for (let quiet = 0, waited = 0; quiet < 2 && waited < 20; waited += 1) {
        const before = world.storeCounts().total;
        await sleep(1000);
        quiet = world.storeCounts().total - before <= idle.store.total + 1 ? quiet + 1 : 0;
      }
    });
    const peak = rss.stop();
    const { peak: highWater } = memoryOf(app.pid);

    // Then: what it cost per message, and how it met the connector's limit.
    const stats = await world.connector.stats();
    const counts = Object.values(stats.perConversation);
    const delivered = counts.length;
    const duplicates = counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const times = [...stats.times].sort((a, b) => a - b);
    const achieved = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    // Steady state: the middle 80 % of cards, without the start and the last retries' tail.
    const from = Math.floor(times.length * 0.1);
    const to = Math.floor(times.length * 0.9);
    const steady = (to - from) / ((times[to]! - times[from]!) / 1000);
    const answered429 = stats.rejected['429'] ?? 0;
    const share = (n: number) => `${((n / stats.requests) * 100).toFixed(1)} %`;
    console.log(
      `broadcast: ${agentCount} agents at ${rate}/s in ${cost.seconds.toFixed(1)} s${stalled ? ' (STALLED: no card for 30 s)' : ''}; first card to last ${((times.at(-1)! - times[0]!) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  achieved ${achieved.toFixed(2)} msg/s = ${((achieved / rate) * 100).toFixed(1)} % of the ${rate}/s ceiling, steady state ${steady.toFixed(2)} msg/s; lost ${agentCount - delivered}, duplicates ${duplicates}`,
    );
    console.log(
      `  app CPU ${(cost.cpuMs / delivered).toFixed(2)} ms per message (${((cost.cpuMs / cost.seconds / 1000) * 100).toFixed(0)} % of a core); ${describeCounts(cost.store, delivered, 'message')}`,
    );
    console.log(
      `  connector: ${(stats.requests / delivered).toFixed(3)} requests per message; 429 answered to ${share(answered429)} of requests (${(answered429 / delivered).toFixed(3)} per message) where ${(injected * 100).toFixed(1)} % are injected (random ${share(stats.random429)}, over the ${rate}/s limit ${share(stats.overLimit)})`,
    );
    console.log(
      `  app RSS: ${mb(startRss)} before the send, peak ${mb(peak)} sampled every 100 ms (VmHWM ${mb(highWater)})`,
    );
    if (stalled) console.log(`  the app's last words:\n${app.output().slice(-2000)}`);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    console.log(
      `  gap between cards p50 ${percentile(
        [...gaps].sort((a, b) => a - b),
        50,
      ).toFixed(0)} ms, max ${Math.max(...gaps).toFixed(0)} ms`,
    );
  } finally {
    await world.close();
  }
}

if (require.main === module)
  benchBroadcast().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
