import { memoryDeps } from '../../../src/storage/memory';
import { agentData } from '../../../src/usecases/agent-data';
import {
  buildRosterEntry,
  buildTally,
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenCheckin,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

const NOW = '2026-11-25T10:00:00+01:00';

/** Alice (sobres-m1) and Bob (sobres-m2) in one team, each with an answer; Alice signed up and checked in. */
async function twoAgents() {
  const deps = memoryDeps({ clock: clockAt(NOW) });
  await givenChallenge(deps);
  await givenAgent(deps, { id: 'sobres-m1', name: 'Alice Martin', direction: 'DSI' });
  await givenAgent(deps, { id: 'sobres-m2', name: 'Bob Durand' });
  await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', members: 2 });
  await givenWorkshop(deps, { id: 'visite', title: 'Visite du datacenter', capacity: 5 });
  await givenWorkshop(deps, { id: 'conference', title: 'Conférence' });
  await deps.signups.signUp(
    'c1',
    'visite',
    { agentId: 'sobres-m1', name: 'Alice Martin', at: '2026-11-23T09:00:00.000Z' },
    () => undefined,
  );
  await deps.signups.signUp(
    'c1',
    'conference',
    { agentId: 'sobres-m2', name: 'Bob Durand', at: '2026-11-23T09:05:00.000Z' },
    () => undefined,
  );
  await givenAnswer(deps, 'sobres-m1', { questionId: 'j1-q1', points: 2 });
  await givenAnswer(deps, 'sobres-m2', { questionId: 'j1-q1', points: 1, correct: false });
  await givenCheckin(deps, 'sobres-m1', {
    workshopId: 'visite',
    points: 5,
    at: '2026-11-24T13:10:00.000Z',
  });
  await deps.roster.putMany([
    buildRosterEntry({ userId: 'sobres-m1', name: 'Alice Martin', install: 'installed' }),
    buildRosterEntry({ userId: 'sobres-m2', name: 'Bob Durand' }),
  ]);
  return deps;
}

describe("an agent's data", () => {
  it('gathers every row about the agent, and none about anyone else', async () => {
    // given
    const deps = await twoAgents();

    // when
    const data = await agentData(deps, 'sobres-m1');

    // then
    expect(data).toMatchObject({
      agentId: 'sobres-m1',
      exportedAt: '2026-11-25T09:00:00.000Z',
      challengeId: 'c1',
      agent: { name: 'Alice Martin', direction: 'DSI', locale: 'fr', organiser: false },
      tally: { points: 7, events: 2 },
      team: { id: 'sobres', name: 'Les Sobres', tally: { points: 7, events: 2 } },
      answers: [{ questionId: 'j1-q1', points: 2, correct: true }],
      checkins: [{ workshopId: 'visite', points: 5 }],
      signups: [
        {
          workshopId: 'visite',
          workshopTitle: 'Visite du datacenter',
          at: '2026-11-23T09:00:00.000Z',
        },
      ],
      roster: { name: 'Alice Martin', install: 'installed' },
    });
    const text = JSON.stringify(data);
    expect(text).not.toContain('Bob');
    expect(text).not.toContain('sobres-m2');
    // The conversation reference is a technical address, not shown.
    expect(text).not.toContain('conversation');
  });

  it('is little more than the id for someone the app never met', async () => {
    // given
    const deps = await twoAgents();

    // when
    const data = await agentData(deps, 'stranger');

    // then
    expect(data).toMatchObject({
      agent: null,
      team: null,
      tally: buildTally(),
      answers: [],
      checkins: [],
      signups: [],
      roster: null,
    });
  });

  it('gives the agent and roster rows when no challenge is set up', async () => {
    // given
    const deps = memoryDeps({ clock: clockAt(NOW) });
    await givenAgent(deps, { id: 'a1', name: 'Alice Martin' });

    // when
    const data = await agentData(deps, 'a1');

    // then
    expect(data).toMatchObject({ challengeId: null, agent: { name: 'Alice Martin' }, tally: null });
  });
});
