import { reachableRegistration } from '../support/activities';
import { sendDailyQuiz } from '../../src/usecases/send-daily-quiz';
import { buildChallenge, buildQuiz } from '../support/builders';
import { mb, pool, rssSampler, startBenchApp, startConnectorProcess } from './support';

/**
 * Broadcast: the day's quiz to N registered agents through a connector stand-in that enforces 50 msg/s and
 * answers 429 + Retry-After on 5 % of calls. Prints total time, achieved rate against the ceiling, lost,
 * duplicates, CPU per message and peak RSS.
 */
export async function benchBroadcast(
  agents = Number(process.env.BENCH_AGENTS ?? 10_000),
): Promise<void> {
  const ceiling = 50;
  const connector = await startConnectorProcess(ceiling);
  const connectorUrl = connector.url;
  const stats = connector.stats;
  const bench = await startBenchApp({
    now: '2026-11-23T09:00:00+01:00',
    env: { BROADCAST_RATE_PER_SECOND: String(ceiling), BROADCAST_CONCURRENCY: '32' },
  });
  try {
    const { deps } = bench.app;
    await deps.quizzes.save(buildQuiz(1));
    await deps.challenges.saveAsCurrent(buildChallenge());
    const ids = Array.from({ length: agents }, (_, i) => `agent-${i}`);
    await pool(ids, 16, (id) =>
      deps.agents.register(reachableRegistration(id, connectorUrl), new Date().toISOString()),
    );
    const rss = rssSampler();
    const cpuBefore = process.cpuUsage();
    const started = Date.now();
    const { send } = await sendDailyQuiz(deps, { date: '2026-11-23', requestedBy: 'bench' });
    const enqueuedAfter = Date.now() - started;
    let last = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const done = (await stats()).sent;
      if (done >= agents) break;
      if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${done}/${agents}\n`);
      if (
        done === last &&
        Date.now() - started > 30_000 &&
        (await bench.app.broadcasting.broadcasts.listDeliveries(send.id)).every(
          (d) => d.state !== 'pending' && d.state !== 'sending',
        )
      )
        break;
      last = done;
    }
    const elapsed = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const peak = rss.stop();
    const final = await stats();
    const counts = Object.values(final.perConversation);
    const duplicates = counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const lost = agents - counts.length;
    // The rate is measured from the first card to the last one.
    const rate = (counts.length - 1) / ((final.lastAt - final.firstAt) / 1000);
    const rejected = final.rejected['429'] ?? 0;
    // Steady state: the middle 80 % of cards, without the start-up and the last retries' tail.
    const times = [...final.times].sort((a, b) => a - b);
    const from = Math.floor(times.length * 0.1);
    const to = Math.floor(times.length * 0.9);
    const steady = (to - from) / ((times[to]! - times[from]!) / 1000);
    console.log(
      `broadcast: ${agents} agents in ${elapsed.toFixed(1)} s (enqueued in ${(enqueuedAfter / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  achieved ${rate.toFixed(2)} msg/s = ${((rate / ceiling) * 100).toFixed(1)} % of the ${ceiling}/s ceiling (goal ≥ 97 %); steady state ${steady.toFixed(2)} msg/s = ${((steady / ceiling) * 100).toFixed(1)} %`,
    );
    console.log(
      `  lost ${lost} (goal 0), duplicates ${duplicates} (goal 0), 429 answered ${rejected}`,
    );
    console.log(
      `  CPU ${((cpu.user + cpu.system) / 1000 / agents).toFixed(2)} ms per message in the app process (Azurite and the stand-in apart), peak RSS ${mb(peak)}`,
    );
  } finally {
    await bench.close();
    connector.stop();
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
