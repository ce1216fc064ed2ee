import type { Challenge } from '../../src/domain/challenge';
import type { DailyQuiz } from '../../src/domain/quiz';
import { executeActivity, type TestAgent } from '../support/activities';
import { pool, percentile } from './common';
import type { BenchWorld } from './world';

/**
 * Seeding for the benches that answer the quiz: a challenge whose day-1 quiz is open now (the app runs on the real
 * clock), agents registered as the bot registers them, teams founded and joined through the repositories. Written
 * with the checkout's own repositories, straight to Azurite: not counted as the app's store calls.
 */

/** Today's date where the challenge runs (YYYY-MM-DD). */
export function todayIn(timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

/** The wall clock (HH:MM) where the challenge runs. */
export function timeNowIn(timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date());
}

/**
 * Challenge c1 starting today; its day-1 quiz (j1-q1: b is right; j1-q2: a and c) open from `sendAt` (00:00 unless
 * said) to the end.
 */
export async function givenQuizOpenNow(
  world: BenchWorld,
  overrides: Partial<Challenge> = {},
  sendAt = '00:00',
): Promise<Challenge> {
  // Spelled out rather than taken from test/support/builders: the bench loads nothing of src/ (it may be mid-edit).
  const challenge: Challenge = {
    id: 'c1',
    title: 'Défi bench',
    startDate: todayIn(),
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { quizAnswerPoints: 1, quizCorrectBonus: 1, checkinPoints: 5, minTeamSize: 3 },
    maxTeamSize: 12,
    ...overrides,
  };
  const question = (id: string, correct: string[]) => ({
    id,
    text: `Question ${id} ?`,
    choices: ['a', 'b', 'c'].map((c) => ({ id: c, text: `Réponse ${c.toUpperCase()}` })),
    correct,
    explanation: `Parce que, pour ${id}.`,
    source: { title: 'ADEME', url: 'https://www.ademe.fr/' },
  });
  // No organiser's close: open until the challenge ends, whatever the hour the bench runs at.
  const quiz: DailyQuiz = {
    id: 'j1',
    challengeId: 'c1',
    day: 1,
    sendAt,
    questions: [question('j1-q1', ['b']), question('j1-q2', ['a', 'c'])],
  };
  await world.repositories.quizzes.save(quiz);
  await world.repositories.challenges.saveAsCurrent(challenge);
  return challenge;
}

/** `count` agents named `<prefix>-<team>-<member>`, in teams of `teamSize` (the last one may be short). */
export function agentsInTeams(prefix: string, count: number, teamSize = 10): TestAgent[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${Math.floor(i / teamSize)}-${i % teamSize}`;
    return { id, name: `Agent ${id}`, conversationId: `conv-${id}` };
  });
}

/** Registers agents as the bot does on their first activity: same name, locale and conversation reference. */
export async function givenRegistered(world: BenchWorld, agents: TestAgent[]): Promise<void> {
  const now = new Date().toISOString();
  await pool(agents, 32, (agent) =>
    world.repositories.agents.register(
      {
        id: agent.id,
        tenantId: 'tenant-test',
        name: agent.name,
        locale: 'fr',
        conversationReference: world.app.modules.conversationReferenceOf(
          executeActivity(agent, world.connector.url, 'quiz.answer', {}),
        ),
      },
      now,
    ),
  );
}

let teamNumber = 0;

/** A valid 6-character join code made from `n` (the alphabet of src/domain/teams.ts). */
function joinCode(n: number): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(
    { length: 5 },
    (_, i) => alphabet[Math.floor(n / alphabet.length ** i) % alphabet.length],
  )
    .reverse()
    .reduce((code, c) => code + c, 'T');
}

/** One team per `teamSize` agents, in order: the first founds it, the others join, no points yet. */
export async function givenTeams(
  world: BenchWorld,
  agents: TestAgent[],
  teamSize = 10,
): Promise<{ id: string; members: TestAgent[] }[]> {
  const teams = Array.from({ length: Math.ceil(agents.length / teamSize) }, () => {
    teamNumber += 1;
    return { id: `team-${teamNumber}`, n: teamNumber, members: [] as TestAgent[] };
  });
  agents.forEach((agent, i) => teams[Math.floor(i / teamSize)]!.members.push(agent));
  const empty = { points: 0, events: 0, lastAt: null };
  const { teams: repository } = world.repositories;
  await pool(teams, 16, async ({ id, n, members }) => {
    const [founder, ...others] = members;
    await repository.create(
      'c1',
      {
        id,
        name: `Équipe ${n}`,
        nameKey: `equipe ${n}`,
        joinCode: joinCode(n),
        createdAt: new Date().toISOString(),
      },
      { agentId: founder!.id, name: founder!.name },
      empty,
    );
    for (const member of others)
      await repository.addMember(
        'c1',
        id,
        { agentId: member.id, name: member.name },
        empty,
        () => undefined,
      );
  });
  return teams.map(({ id, members }) => ({ id, members }));
}

/** An answer to give: the right one for even agents, a wrong one for the others (both score). */
export interface AnswerJob {
  agent: TestAgent;
  questionId: 'j1-q1' | 'j1-q2';
  choice: string;
}

export function answerJob(agent: TestAgent, questionId: AnswerJob['questionId'], right: boolean) {
  const choice = questionId === 'j1-q1' ? (right ? 'b' : 'a') : right ? 'a,c' : 'c';
  return { agent, questionId, choice, right };
}

export interface AnswerOutcome {
  ms: number;
  ok: boolean;
  /** What came back when it was not the answer card. */
  detail?: string;
  /** When the answer was confirmed (performance.now()). */
  at: number;
}

/** Answers as Teams posts a click on the quiz card: an adaptiveCard/action invoke over HTTP. */
export async function answer(world: BenchWorld, job: AnswerJob): Promise<AnswerOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(`${world.running().url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        executeActivity(job.agent, world.connector.url, 'quiz.answer', {
          challengeId: 'c1',
          quizId: 'j1',
          questionId: job.questionId,
          choice: job.choice,
        }),
      ),
    });
    const text = await response.text();
    const at = performance.now();
    let body: { statusCode?: number; value?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: reported below as it came.
    }
    // The card that comes back says "réponse" when the answer was taken (recorded now or already).
    const ok =
      response.status === 200 &&
      body.statusCode === 200 &&
      JSON.stringify(body.value).includes('réponse');
    return {
      ms: at - started,
      ok,
      at,
      ...(ok ? {} : { detail: `${response.status} ${text.slice(0, 160)}` }),
    };
  } catch (error) {
    // fetch hides why in `cause` (ECONNRESET, a timeout…): that is the part worth printing.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ms: performance.now() - started,
      ok: false,
      at: performance.now(),
      detail: `${String(error)}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
    };
  }
}

/** "p50 4.1 ms, p95 9.8 ms, p99 21.0 ms" */
export function latencies(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return ['50', '95', '99']
    .map((p) => `p${p} ${percentile(sorted, Number(p)).toFixed(1)} ms`)
    .join(', ');
}

/** A seeded shuffle: the same order each run, so before and after meet the same sequence. */
export function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
