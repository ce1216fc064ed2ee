import type { Activity } from 'botbuilder';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationReferenceOf } from '../../src/bot/bot';
import type { Challenge } from '../../src/domain/challenge';
import type { DailyQuiz } from '../../src/domain/quiz';
import type { MemberTally } from '../../src/domain/scoring';
import { localDate } from '../../src/domain/time';
import { azureRepositories, openTables } from '../../src/storage/azure';
import { startEmbeddedAzurite } from '../../src/storage/azurite';
import { EventJournal } from '../../src/storage/journal';
import { executeActivity, type TestAgent } from '../support/activities';
import { buildChallenge, buildQuestion } from '../support/builders';
import { ConnectorStandIn } from '../support/connector';
import { exitOf, isAlive, productionNodeFlags, rssOf, startTs } from '../support/processes';
import { mb, percentile, pool } from './support';

/**
 * Load and faults (issue 12): agents answer the quiz as Teams posts it, as fast as the app takes them, while the
 * embedded store is killed under it; then every answer that got its "recorded" reply must be in the store exactly
 * once, and counted once in the agent's tally and the team's. The app runs as `npm start` does (src/main.ts, its
 * embedded Azurite on disk under a temporary DATA_DIR), so that kill -9 hits real processes.
 *
 * `npm run bench -- faults`: 5 minutes (BENCH_FAULT_SECONDS), the store killed once in the middle.
 * test/e2e/quiz/store-faults.test.ts runs the same scenario for 30 s in CI, and asserts.
 */

export const PREFIX = 'faults';
const CHALLENGE = 'c1';
const QUIZ = 'j1';

/** One answer to give: an agent, a question, a choice. Each pair is answered once by the scenario. */
export interface AnswerJob {
  agent: TestAgent;
  questionId: string;
  choice: string;
}

export interface FaultWorld {
  dataDir: string;
  agents: TestAgent[];
  env: Record<string, string>;
  connector: ConnectorStandIn;
  close(): Promise<void>;
}

/**
 * A store under a fresh DATA_DIR with a challenge whose quiz of `questions` questions is open all day today (the
 * app runs on the real clock), and `agentCount` agents in teams of 10; saved, then the store stopped.
 */
