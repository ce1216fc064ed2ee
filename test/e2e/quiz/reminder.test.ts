import { buildAgent, executeActivity, installActivity } from '../../support/activities';
import { buildChallenge, buildQuiz } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The afternoon nudge: once, at REMINDER_AT, only to the agents who have not finished the day's quiz. */
describe('quiz reminder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T08:00:00+01:00', env: { REMINDER_AT: '14:00' } });
    await t.app.deps.quizzes.save(buildQuiz(1));
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  });
  afterAll(() => t.close());

  it('reminds only those who have not answered everything, at 14:00, once', async () => {
    const agents = Array.from({ length: 5 }, () => buildAgent());
    await Promise.all(
      agents.map((agent) => t.post('/api/messages', installActivity(agent, t.connector.url))),
    );
    t.clock.set('2026-11-23T09:00:10+01:00');
    t.connector.clear();
    await t.app.scheduler.runOnce();
    await t.connector.waitFor(5);

    // Two agents finish the quiz, one answers half of it.
    const answer = (i: number, questionId: string, choice: string) =>
      t.post(
        '/api/messages',
        executeActivity(agents[i]!, t.connector.url, 'quiz.answer', {
          challengeId: 'c1',
          quizId: 'j1',
          questionId,
          choice,
        }),
      );
    for (const i of [0, 1]) {
      await answer(i, 'j1-q1', 'b');
      await answer(i, 'j1-q2', 'a,c');
    }
    await answer(2, 'j1-q1', 'a');

    t.clock.set('2026-11-23T13:59:00+01:00');
    t.connector.clear();
    await t.app.scheduler.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.connector.sent).toHaveLength(0); // not yet

    t.clock.set('2026-11-23T14:00:05+01:00');
    await t.app.scheduler.runOnce();
    await t.connector.waitFor(3);
    t.clock.set('2026-11-23T14:01:05+01:00');
    await t.app.scheduler.runOnce(); // a later tick sends nothing more
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reminded = t.connector.sent.map((s) => s.conversationId).sort();
    expect(reminded).toEqual(
      [agents[2]!, agents[3]!, agents[4]!].map((a) => a.conversationId).sort(),
    );
    expect(t.connector.sent[0]!.activity.text).toContain('Petit rappel');
    // This quiz has an organiser's close: the reminder says it.
    expect(t.connector.sent[0]!.activity.text).toContain('Il ferme à 18:00');
    const deliveries = await t.app.broadcasting.broadcasts.listDeliveries('reminder.c1.j1');
    expect(deliveries.filter((d) => d.state === 'skipped')).toHaveLength(2);
  }, 30_000);
});

describe('quiz reminder, with no close set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T08:00:00+01:00', env: { REMINDER_AT: '14:00' } });
    const { closeAt: _close, ...open } = buildQuiz(1);
    await t.app.deps.quizzes.save(open);
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  });
  afterAll(() => t.close());

  it('says the quiz stays open until the challenge ends, and never shows a countdown', async () => {
    const agent = buildAgent();
    await t.post('/api/messages', installActivity(agent, t.connector.url));
    t.clock.set('2026-11-23T09:00:10+01:00');
    await t.app.scheduler.runOnce();
    await t.connector.waitFor(2); // the welcome, then the morning card
    t.clock.set('2026-11-23T14:00:05+01:00');
    t.connector.clear();
    await t.app.scheduler.runOnce();
    await t.connector.waitFor(1);
    const text = String(t.connector.sent[0]!.activity.text);
    expect(text).toContain('reste ouvert jusqu’à la fin du défi');
    expect(text).not.toMatch(/\d{1,2}:\d{2}/);
  }, 30_000);
});
