import type { TransactionAction } from '@azure/data-tables';
import { getLeaderboard } from '../../src/usecases/get-leaderboard';
import { buildChallenge } from '../support/builders';
import { percentile, pool, startBenchApp } from './support';

/**
 * Leaderboard read: 500 teams, 10,000 agents, then 300,000 accepted events: p95 of GET /api/leaderboard and of
 * the uncached store read, before and after the events (goal ≤ 10 ms, flat as events grow).
 */
export async function benchLeaderboard(): Promise<void> {
  const teams = Number(process.env.BENCH_TEAMS ?? 500);
  const agentsPerTeam = 20;
  const eventsPerAgent = Number(process.env.BENCH_EVENTS_PER_AGENT ?? 30);
  const bench = await startBenchApp({
    now: '2026-11-27T17:00:00+01:00',
    env: { TABLE_PREFIX: 'board' },
  });
  try {
    const { deps, storage } = bench.app;
    await deps.challenges.saveAsCurrent(buildChallenge({ maxTeamSize: agentsPerTeam }));
    const empty = { points: 0, events: 0, lastAt: null };
    await pool(
      Array.from({ length: teams }, (_, t) => t),
      8,
      async (t) => {
        const ids = Array.from({ length: agentsPerTeam }, (_, m) => `a-${t}-${m}`);
        await deps.teams.create(
          'c1',
          {
            id: `t${t}`,
            name: `Équipe ${t}`,
            nameKey: `equipe ${t}`,
            joinCode: `C${t}`,
            createdAt: '',
          },
          { agentId: ids[0]!, name: ids[0]! },
          empty,
        );
        for (const id of ids.slice(1))
          await deps.teams.addMember(
            'c1',
            `t${t}`,
            { agentId: id, name: id },
            empty,
            () => undefined,
          );
      },
    );

    const measure = async (label: string) => {
      const api: number[] = [];
      const store: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const t0 = performance.now();
        const response = await fetch(`${bench.baseUrl}/api/leaderboard`, {
          headers: { Authorization: 'Dev a-0-0' },
        });
        await response.arrayBuffer();
        api.push(performance.now() - t0);
        if (i % 4 === 0) {
          const t1 = performance.now();
          await getLeaderboard(deps);
          store.push(performance.now() - t1);
        }
      }
      api.sort((a, b) => a - b);
      store.sort((a, b) => a - b);
      console.log(
        `leaderboard ${label}: GET /api/leaderboard p50 ${percentile(api, 50).toFixed(1)} ms, p95 ${percentile(api, 95).toFixed(1)} ms (goal ≤ 10 ms); uncached read of ${teams} team rows p95 ${percentile(store, 95).toFixed(1)} ms`,
      );
    };
    await measure(`${teams} teams, ${teams * agentsPerTeam} agents, 0 events`);

    // 300,000 events: each agent's answers and tally in one transaction per agent partition, then the team rows.
    const start = Date.parse('2026-11-23T09:00:00+01:00');
    const agents = Array.from({ length: teams * agentsPerTeam }, (_, i) => ({
      team: Math.floor(i / agentsPerTeam),
      id: `a-${Math.floor(i / agentsPerTeam)}-${i % agentsPerTeam}`,
    }));
    const t0 = performance.now();
    await pool(agents, 16, async ({ id }) => {
      const pk = `c1|${id}`;
      const actions: TransactionAction[] = [];
      let points = 0;
      for (let e = 0; e < eventsPerAgent; e += 1) {
        const correct = (e + id.length) % 3 !== 0;
        points += correct ? 2 : 1;
        actions.push([
          'create',
          {
            partitionKey: pk,
            rowKey: `answer:q${e}`,
            agentId: id,
            questionId: `q${e}`,
            quizId: 'j1',
            choiceIds: '["b"]',
            correct,
            points: correct ? 2 : 1,
            at: new Date(start + e * 60_000).toISOString(),
          },
        ]);
      }
      actions.push([
        'create',
        {
          partitionKey: pk,
          rowKey: 'tally',
          agentId: id,
          points,
          events: eventsPerAgent,
          lastAt: new Date(start + (eventsPerAgent - 1) * 60_000).toISOString(),
        },
      ]);
      await storage.tables.Events.submitTransaction(actions);
    });
    await pool(agents, 16, async ({ id, team }) => {
      await deps.teams.applyMemberTally('c1', `t${team}`, id, await deps.events.tally('c1', id));
    });
    console.log(
      `  loaded ${agents.length * eventsPerAgent} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, 3500)); // let the 3 s ranking cache expire
    await measure(
      `${teams} teams, ${agents.length} agents, ${agents.length * eventsPerAgent} events`,
    );
  } finally {
    await bench.close();
  }
}

if (require.main === module)
  benchLeaderboard().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
