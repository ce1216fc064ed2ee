import { sendDailyQuiz } from '../../src/usecases/send-daily-quiz';
import { buildAgent, installActivity } from '../support/activities';
import { buildChallenge, buildQuiz } from '../support/builders';
import { pool, startBenchApp, startConnectorProcess, type ConnectorStats } from './support';

/** A phase's traffic: the difference between two snapshots of the stand-in, read for the expected conversations. */
function phaseFigures(before: ConnectorStats, after: ConnectorStats, expected: readonly string[]) {
  const counts = expected.map(
    (id) => (after.perConversation[id] ?? 0) - (before.perConversation[id] ?? 0),
  );
  const times = after.times.slice(before.sent);
  const delivered = counts.filter((n) => n > 0).length;
  const span = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
  const sorted = [...times].sort((a, b) => a - b);
  const from = Math.floor(sorted.length * 0.1);
  const to = Math.floor(sorted.length * 0.9);
  return {
    requests: after.requests - before.requests,
    overLimit: after.overLimit - before.overLimit,
    random429: after.random429 - before.random429,
    delivered,
    once: counts.filter((n) => n === 1).length,
    lost: expected.length - delivered,
    duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    // From the phase's first message to its last, as the broadcast bench measures it.
    rate: span > 0 ? (times.length - 1) / span : 0,
    // Every request counts against the ceiling, 429s included: this is the share of it the app used.
    requestRate: span > 0 ? (after.requests - before.requests) / span : 0,
    // The middle 80 % of messages, without the start-up and the last retries' tail.
    steady: sorted.length > 10 ? (to - from) / ((sorted[to]! - sorted[from]!) / 1000) : 0,
  };
}

/**
 * Installations then quiz (issue 10, item 5): N installation events posted to /api/messages 16 at a time, each
 * answered with a welcome card at the app's one pace, then the day's quiz to those N, all through a connector
 * stand-in (its own process) enforcing 50 requests/s with 5 % random 429s. Prints, per phase, the requests over
 * the limit as a share of all requests, what was delivered once, and the rate against the ceiling.
 */
export async function benchInstalls(
  agents = Number(process.env.BENCH_AGENTS ?? 2_000),
): Promise<void> {
  const ceiling = 50;
  const connector = await startConnectorProcess(ceiling);
  const connectorUrl = connector.url;
  const stats = connector.stats;
  const bench = await startBenchApp({
    now: '2026-11-23T09:00:00+01:00',
    env: { BROADCAST_RATE_PER_SECOND: String(ceiling), BROADCAST_CONCURRENCY: '32' },
  });

  /** Polls until `done()` reaches the target, or a minute passes without progress. */
  const follow = async (label: string, done: () => Promise<number>) => {
    let last = -1;
    let lastProgress = Date.now();
    for (;;) {
      const now = await done();
      if (now >= agents) return;
      if (now !== last) lastProgress = Date.now();
      else if (Date.now() - lastProgress > 60_000) return;
      if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${label} ${now}/${agents}\n`);
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };

  const print = (
    title: string,
    figures: ReturnType<typeof phaseFigures>,
    seconds: number,
    what: string,
    rateGoal: string,
  ) => {
    const share = figures.requests ? (figures.overLimit / figures.requests) * 100 : 0;
    console.log(`${title}: ${agents} agents in ${seconds.toFixed(1)} s`);
    console.log(
      `  requests ${figures.requests}, over the limit ${figures.overLimit} = ${share.toFixed(2)} % (goal ≤ 1 %), random 429s ${figures.random429}`,
    );
    console.log(
      `  ${what} delivered once ${figures.once}/${agents}: lost ${figures.lost} (goal 0), duplicates ${figures.duplicates} (goal 0)`,
    );
    console.log(
      `  rate ${figures.rate.toFixed(2)}/s = ${(figures.rate / ceiling).toFixed(3)} of the ${ceiling}/s ceiling${rateGoal}; steady state ${(figures.steady / ceiling).toFixed(3)}`,
    );
    console.log(
      `  requests (429s included) ${figures.requestRate.toFixed(2)}/s = ${(figures.requestRate / ceiling).toFixed(3)} of the ceiling; ${what} can reach at most ${((figures.delivered / Math.max(1, figures.requests)) * 100).toFixed(1)} % of it when every request counts`,
    );
  };

  try {
    const { deps } = bench.app;
    await deps.quizzes.save(buildQuiz(1));
    await deps.challenges.saveAsCurrent(buildChallenge());
    const installing = Array.from({ length: agents }, () => buildAgent());
    const conversations = installing.map((agent) => agent.conversationId);

    // Phase 1: the installation events, 16 turns in flight as Teams would deliver a wave of installs.
    const beforeInstalls = await stats();
    const installsStarted = Date.now();
    const failedTurns: number[] = [];
    await pool(installing, 16, async (agent) => {
      const response = await fetch(`${bench.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(installActivity(agent, connectorUrl)),
      });
      await response.arrayBuffer();
      if (response.status >= 300) failedTurns.push(response.status);
    });
    const welcomed = async () =>
      phaseFigures(beforeInstalls, await stats(), conversations).delivered;
    await follow('welcomes', welcomed);
    const installsSeconds = (Date.now() - installsStarted) / 1000;
    const afterInstalls = await stats();
    print(
      'phase 1, installations 16 at a time',
      phaseFigures(beforeInstalls, afterInstalls, conversations),
      installsSeconds,
      'welcomes',
      '',
    );
    if (failedTurns.length)
      console.log(
        `  turns answered ≥ 300: ${failedTurns.length} (${[...new Set(failedTurns)].join(', ')})`,
      );

    // Phase 2: the day's quiz to the agents the installations registered.
    const quizStarted = Date.now();
    await sendDailyQuiz(deps, { date: '2026-11-23', requestedBy: 'bench' });
    const carded = async () => phaseFigures(afterInstalls, await stats(), conversations).delivered;
    await follow('cards', carded);
    const quizSeconds = (Date.now() - quizStarted) / 1000;
    print(
      'phase 2, the quiz to those agents',
      phaseFigures(afterInstalls, await stats(), conversations),
      quizSeconds,
      'cards',
      ' (goal ≥ 0.97)',
    );
  } finally {
    await bench.close();
    connector.stop();
  }
}

if (require.main === module)
  benchInstalls().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
