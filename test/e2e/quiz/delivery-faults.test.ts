import {
  buildAgent,
  executeActivity,
  installActivity,
  type TestAgent,
} from '../../support/activities';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';
import { sendDailyQuiz } from '../../../src/usecases/send-daily-quiz';

/** The fan-out under a misbehaving connector: throttling, server errors, uninstalled agents, double clicks. */
describe('quiz delivery faults', () => {
  let t: TestApp;
  const agents: TestAgent[] = [];
  const blocked = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-23T09:05:00+01:00',
      env: { BROADCAST_RATE_PER_SECOND: '200' },
      connector: { blockedConversations: blocked },
    });
    await t.app.deps.quizzes.save(buildQuiz(1));
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
    for (let i = 0; i < 30; i += 1) agents.push(buildAgent());
    await Promise.all(
      agents.map((agent) => t.post('/api/messages', installActivity(agent, t.connector.url))),
    );
    // Two agents uninstalled the app on Teams' side: the connector answers 403 for them.
    blocked.add(agents[28]!.conversationId);
    blocked.add(agents[29]!.conversationId);
    t.connector.clear();
  });
  afterAll(() => t.close());

  it('honours Retry-After on 429, retries 500s, marks uninstalled agents unreachable, and sends each card once', async () => {
    // The connector client retries a 429 three times itself; the fourth surfaces to our worker.
    t.connector.inject(
      { kind: 'status', status: 429, retryAfterSeconds: 1, times: 4 },
      { kind: 'status', status: 500, times: 3 },
      { kind: 'status', status: 503, times: 2 },
    );
    const started = await sendDailyQuiz(t.app.deps, { date: '2026-11-23', requestedBy: 'test' });
    expect(started.started).toBe(true);
    await t.connector.waitFor(28, 30_000);
    let deliveries = await t.app.broadcasting.broadcasts.listDeliveries(started.send.id);
    for (
      let i = 0;
      i < 50 && deliveries.some((d) => d.state === 'pending' || d.state === 'sending');
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      deliveries = await t.app.broadcasting.broadcasts.listDeliveries(started.send.id);
    }
    expect(deliveries.filter((d) => d.state === 'sent')).toHaveLength(28);
    const failed = deliveries.filter((d) => d.state === 'failed');
    expect(failed.map((d) => d.agentId).sort()).toEqual([agents[28]!.id, agents[29]!.id].sort());
    expect(failed[0]!.reason).toContain('unreachable');
    expect((await t.app.deps.agents.get(agents[28]!.id))!.reachable).toBe(false);
    // Every reachable agent got exactly one card.
    const perConversation = new Map<string, number>();
    for (const sent of t.connector.sent)
      perConversation.set(sent.conversationId, (perConversation.get(sent.conversationId) ?? 0) + 1);
    expect([...perConversation.values()].every((n) => n === 1)).toBe(true);
    expect(perConversation.size).toBe(28);
    expect(t.connector.rejected.filter((r) => r.status === 429)).toHaveLength(4);
    expect(t.connector.rejected.filter((r) => r.status >= 500)).toHaveLength(5);
  }, 60_000);

  it('a second start of the same send does nothing', async () => {
    // Given the day's send started once: by the test above, or here when this test runs alone.
    await sendDailyQuiz(t.app.deps, { date: '2026-11-23', requestedBy: 'test' });
    const again = await sendDailyQuiz(t.app.deps, { date: '2026-11-23', requestedBy: 'test' });
    expect(again.started).toBe(false);
    expect(again.send.state).toBe('enqueued');
  });

  it('does not retry what the connector refuses for good, and records why', async () => {
    const agent = buildAgent();
    await t.post('/api/messages', installActivity(agent, t.connector.url));
    await t.app.deps.quizzes.save(buildQuiz(2));
    t.clock.set('2026-11-24T09:05:00+01:00');
    t.connector.clear();
    t.connector.inject({ kind: 'status', status: 400, times: 1000 });
    const started = await sendDailyQuiz(t.app.deps, { date: '2026-11-24', requestedBy: 'test' });
    let mine;
    for (let i = 0; i < 100; i += 1) {
      mine = (await t.app.broadcasting.broadcasts.getDelivery(started.send.id, agent.id))!;
      if (mine.state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(mine).toMatchObject({ state: 'failed', tries: 1, reason: 'HTTP 400 after 1 tries' });
    t.connector.clearFaults();
  }, 30_000);

  it('counts exactly one of two simultaneous clicks on the same answer', async () => {
    t.clock.set('2026-11-23T10:00:00+01:00');
    const agent = agents[0]!;
    const click = (choice: string) =>
      t.post(
        '/api/messages',
        executeActivity(agent, t.connector.url, 'quiz.answer', {
          challengeId: 'c1',
          quizId: 'j1',
          questionId: 'j1-q1',
          choice,
        }),
      );
    const results = await Promise.all([click('b'), click('a'), click('b'), click('c')]);
    const texts = results.map((r) => JSON.stringify(r.body.value));
    expect(texts.filter((text) => text.includes('déjà répondu'))).toHaveLength(3);
    const answers = await t.app.deps.events.answersOf('c1', agent.id);
    expect(answers).toHaveLength(1);
    expect(await t.app.deps.events.tally('c1', agent.id)).toMatchObject({ events: 1 });
  });

  it('refuses an answer to a quiz of another challenge, an unknown quiz and an unknown question', async () => {
    const agent = agents[1]!;
    const post = (data: Record<string, unknown>) =>
      t.post(
        '/api/messages',
        executeActivity(agent, t.connector.url, 'quiz.answer', { choice: 'b', ...data }),
      );
    expect(
      JSON.stringify(
        (await post({ challengeId: 'other', quizId: 'j1', questionId: 'j1-q1' })).body.value,
      ),
    ).toContain('autre défi'.slice(0, 0) + 'n’appartient pas');
    expect(
      JSON.stringify(
        (await post({ challengeId: 'c1', quizId: 'j9', questionId: 'j9-q1' })).body.value,
      ),
    ).toContain('n’existe pas');
    expect(
      JSON.stringify(
        (await post({ challengeId: 'c1', quizId: 'j1', questionId: 'nope' })).body.value,
      ),
    ).toContain('n’existe pas');
    expect(await t.app.deps.events.answersOf('c1', agent.id)).toHaveLength(0);
  });
});
