import { rankSnapshot, type ChallengeSnapshot } from '../../../src/domain/scoring';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import { exportSnapshot } from '../../../src/usecases/export-snapshot';
import {
  buildAgent,
  executeActivity,
  installActivity,
  messageActivity,
  submitActivity,
  type TestAgent,
} from '../../support/activities';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The "done when": 200 agents registered over HTTP, the day's quiz sent once to each, answered right,
 * wrong, twice and late, and the ranking is the spec's.
 */
const AGENTS = 200;
const TEAM_SIZE = 10;
let t: TestApp;
const agents: TestAgent[] = [];

async function inBatches<T>(
  items: T[],
  size: number,
  run: (item: T, index: number) => Promise<unknown>,
) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map((item, j) => run(item, i + j)));
  }
}

function cardOf(activity: Record<string, any>): any {
  return activity.attachments?.[0]?.content;
}

async function answer(agent: TestAgent, questionId: string, choice: string) {
  const response = await t.post(
    '/api/messages',
    executeActivity(agent, t.connector.url, 'quiz.answer', {
      challengeId: 'c1',
      quizId: 'j1',
      questionId,
      choice,
    }),
  );
  expect(response.status).toBe(200);
  expect(response.body.statusCode).toBe(200);
  return JSON.stringify(response.body.value);
}

/**
 * The story goes in steps: registering, the 09:00 send, the answers. Each step runs once, in whichever test needs
 * it first, so every test can also run alone (`-t`) and finds the story told up to its part.
 */
function step(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

const codes: string[] = [];

const registerAndFormTeams = step(async () => {
  await inBatches(agents, 25, (agent) =>
    t.post('/api/messages', installActivity(agent, t.connector.url)),
  );
  expect(t.connector.sent).toHaveLength(AGENTS); // one welcome each
  for (let team = 0; team < AGENTS / TEAM_SIZE; team += 1) {
    const founder = agents[team * TEAM_SIZE]!;
    await t.post(
      '/api/messages',
      messageActivity(founder, t.connector.url, `équipe créer Équipe ${team + 1}`),
    );
    const reply = t.connector.to(founder.conversationId).at(-1)!.activity.text as string;
    codes.push(/\*\*([A-Z0-9]{6})\*\*$/.exec(reply.replace(/\s+$/, ''))![1]!);
  }
  await inBatches(
    agents.filter((_, i) => i % TEAM_SIZE !== 0),
    25,
    (agent) => {
      const index = agents.indexOf(agent);
      return t.post(
        '/api/messages',
        messageActivity(
          agent,
          t.connector.url,
          `équipe rejoindre ${codes[Math.floor(index / TEAM_SIZE)]}`,
        ),
      );
    },
  );
  const teams = await t.app.deps.teams.list('c1');
  expect(teams.map((team) => team.members.length)).toEqual(Array(20).fill(TEAM_SIZE));
});

const sendTheQuizAtNine = step(async () => {
  await registerAndFormTeams();
  t.connector.clear();
  t.clock.set('2026-11-23T09:00:30+01:00');
  await t.app.scheduler.runOnce();
  await t.app.scheduler.runOnce(); // a second tick, as another instance would
  await t.connector.waitFor(AGENTS, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cards = t.connector.sent.filter((s) => cardOf(s.activity));
  expect(cards).toHaveLength(AGENTS);
  expect(new Set(cards.map((c) => c.conversationId)).size).toBe(AGENTS);
  const card = cardOf(cards[0]!.activity);
  expect(JSON.stringify(card)).toContain('Question 1 / 2');
  expect(card.actions[0]).toMatchObject({
    type: 'Action.Execute',
    verb: 'quiz.answer',
    fallback: { type: 'Action.Submit' },
  });
  const deliveries = await t.app.broadcasting.broadcasts.listDeliveries('quiz.c1.j1');
  expect(deliveries.filter((d) => d.state === 'sent')).toHaveLength(AGENTS);
});

const answerInTheCards = step(async () => {
  await sendTheQuizAtNine();
  t.clock.set('2026-11-23T10:00:00+01:00');
  t.connector.clear();
  // Agent i answers q1 right when i % 3 != 0, and q2 (a and c) right when i % 4 == 0; members of team 20 abstain.
  await inBatches(agents.slice(0, 190), 20, async (agent, i) => {
    const first = await answer(agent, 'j1-q1', i % 3 !== 0 ? 'b' : 'a');
    expect(first).toContain(i % 3 !== 0 ? 'Bonne réponse' : 'pas la bonne réponse');
    expect(first).toContain('Parce que B');
    expect(first).toContain('https://www.ademe.fr/');
    expect(first).toContain('Question 2 / 2');
    if (i % 2 === 0) {
      const second = await answer(agent, 'j1-q2', i % 4 === 0 ? 'a,c' : 'c');
      expect(second).toContain('Vous avez répondu aux 2 questions');
    }
  });
  // Replays: a second answer (even a right one) changes nothing.
  const replay = await answer(agents[0]!, 'j1-q1', 'b');
  expect(replay).toContain('déjà répondu');
  // A forged choice and a malformed payload change nothing either.
  expect(await answer(agents[1]!, 'j1-q2', 'z')).toContain('Choisissez une réponse');
  const malformed = await t.post(
    '/api/messages',
    executeActivity(agents[1]!, t.connector.url, 'quiz.answer', { quizId: 42 }),
  );
  // A malformed card action is refused at the edge (400), before anything is read or written.
  expect(malformed.status).toBe(400);
  // The Action.Submit fallback updates the clicked card in place.
  await t.post(
    '/api/messages',
    submitActivity(
      agents[1]!,
      t.connector.url,
      { verb: 'quiz.answer', challengeId: 'c1', quizId: 'j1', questionId: 'j1-q2', choice: 'a,c' },
      'act-card-1',
    ),
  );
  const update = t.connector.to(agents[1]!.conversationId).at(-1)!;
  expect(update.method).toBe('PUT');
  expect(update.activityId).toBe('act-card-1');
  // Answers after the close are refused.
  t.clock.set('2026-11-23T18:00:01+01:00');
  expect(await answer(agents[195]!, 'j1-q1', 'b')).toContain('fermé');
  // No new message was sent for any of this: cards were updated in place.
  expect(t.connector.sent.filter((s) => s.method === 'POST')).toHaveLength(0);
});

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-23T08:00:00+01:00' });
  const challenge = buildChallenge({ teamsLockAt: '2026-11-30T00:00:00Z' });
  await t.app.deps.quizzes.save(buildQuiz(1));
  await t.app.deps.challenges.saveAsCurrent(challenge);
  for (let i = 0; i < AGENTS; i += 1)
    agents.push(buildAgent({ name: `Agent ${String(i).padStart(3, '0')}` }));
}, 60_000);
afterAll(() => t.close());

