import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  answerJobs,
  answerKey,
  auditStore,
  killBoth,
  postAnswer,
  seedWorld,
  startApp,
  type AppProcess,
  type FaultWorld,
} from '../../bench/faults';
import { exitOf } from '../../support/processes';

/**
 * Issue 12, finding 2: on the embedded store (npm start), an answer the agent saw recorded survives kill -9 of the
 * app and of its Azurite together. Azurite writes its data to disk every 5 s: without the app's journal, the
 * answers confirmed in the last seconds before the kill were gone after restart (270 of 924 when found).
 */
const KILLS = 2;
const PARALLEL = 16;

describe('kill -9 of the app and its embedded store while agents answer', () => {
  let world: FaultWorld;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    world = await seedWorld(600, 3);
  }, 60_000);
  afterAll(async () => {
    if (app?.child.exitCode === null) app.child.kill('SIGKILL');
    await world.close();
  });

  it('keeps every confirmed answer, counted once in the tally and the team, after two kills', async () => {
    // given agents answering 16 at a time, each pair (agent, question) once
    const jobs = answerJobs(world.agents, 3);
    let next = 0;
    const confirmed = new Map<string, string>();
    const roundOf = new Map<string, number>();
    const perKill: { confirmed: number; unanswered: number }[] = [];
    /** What each start after a kill replayed from the journal (the app logs it). */
    const replays: string[] = [];
    const replayOf = (output: string) =>
      /journal replayed events=(\d+) restored=(\d+)/
        .exec(output)
        ?.slice(1)
        .join(' events, restored ') ?? 'nothing';

    for (let kill = 1; kill <= KILLS; kill += 1) {
      app = await startApp(world);
      const running = app;
      if (kill > 1) replays.push(replayOf(running.output()));
      let stop = false;
      let roundConfirmed = 0;
      let firstAt = 0;
      const outcomes = { confirmed: 0, refused: 0, failed: 0 };
      const started = Date.now();
      const workers = Array.from({ length: PARALLEL }, async () => {
        while (!stop && next < jobs.length) {
          const job = jobs[next++]!;
          const outcome = await postAnswer(running.baseUrl, world.connector.url, job);
          outcomes[outcome] += 1;
          if (outcome !== 'confirmed') continue;
          confirmed.set(answerKey(job), job.choice);
          roundOf.set(answerKey(job), kill);
          roundConfirmed += 1;
          firstAt ||= Date.now();
        }
      });
      // when the app and its store are killed (the store first, so it cannot save) with answers in flight, a
      // few seconds into the answers: Azurite has saved some of them, not the last ones
      while (
        roundConfirmed < 500 &&
        (!firstAt || Date.now() - firstAt < 7_000) &&
        Date.now() - started < 20_000
      )
        await sleep(20);
      stop = true; // no new answer: those in flight meet the kill
      await killBoth(running);
      await Promise.all(workers);
      perKill.push({ confirmed: roundConfirmed, unanswered: outcomes.failed + outcomes.refused });
    }

    // then after a restart, every confirmed answer is in the store once, and counted once
    app = await startApp(world);
    replays.push(replayOf(app.output()));
    const audit = await auditStore(app.connectionString(), world.agents, confirmed);
    for (const [i, round] of perKill.entries()) {
      const lost = audit.lostKeys.filter((key) => roundOf.get(key) === i + 1).length;
      console.log(
        `kill ${i + 1}: ${round.confirmed} answers confirmed before kill -9 of the app and its Azurite (${round.unanswered} in flight, unanswered); the restart replayed ${replays[i]} (lost by Azurite, put back); ${lost} confirmed answers lost`,
      );
    }
    console.log(
      `after ${KILLS} kills: ${audit.confirmed} confirmed, ${audit.lost} lost, ${audit.countedTwice} counted twice, ${audit.countedNever} counted never; ${audit.stored} answers stored`,
    );
    for (const round of perKill) expect(round.confirmed).toBeGreaterThan(20);
    expect(audit.lostKeys).toEqual([]);
    expect(audit.countedTwice).toBe(0);
    expect(audit.countedNever).toBe(0);

    // and a clean stop saves the store and leaves no journal behind
    app.child.kill('SIGTERM');
    expect(await exitOf(app.child)).toBe(0);
    expect(readdirSync(join(world.dataDir, 'journal'))).toEqual([]);
  }, 120_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
