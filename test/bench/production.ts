import { reachableRegistration } from '../support/activities';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { localDate } from '../../src/domain/time';
import { azureRepositories, openTables } from '../../src/storage/azure';
import { startEmbeddedAzurite } from '../../src/storage/azurite';
import { buildChallenge, buildQuiz } from '../support/builders';
import { buildCompiledApp } from '../support/compiled';
import { cardsDeliveredIn, exitOf, ROOT, rssOf, startTs } from '../support/processes';
import { pool, startConnectorProcess } from './support';

/** Production's figures: the compiled server against `npm start`, the server package, two instances on one store. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** How long until the app says it is running, and its resident memory after 3 s of idling (median of `runs`). */
async function startAndIdle(entry: string, env: Record<string, string>, runs = 3) {
  const starts: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const app = await startTs(entry, env, /Défi numérique is running/, 60_000);
    starts.push(performance.now() - started);
    await sleep(3000);
    rss.push(rssOf(app.child.pid!) / 1024 / 1024);
    app.child.kill('SIGTERM');
    await exitOf(app.child);
  }
  return { startMs: median(starts), rssMb: median(rss) };
}

export async function benchStartup(): Promise<void> {
  process.noDeprecation = true;
  const azurite = await startEmbeddedAzurite();
  const compiled = buildCompiledApp();
  try {
    // The same store for both (an emulator's start is not the app's), local mode, no demo.
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: 'benchstart',
      PORT: '0',
      DEMO: 'false',
      MicrosoftAppId: '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    };
    const built = await startAndIdle(compiled.main, env);
    const tsx = await startAndIdle('src/main.ts', env);
    console.log(
      `start until listening: compiled ${Math.round(built.startMs)} ms, npm start (tsx) ${Math.round(tsx.startMs)} ms = ${(built.startMs / tsx.startMs).toFixed(2)} of it`,
    );
    console.log(
      `idle RSS after 3 s: compiled ${built.rssMb.toFixed(0)} MB, npm start (tsx) ${tsx.rssMb.toFixed(0)} MB = ${(built.rssMb / tsx.rssMb).toFixed(2)} of it`,
    );
  } finally {
    rmSync(compiled.dir, { recursive: true, force: true });
    await azurite.close();
  }
}

export async function benchServerPackage(): Promise<void> {
  const output = execFileSync(process.execPath, [join(ROOT, 'scripts', 'package-server.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.split('\n').find((text) => text.startsWith('server package:'));
  console.log(line ?? output);
}

/** Two compiled instances on one store deliver one quiz to `agents`; the connector in its own process at 50/s. */
export async function benchInstances(agents = 2000, names = ['a', 'b']): Promise<void> {
  process.noDeprecation = true;
  const ceiling = 50;
  const azurite = await startEmbeddedAzurite();
  // No injected 429s: this measures how close the two instances come to the ceiling together.
  const connector = await startConnectorProcess(ceiling, 0);
  const compiled = buildCompiledApp();
  const prefix = 'benchtwo';
  try {
    const deps = azureRepositories(await openTables(azurite.connectionString, prefix));
    const today = localDate(Date.now(), 'Europe/Paris');
    await deps.quizzes.save(buildQuiz(1, { sendAt: '00:00', closeAt: '23:59' }));
    await deps.challenges.saveAsCurrent(
      buildChallenge({
        startDate: today,
        days: 1,
        teamsLockAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    await pool(
      Array.from({ length: agents }, (_, i) => `agent-${i}`),
      16,
      (id) =>
        deps.agents.register(reachableRegistration(id, connector.url), new Date().toISOString()),
    );
    const env = (instance: string) => ({
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: prefix,
      PORT: '0',
      DEMO: 'false',
      MicrosoftAppId: '',
      NODE_ENV: 'development',
      INSTANCE_ID: instance,
      REMINDER_AT: 'off',
      BROADCAST_RATE_PER_SECOND: String(ceiling),
    });
    const ready = /Défi numérique is running/;
    const instances = await Promise.all(
      names.map((name) => startTs(compiled.main, env(name), ready, 60_000)),
    );
    try {
      for (;;) {
        await sleep(1000);
        if ((await connector.stats()).sent >= agents) break;
      }
      const stats = await connector.stats();
      const times = [...stats.times].sort((x, y) => x - y);
      // Once both deliver (the second waits one heartbeat, 5 s), until the end.
      const steady = times.filter((t) => t >= times[0]! + 6000);
      const rate = (steady.length - 1) / ((steady.at(-1)! - steady[0]!) / 1000);
      const total = (times.at(-1)! - times[0]!) / 1000;
      await sleep(5500); // each instance logs what it delivered every 5 s
      const delivered = instances.map((app) => cardsDeliveredIn(app.output()));
      console.log(
        `${names.length} instance(s), one store: ${agents} cards in ${total.toFixed(1)} s (${(agents / total).toFixed(1)}/s overall); ` +
          `steady combined rate ${rate.toFixed(1)}/s = ${(rate / ceiling).toFixed(3)} of the ceiling (goal ≥ 0.97); ` +
          `delivered ${names.map((name, i) => `${name} ${delivered[i]}`).join(', ')}; over the limit ${stats.overLimit} of ${stats.requests} requests`,
      );
    } finally {
      for (const app of instances) app.child.kill('SIGTERM');
      await Promise.all(instances.map((app) => exitOf(app.child)));
    }
  } finally {
    connector.stop();
    rmSync(compiled.dir, { recursive: true, force: true });
    await azurite.close();
  }
}
