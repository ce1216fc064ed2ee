import { buildAgent, installActivity, type TestAgent } from '../../support/activities';
import { buildChallenge } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The welcome card is sent by the bot on its own: it goes out at the app's one pace, like the fan-out's cards, so
 * that many installations at once stay under Teams' limit; a 429 is tried again after its Retry-After.
 */
describe('welcome cards at the app’s pace', () => {
  let t: TestApp;
  const welcomes = () =>
    t.connector.sent.filter((s) => JSON.stringify(s.activity).includes('AdaptiveCard'));

  beforeAll(async () => {
    t = await startTestApp({
      // A connector that counts 5 requests a second and refuses the rest, and an app paced at 5 a second.
      connector: { ratePerSecond: 5 },
      env: { BROADCAST_RATE_PER_SECOND: '5' },
    });
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  });
  afterAll(() => t.close());

  it('keeps 20 installations at once under the limit, and welcomes each agent once', async () => {
    // given 20 agents installing the app at the same moment
    const agents: TestAgent[] = Array.from({ length: 20 }, () => buildAgent());
    // when
    const responses = await Promise.all(
      agents.map((agent) => t.post('/api/messages', installActivity(agent, t.connector.url))),
    );
    // then every turn answered, nothing over the limit, one welcome each
    expect(responses.every((r) => r.status < 300)).toBe(true);
    expect(t.connector.rejected).toEqual([]);
    expect(
      welcomes()
        .map((w) => w.conversationId)
        .sort(),
    ).toEqual(agents.map((a) => a.conversationId).sort());
  }, 30_000);

  it('tries a throttled welcome again after its Retry-After, with a slot of its own', async () => {
    t.connector.clear();
    t.connector.inject({ kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    const agent = buildAgent();
    const started = Date.now();
    const response = await t.post('/api/messages', installActivity(agent, t.connector.url));
    expect(response.status).toBeLessThan(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(t.connector.rejected).toHaveLength(1);
    expect(welcomes().map((w) => w.conversationId)).toEqual([agent.conversationId]);
  });
});