describe('the daily quiz at 200 agents', () => {
  it(
    'registers 200 agents over HTTP and forms 20 teams through the bot',
    () => registerAndFormTeams(),
    60_000,
  );

  it(
    'sends the quiz at 09:00 once: exactly one card per agent, even when triggered again',
    () => sendTheQuizAtNine(),
    120_000,
  );

  it(
    'records answers in the card, replaces it with the result, and refuses replays and late answers',
    () => answerInTheCards(),
    180_000,
  );

  it('ranks the teams exactly as the spec does from the exported snapshot', async () => {
    await answerInTheCards();
    const snapshot = await exportSnapshot(t.app.deps);
    expect(snapshot.answers).toHaveLength(190 + 95 + 1);
    const fromEvents = rankSnapshot(snapshot);
    const fromAggregates = (await getLeaderboard(t.app.deps)).rows;
    expect(fromAggregates).toEqual(fromEvents);

    // And by hand: the expected points of each agent from the answers given above.
    const expectedPoints = new Map<string, number>();
    agents.slice(0, 190).forEach((agent, i) => {
      let points = 1 + (i % 3 !== 0 ? 1 : 0);
      if (i % 2 === 0) points += 1 + (i % 4 === 0 ? 1 : 0);
      if (i === 1) points += 2; // the Action.Submit fallback answer, right
      expectedPoints.set(agent.id, points);
    });
    const teams = (snapshot as Required<ChallengeSnapshot>).teams;
    for (const row of fromEvents) {
      const team = teams.find((candidate) => candidate.id === row.teamId)!;
      const points = team.members.reduce((sum, id) => sum + (expectedPoints.get(id) ?? 0), 0);
      expect(row.points).toBe(points);
    }
    expect(fromEvents.at(-1)).toMatchObject({
      name: 'Équipe 20',
      points: 0,
      participationRate: '0.00',
    });
  }, 240_000);
});
