import { join } from 'node:path';
import { azureRepositories, openTables } from '../../../src/storage/azure';
import { startEmbeddedAzurite } from '../../../src/storage/azurite';
import { submitActivity } from '../../support/activities';
import { exitOf } from '../../support/processes';
import { PREFIX, seedWorld, startApp, type FaultWorld } from '../../bench/faults';

/**
 * Issue 12: SIGTERM (App Service stopping or moving the app) used to cut the requests in flight. Now the server
 * stops taking connections, lets those requests finish — the reply reaches the agent, the write stays — and only
 * then stops the workers and saves the store.
 */
describe('SIGTERM with an answer in flight', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await seedWorld(10, 3);
  }, 60_000);
  afterAll(() => world.close());

  it('finishes the answer, replies, keeps it, and exits 0', async () => {
    // given an agent's answer (the Action.Submit fallback: the card is updated through the connector) held by a
    // slow connector, 2 s
    const app = await startApp(world);
    const agent = world.agents[0]!;
    world.connector.inject({ kind: 'slow', delayMs: 2_000, times: 1 });
    const answering = fetch(`${app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        submitActivity(
          agent,
          world.connector.url,
          {
            verb: 'quiz.answer',
            challengeId: 'c1',
            quizId: 'j1',
            questionId: 'j1-q1',
            choice: 'b',
          },
          'act-card-1',
        ),
      ),
    });
    for (let i = 0; i < 500 && world.connector.held === 0; i += 1) await sleep(10);
    expect(world.connector.held).toBe(1);

    // when the app gets SIGTERM while the reply is on its way
    app.child.kill('SIGTERM');
    await sleep(200);

    // then it takes no new connection, but the answer in flight gets its reply
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
    const response = await answering;
    expect(response.status).toBe(200);
    const update = world.connector.to(agent.conversationId).at(-1)!;
    expect(update.method).toBe('PUT');
    expect(JSON.stringify(update.activity)).toContain('Bonne réponse');
    // and it stops cleanly, its store saved
    expect(await exitOf(app.child)).toBe(0);
    expect(app.output()).toContain('stopped');

    // and the answer is in the store, counted for the agent and the team
    const azurite = await startEmbeddedAzurite({ location: join(world.dataDir, 'azurite') });
    try {
      const repositories = azureRepositories(await openTables(azurite.connectionString, PREFIX));
      expect(await repositories.events.answersOf('c1', agent.id)).toEqual([
        expect.objectContaining({ questionId: 'j1-q1', choiceIds: ['b'], correct: true }),
      ]);
      const tally = await repositories.events.tally('c1', agent.id);
      expect(tally.events).toBe(1);
      expect((await repositories.teams.get('c1', 'team-0'))!.tallies[agent.id]).toEqual(tally);
    } finally {
      await azurite.close();
    }
  }, 60_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
