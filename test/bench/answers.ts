import type { Activity } from 'botbuilder';
import { conversationReferenceOf } from '../../src/bot/bot';
import { buildChallenge, buildQuiz } from '../support/builders';
import { executeActivity, type TestAgent } from '../support/activities';
import { percentile, pool, startBenchApp } from './support';

/**
 * Answers: agents answering the quiz card as Teams posts it (adaptiveCard/action invokes over HTTP).
 * Prints p50/p95/p99 latency at a steady 100 answers/s, then the highest sustained rate with many in flight.
 */
export async function benchAnswers(
  total = Number(process.env.BENCH_ANSWERS ?? 10_000),
): Promise<void> {
  const bench = await startBenchApp({
    now: '2026-11-23T10:00:00+01:00',
    env: { TABLE_PREFIX: 'answers' },
  });
  try {
    const { deps } = bench.app;
    await deps.quizzes.save(buildQuiz(1));
    await deps.challenges.saveAsCurrent(buildChallenge({ teamsLockAt: '2026-12-01T00:00:00Z' }));
    // total / 2 agents answering two questions each, in teams of 10.
    const agentCount = Math.ceil(total / 2);
    const agents: TestAgent[] = Array.from({ length: agentCount }, (_, i) => ({
      id: `bench-agent-${i}`,
      name: `Agent ${i}`,
      conversationId: `conv-${i}`,
    }));
    // Registered as the bot would have done on install: same name, locale and conversation reference.
    await pool(agents, 16, (agent) => {
      const activity = executeActivity(
        agent,
        bench.connector.url,
        'quiz.answer',
        {},
      ) as unknown as Activity;
      return deps.agents.register(
        {
          id: agent.id,
          tenantId: 'tenant-test',
          name: agent.name,
          locale: 'fr',
          conversationReference: conversationReferenceOf(activity),
        },
        new Date().toISOString(),
      );
    });
    const teams = Math.ceil(agentCount / 10);
    await pool(
      Array.from({ length: teams }, (_, t) => t),
      8,
      async (t) => {
        const members = agents.slice(t * 10, t * 10 + 10);
        const empty = { points: 0, events: 0, lastAt: null };
        await deps.teams.create(
          'c1',
          {
            id: `team-${t}`,
            name: `Équipe ${t}`,
            nameKey: `equipe ${t}`,
            joinCode: `T${t}`,
            createdAt: '',
          },
          { agentId: members[0]!.id, name: members[0]!.name },
          empty,
        );
        for (const member of members.slice(1)) {
          await deps.teams.addMember(
            'c1',
            `team-${t}`,
            { agentId: member.id, name: member.name },
            empty,
            () => undefined,
          );
        }
      },
    );
    const jobs = agents
      .flatMap((agent, i) => [
        { agent, questionId: 'j1-q1', choice: i % 3 ? 'b' : 'a' },
        { agent, questionId: 'j1-q2', choice: i % 2 ? 'a,c' : 'c' },
      ])
      .slice(0, total);
    // Interleave so an agent's two answers are far apart, as people answer.
    jobs.sort((a, b) => (a.questionId === b.questionId ? 0 : a.questionId < b.questionId ? -1 : 1));

    const answer = async (job: (typeof jobs)[number]) => {
      const started = performance.now();
      const response = await fetch(`${bench.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          executeActivity(job.agent, bench.connector.url, 'quiz.answer', {
            challengeId: 'c1',
            quizId: 'j1',
            questionId: job.questionId,
            choice: job.choice,
          }),
        ),
      });
      const body = (await response.json()) as { statusCode?: number; value?: unknown };
      if (
        response.status !== 200 ||
        body.statusCode !== 200 ||
        !JSON.stringify(body.value).includes('réponse')
      ) {
        throw new Error(`answer refused: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      }
      return performance.now() - started;
    };

    // Phase 1: a steady 100 answers per second (open loop: each answer leaves on schedule).
    const steady = jobs.slice(0, Math.min(3000, Math.floor(total * 0.3)));
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      steady.map(async (job, i) => {
        const due = t0 + i * 10 - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        latencies.push(await answer(job));
      }),
    );
    latencies.sort((a, b) => a - b);
    console.log(
      `answers at 100/s (${steady.length}): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (goal p95 ≤ 50 ms)`,
    );

    // Phase 2: as fast as it goes, 32 in flight.
    const rest = jobs.slice(steady.length);
    const t1 = performance.now();
    const flatOut: number[] = [];
    await pool(rest, 32, async (job) => flatOut.push(await answer(job)));
    const seconds = (performance.now() - t1) / 1000;
    flatOut.sort((a, b) => a - b);
    console.log(
      `answers flat out (${rest.length}, 32 in flight): ${(rest.length / seconds).toFixed(0)} answers/s sustained (goal ≥ 400/s), p95 ${percentile(flatOut, 95).toFixed(1)} ms`,
    );
    const recorded = (await deps.teams.list('c1')).reduce(
      (sum, team) => sum + Object.values(team.tallies).reduce((s, t) => s + t.events, 0),
      0,
    );
    console.log(`  recorded ${recorded} of ${jobs.length} answers in the team tallies`);
  } finally {
    await bench.close();
  }
}

if (require.main === module)
  benchAnswers().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
