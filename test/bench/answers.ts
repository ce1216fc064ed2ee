import {
  agentsInTeams,
  answer,
  answerJob,
  givenQuizOpenNow,
  givenRegistered,
  givenTeams,
  latencies,
  shuffled,
  type AnswerOutcome,
} from './seed';
import {
  describeCost,
  describeIdle,
  idleCostPerSecond,
  openLoop,
  sleep,
  startWorld,
  type BenchWorld,
} from './world';

/**
 * Answers: agents in teams of 10 answering the quiz card as Teams posts a click (adaptiveCard/action invokes over
 * HTTP) to the compiled app in its own process. Open loop at 10, 25, 50 and 100 answers/s (BENCH_RATES), each for
 * BENCH_PHASE_SECONDS (20): p50/p95/p99, the app's CPU per answer and its store calls per answer by kind. Then a
 * whole team answering at the same instant, team after team: p95, store calls per answer, failures, and whether
 * the team rows count every answer. Figures are printed, never asserted.
 */
export async function benchAnswers(): Promise<void> {
  const rates = (process.env.BENCH_RATES ?? '10,25,50,100').split(',').map(Number);
  const seconds = Number(process.env.BENCH_PHASE_SECONDS ?? 20);
  const bursts = Number(process.env.BENCH_TEAM_BURSTS ?? 50);
  const world = await startWorld({ tablePrefix: 'answers' });
  try {
    // Given: today's quiz open, and for each phase its own agents (each answers both questions), in teams of 10.
    await givenQuizOpenNow(world, { teamsLockAt: '2099-01-01T00:00:00Z' });
    const warmUp = agentsInTeams('warm', 100);
    const phases = rates.map((rate) => ({
      rate,
      answers: rate * seconds,
      agents: agentsInTeams(`r${rate}`, Math.ceil((rate * seconds) / 20) * 10),
    }));
    const together = agentsInTeams('together', bursts * 10);
    const everyone = [...warmUp, ...phases.flatMap((p) => p.agents), ...together];
    const seeding = performance.now();
    await givenRegistered(world, everyone);
    await givenTeams(world, warmUp);
    for (const phase of phases) await givenTeams(world, phase.agents);
    const togetherTeams = await givenTeams(world, together);
    console.log(
      `  seeded ${everyone.length} agents in ${everyone.length / 10} teams in ${((performance.now() - seeding) / 1000).toFixed(0)} s; app ${world.app.root}${world.app.nodeFlags.length ? ` (node ${world.app.nodeFlags.join(' ')})` : ''}`,
    );
    console.log(
      '  goals (issue 14): ≤ 3 store calls and ≤ 2.5 ms of app CPU per answer, p95 ≤ 50 ms at 100/s; no collapse when a whole team answers together',
    );
    // No broadcast workers: their idle queue polls would be counted as the answers' store calls.
    await world.startApp({ WORKERS: 'off' });
    console.log(`  ${describeIdle(await idleCostPerSecond(world))}`);

    // Both questions of each agent, the first ones before the second ones, in a fixed shuffled order.
    const jobsOf = (agents: typeof warmUp, count = agents.length * 2) =>
      [
        ...shuffled(agents, 1).map((agent, i) => answerJob(agent, 'j1-q1', i % 3 !== 0)),
        ...shuffled(agents, 2).map((agent, i) => answerJob(agent, 'j1-q2', i % 2 === 0)),
      ].slice(0, count);
    const failuresOf = (outcomes: AnswerOutcome[]) => {
      const failed = outcomes.filter((o) => !o.ok);
      return failed.length ? `, ${failed.length} FAILED (${failed[0]!.detail})` : ', no failure';
    };

    // Warm-up: the JIT and the app's caches settle; not reported.
    const warmJobs = jobsOf(warmUp);
    await openLoop(warmJobs.length, 50, (i) => answer(world, warmJobs[i]!));

    let confirmed = warmJobs.length;
    for (const phase of phases) {
      // When: answers leave on schedule (open loop), whatever the app's latency.
      const jobs = jobsOf(phase.agents, phase.answers);
      const { result, cost } = await world.measure(() =>
        openLoop(jobs.length, phase.rate, (i) => answer(world, jobs[i]!)),
      );
      const outcomes = result.results;
      confirmed += outcomes.filter((o) => o.ok).length;
      // Then: latency, the app's CPU and store calls per answer.
      console.log(
        `answers at ${phase.rate}/s (${jobs.length} in ${cost.seconds.toFixed(1)} s): ${latencies(outcomes.map((o) => o.ms))}${failuresOf(outcomes)}`,
      );
      console.log(
        `  ${describeCost(cost, jobs.length, 'answer')}${result.lateMs > 20 ? `; load generator up to ${result.lateMs.toFixed(0)} ms late` : ''}`,
      );
    }

    // When: the ten members of a team answer at the same instant; a team every 200 ms.
    const burstJobs = togetherTeams.map((team, t) =>
      team.members.map((agent, m) => answerJob(agent, 'j1-q1', (t + m) % 2 === 0)),
    );
    const { result: together10, cost } = await world.measure(() =>
      openLoop(burstJobs.length, 5, (t) =>
        Promise.all(burstJobs[t]!.map((job) => answer(world, job))),
      ),
    );
    const outcomes = together10.results.flat();
    confirmed += outcomes.filter((o) => o.ok).length;
    // Then: every confirmed answer is counted on its team's row (read straight from the store, not counted).
    await sleep(200);
    const counted = await Promise.all(
      togetherTeams.map(async (team) => {
        const stored = await world.repositories.teams.get('c1', team.id);
        return Object.values(stored?.tallies ?? {}).reduce((sum, t) => sum + t.events, 0);
      }),
    );
    const short = counted.filter((n) => n < 10).length;
    console.log(
      `whole team at once (${bursts} teams × 10 answers at the same instant, a team every 200 ms): ${latencies(outcomes.map((o) => o.ms))}${failuresOf(outcomes)}`,
    );
    console.log(`  ${describeCost(cost, outcomes.length, 'answer')}`);
    console.log(
      `  team rows count ${counted.reduce((a, b) => a + b, 0)} of ${outcomes.length} answers${short ? ` (${short} teams short)` : ''}`,
    );
    await reportRecorded(world, confirmed);
  } finally {
    await world.close();
  }
}

/** Every answer the app confirmed, counted once on a team row. */
async function reportRecorded(world: BenchWorld, confirmed: number): Promise<void> {
  const teams = await world.repositories.teams.list('c1');
  const recorded = teams.reduce(
    (sum, team) => sum + Object.values(team.tallies).reduce((s, t) => s + t.events, 0),
    0,
  );
  console.log(`  all phases: team rows count ${recorded} of ${confirmed} confirmed answers`);
}

if (require.main === module)
  benchAnswers().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