export async function seedWorld(agentCount: number, questions: number): Promise<FaultWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'defi-faults-'));
  const connector = await new ConnectorStandIn().start();
  const today = localDate(Date.now(), 'Europe/Paris');
  const challenge: Challenge = buildChallenge({
    id: CHALLENGE,
    startDate: today,
    days: 1,
    teamsLockAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const quiz: DailyQuiz = {
    id: QUIZ,
    challengeId: CHALLENGE,
    day: 1,
    sendAt: '00:00',
    closeAt: '23:59',
    questions: Array.from({ length: questions }, (_, q) => buildQuestion(`${QUIZ}-q${q + 1}`)),
  };
  const agents: TestAgent[] = Array.from({ length: agentCount }, (_, i) => ({
    id: `fault-agent-${i}`,
    name: `Agent ${i}`,
    conversationId: `conv-fault-${i}`,
  }));
  const azurite = await startEmbeddedAzurite({ location: join(dataDir, 'azurite') });
  try {
    const repositories = azureRepositories(await openTables(azurite.connectionString, PREFIX));
    await repositories.quizzes.save(quiz);
    await repositories.challenges.saveAsCurrent(challenge);
    // Registered as the bot did when they installed the app: same name, locale and conversation reference.
    await pool(agents, 16, (agent) => {
      const activity = executeActivity(agent, connector.url, 'quiz.answer', {});
      return repositories.agents.register(
        {
          id: agent.id,
          tenantId: 'tenant-test',
          name: agent.name,
          locale: 'fr',
          conversationReference: conversationReferenceOf(activity as unknown as Activity),
        },
        new Date().toISOString(),
      );
    });
    const empty: MemberTally = { points: 0, events: 0, lastAt: null };
    const teams = Array.from({ length: Math.ceil(agentCount / 10) }, (_, t) => t);
    await pool(teams, 16, async (t) => {
      const members = agents.slice(t * 10, t * 10 + 10);
      await repositories.teams.create(
        CHALLENGE,
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
        await repositories.teams.addMember(
          CHALLENGE,
          `team-${t}`,
          { agentId: member.id, name: member.name },
          empty,
          () => undefined,
        );
      }
    });
  } catch (error) {
    await connector.stop();
    throw error;
  } finally {
    await azurite.close();
  }
  return {
    dataDir,
    agents,
    connector,
    env: {
      PORT: '0',
      DATA_DIR: dataDir,
      AZURE_STORAGE_CONNECTION_STRING: '',
      TABLE_PREFIX: PREFIX,
      MicrosoftAppId: '',
      NODE_ENV: 'development',
      DEMO: 'false',
      SCHEDULER: 'off',
      LOG_LEVEL: 'info',
    },
    async close() {
      await connector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every (agent, question) pair once, agents interleaved: an agent's answers are far apart, as people answer. */
export function answerJobs(agents: readonly TestAgent[], questions: number): AnswerJob[] {
  const jobs: AnswerJob[] = [];
  for (let q = 1; q <= questions; q += 1) {
    for (const [i, agent] of agents.entries()) {
      jobs.push({ agent, questionId: `${QUIZ}-q${q}`, choice: (i + q) % 3 ? 'b' : 'a' });
    }
  }
  return jobs;
}

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** The pid of the embedded Azurite the app runs now (it says so in DATA_DIR/azurite.json). */
  storePid(): number;
  connectionString(): string;
}

/** `npm start`'s entry point on the world's DATA_DIR; resolves once it listens. */
export async function startApp(world: FaultWorld): Promise<AppProcess> {
  // With production's heap sizes: left to size its heap from this machine's memory, V8 lets the app's RSS wander
  // by tens of MB with the load, and the memory check would measure that rather than a leak.
  const started = await startTs(
    'src/main.ts',
    world.env,
    /bot="http:\/\/127\.0\.0\.1:(\d+)\/api\/messages"/,
    60_000,
    productionNodeFlags(),
  );
  const storeFile = () =>
    JSON.parse(readFileSync(join(world.dataDir, 'azurite.json'), 'utf8')) as {
      pid: number;
      connectionString: string;
    };
  return {
    child: started.child,
    baseUrl: `http://127.0.0.1:${started.match[1]}`,
    output: started.output,
    storePid: () => storeFile().pid,
    connectionString: () => storeFile().connectionString,
  };
}

/** kill -9 of the app and its embedded store, the store first: it gets no chance to save. */
export async function killBoth(app: AppProcess): Promise<void> {
  const storePid = app.storePid();
  process.kill(storePid, 'SIGKILL');
  app.child.kill('SIGKILL');
  await exitOf(app.child);
  for (let i = 0; i < 200 && isAlive(storePid); i += 1) await sleep(10);
}

export type AnswerOutcome = 'confirmed' | 'refused' | 'failed';

/**
 * One answer as Teams posts it (an adaptiveCard/action invoke). 'confirmed': the agent saw the card say their
 * answer was right or wrong — recorded; 'refused': any other reply (an error notice); 'failed': no reply at all.
 */
export async function postAnswer(
  baseUrl: string,
  serviceUrl: string,
  job: AnswerJob,
): Promise<AnswerOutcome> {
  try {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        executeActivity(job.agent, serviceUrl, 'quiz.answer', {
          challengeId: CHALLENGE,
          quizId: QUIZ,
          questionId: job.questionId,
          choice: job.choice,
        }),
      ),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (response.status !== 200) return 'refused';
    return /Bonne réponse|pas la bonne réponse/.test(text) ? 'confirmed' : 'refused';
  } catch {
    return 'failed';
  }
}

/** What the store holds against what the agents were told. */
export interface Audit {
  confirmed: number;
  /** Confirmed answers missing from the store (or stored with another choice). */
  lost: number;
  /** Their keys (`answerKey`). */
  lostKeys: string[];
  /** Events counted more than once: an agent's tally beyond its rows, a team's copy beyond the agent's tally. */
  countedTwice: number;
  /** Events counted less than once: rows beyond the agent's tally, a team's copy behind it. */
  countedNever: number;
  /** Answer rows in the store (confirmed, and unconfirmed ones that landed anyway). */
  stored: number;
}

/** Reads every agent's answers, tally and team copy from the store and checks them against `confirmed`. */
export async function auditStore(
  connectionString: string,
  agents: readonly TestAgent[],
  confirmed: ReadonlyMap<string, string>,
): Promise<Audit> {
  const repositories = azureRepositories(await openTables(connectionString, PREFIX));
  const teams = await repositories.teams.list(CHALLENGE);
  const teamTally = new Map<string, MemberTally>();
  for (const team of teams)
    for (const [agentId, tally] of Object.entries(team.tallies)) teamTally.set(agentId, tally);
  const audit: Audit = {
    confirmed: confirmed.size,
    lost: 0,
    lostKeys: [],
    countedTwice: 0,
    countedNever: 0,
    stored: 0,
  };
  const told = new Map<string, [string, string][]>();
  for (const [key, choice] of confirmed) {
    const [agentId, questionId] = JSON.parse(key) as [string, string];
    told.set(agentId, [...(told.get(agentId) ?? []), [questionId, choice]]);
  }
  await pool(agents, 16, async (agent) => {
    const [answers, tally] = await Promise.all([
      repositories.events.answersOf(CHALLENGE, agent.id),
      repositories.events.tally(CHALLENGE, agent.id),
    ]);
    audit.stored += answers.length;
    const stored = new Map(answers.map((a) => [a.questionId, a.choiceIds.join(',')]));
    for (const [questionId, choice] of told.get(agent.id) ?? []) {
      if (stored.get(questionId) === choice) continue;
      audit.lost += 1;
      audit.lostKeys.push(JSON.stringify([agent.id, questionId]));
    }
    const points = answers.reduce((sum, a) => sum + a.points, 0);
    if (tally.events > answers.length || tally.points > points)
      audit.countedTwice += Math.max(1, tally.events - answers.length);
    if (tally.events < answers.length || tally.points < points)
      audit.countedNever += Math.max(1, answers.length - tally.events);
    const copy = teamTally.get(agent.id) ?? { points: 0, events: 0, lastAt: null };
    if (copy.events > tally.events || copy.points > tally.points) audit.countedTwice += 1;
    if (copy.events < tally.events || copy.points < tally.points) audit.countedNever += 1;
  });
  return audit;
}

export const answerKey = (job: AnswerJob) => JSON.stringify([job.agent.id, job.questionId]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultFigures extends Audit {
  seconds: number;
  /** Answers sent, and those answered with an error or not at all (the outage). */
  sent: number;
  refused: number;
  failed: number;
  /** The app's resident memory at start (after a warm-up), in the middle (before the kill) and at the end. */
  rss: { start: number; middle: number; end: number };
  /** From the kill to the first confirmation of an answer sent after it. */
  outageMs: number;
  /** What the app logged about its store. */
  storeLog: string[];
}

/**
 * Answers for `seconds` with `parallel` in flight (a closed loop: the machine's own sustainable rate), kills the
 * embedded store with SIGKILL at half time, then audits the store. The app must start its store again by itself.
 */
export async function runFaultScenario(options: {
  seconds: number;
  parallel?: number;
  questions?: number;
  /** Agents to seed; enough for the expected rate (each answers every question once at most). */
  agents: number;
  log?: (line: string) => void;
}): Promise<FaultFigures> {
  const { seconds, parallel = 16, questions = 3 } = options;
  const log = options.log ?? (() => undefined);
  const seeding = Date.now();
  const world = await seedWorld(options.agents, questions);
  log(
    `  ${options.agents} agents in teams of 10 seeded in ${((Date.now() - seeding) / 1000).toFixed(0)} s`,
  );
  const jobs = answerJobs(world.agents, questions);
  let app: AppProcess | undefined;
  try {
    app = await startApp(world);
    const pid = app.child.pid!;
    const confirmed = new Map<string, string>();
    const counts = { sent: 0, refused: 0, failed: 0 };
    const t0 = Date.now();
    const until = t0 + seconds * 1000;
    let killedAt = 0;
    let backAt = 0;
    const rss = { start: 0, middle: 0, end: 0 };
    let next = 0;
    const worker = async () => {
      while (Date.now() < until && next < jobs.length) {
        const job = jobs[next++]!;
        counts.sent += 1;
        const sentAt = Date.now();
        const outcome = await postAnswer(app!.baseUrl, world.connector.url, job);
        if (outcome === 'confirmed') {
          confirmed.set(answerKey(job), job.choice);
          if (killedAt && sentAt > killedAt && !backAt) backAt = Date.now();
        } else counts[outcome] += 1;
      }
    };
    const progress = setInterval(() => {
      const elapsed = (Date.now() - t0) / 1000;
      log(
        `  ${elapsed.toFixed(0)} s: ${confirmed.size} confirmed (${(confirmed.size / elapsed).toFixed(0)}/s), ${counts.refused + counts.failed} not, app RSS ${mb(rssOf(pid))}`,
      );
    }, 30_000);
    const kill = (async () => {
      await sleep(Math.min(5_000, (seconds * 1000) / 10));
      rss.start = rssOf(pid);
      await sleep(t0 + (seconds * 1000) / 2 - Date.now());
      rss.middle = rssOf(pid);
      killedAt = Date.now();
      process.kill(app!.storePid(), 'SIGKILL');
      log(`  ${((killedAt - t0) / 1000).toFixed(0)} s: embedded store killed (SIGKILL)`);
    })();
    await Promise.all([...Array.from({ length: parallel }, worker), kill]);
    clearInterval(progress);
    const answering = (Date.now() - t0) / 1000;
    rss.end = rssOf(pid);
    if (next >= jobs.length)
      log(
        `  every pair answered after ${((Date.now() - t0) / 1000).toFixed(0)} s: seed more agents`,
      );
    const audit = await auditStore(app.connectionString(), world.agents, confirmed);
    const storeLog = app
      .output()
      .split('\n')
      .filter((line) => /embedded store/.test(line));
    return {
      ...audit,
      ...counts,
      seconds: answering,
      rss,
      outageMs: backAt ? backAt - killedAt : Number.NaN,
      storeLog,
    };
  } finally {
    if (app) {
      app.child.kill('SIGTERM');
      await exitOf(app.child);
    }
    await world.close();
  }
}

/**
 * What the journal costs an answer: one append (a write and a sync of this disk), alone and with 16 at once
 * (they share the sync).
 */
export async function benchJournal(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'defi-journal-bench-'));
  const journal = await EventJournal.open(dir);
  const event = {
    kind: 'answer' as const,
    challengeId: CHALLENGE,
    agentId: 'fault-agent-0',
    answer: {
      questionId: `${QUIZ}-q1`,
      quizId: QUIZ,
      choiceIds: ['b'],
      correct: true,
      points: 10,
      at: new Date().toISOString(),
    },
  };
  try {
    for (const parallel of [1, 16]) {
      const latencies: number[] = [];
      const t0 = performance.now();
      await pool(
        Array.from({ length: 2000 }, (_, i) => i),
        parallel,
        async () => {
          const started = performance.now();
          await journal.append(event);
          latencies.push(performance.now() - started);
        },
      );
      const seconds = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      console.log(
        `journal append (write + fdatasync), ${parallel} at once: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, ${(2000 / seconds).toFixed(0)} appends/s`,
      );
    }
  } finally {
    await journal.close({ drop: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- faults`. */
export async function benchFaults(seconds = Number(process.env.BENCH_FAULT_SECONDS ?? 300)) {
  await benchJournal();
  const figures = await runFaultScenario({
    seconds,
    // Enough pairs for ~400 answers/s (5 questions each: the app took 240–300/s here since issue 14); if the
    // machine takes more, the run says so.
    questions: 5,
    agents: Math.max(1000, Math.ceil((seconds * 400) / 5)),
    log: (line) => console.log(line),
  });
  printFigures(figures);
}

export function printFigures(f: FaultFigures, print: (line: string) => void = console.log): void {
  print(
    `answers for ${f.seconds.toFixed(0)} s, the embedded store killed (SIGKILL) at half time: ${f.sent} sent, ${f.confirmed} confirmed (${(f.confirmed / f.seconds).toFixed(0)}/s), ${f.refused} refused and ${f.failed} unanswered during the outage; confirmed again ${f.outageMs.toFixed(0)} ms after the kill`,
  );
  print(
    `  lost ${f.lost}, counted twice ${f.countedTwice}, counted never ${f.countedNever} (goal 0, 0, 0); ${f.stored} answers stored`,
  );
  print(`  app RSS: start ${mb(f.rss.start)}, middle ${mb(f.rss.middle)}, end ${mb(f.rss.end)}`);
  for (const line of f.storeLog) print(`  app: ${line.slice(25)}`);
}
