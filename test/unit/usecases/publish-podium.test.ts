import { isDomainError } from '../../../src/domain/errors';
import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import {
  isPodiumPreview,
  podiumForOrganiser,
  podiumOf,
  previewPodium,
  publishPodium,
} from '../../../src/usecases/publish-podium';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { buildTally, givenAgent, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Publishes, and waits until everyone is handed to the queue (edges answer before that). */
async function published(deps: Parameters<typeof publishPodium>[0], by: string) {
  const result = await publishPodium(deps, { by });
  return { ...result, ...(await result.sending) };
}

const CHANNEL = {
  id: '19:general@thread.tacv2',
  teamId: '19:team@thread.tacv2',
  teamName: 'Direction du numérique',
  conversationReference: JSON.stringify({ conversation: { id: '19:general@thread.tacv2' } }),
  addedAt: '2026-11-20T09:00:00.000Z',
};

/** A team of three whose first member scored `points`. */
function scoringTeam(deps: MemoryDeps, id: string, points: number) {
  return givenTeam(deps, {
    id,
    name: `Équipe ${id}`,
    members: 3,
    tallies: { [`${id}-m1`]: buildTally({ points, events: 1, lastAt: 1 }) },
  });
}

/** A running challenge with an organiser, two agents (one unreachable), a team channel and, unless told, points. */
async function aChallenge(options: { points?: boolean } = {}) {
  const deps = memoryDeps({ clock: clockAt('2026-11-27T17:00:00+01:00') });
  await givenChallenge(deps);
  const organiser = await givenAgent(deps, { id: 'orga', organiser: true });
  const agent = await givenAgent(deps, { id: 'agent-1' });
  await givenAgent(deps, { id: 'agent-2' });
  await deps.agents.markUnreachable('agent-2');
  await deps.channels.save(CHANNEL);
  if (options.points !== false) {
    await scoringTeam(deps, 'a', 9);
    await scoringTeam(deps, 'b', 6);
  }
  return { deps, organiser, agent };
}

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('publishing the podium', () => {
  it('sends it once to every reachable agent and every team channel', async () => {
    // given
    const { deps, organiser } = await aChallenge();

    // when
    const result = await published(deps, organiser.id);

    // then
    expect(result).toMatchObject({ started: true, total: 3 });
    expect(result.podium.places.map((p) => p.teamId)).toEqual(['a', 'b']);
    const deliveries = await deps.broadcasts.listDeliveries(result.sendId);
    expect(deliveries.map((d) => d.agentId).sort()).toEqual([
      'agent-1',
      `channel:${CHANNEL.id}`,
      'orga',
    ]);
    const messages = await deps.deliveryQueue.receive(10, 30);
    expect(messages.find((m) => m.channel)).toMatchObject({
      agentId: `channel:${CHANNEL.id}`,
      reference: CHANNEL.conversationReference,
      locale: 'fr',
    });
    const [send] = await deps.broadcasts.listSends();
    expect(send).toMatchObject({ kind: 'podium', subject: result.podium.key });
  });

  it('sends nothing more when the same podium is published again, by anyone', async () => {
    // given
    const { deps, organiser } = await aChallenge();
    const first = await published(deps, organiser.id);
    // An organiser who installed the app since: the send is done, they are not added to it.
    const other = await givenAgent(deps, { id: 'orga-2', organiser: true });

    // when
    const again = await published(deps, other.id);

    // then
    expect(again).toMatchObject({ sendId: first.sendId, started: false });
    expect(await deps.broadcasts.listSends()).toHaveLength(1);
    expect(await deps.broadcasts.listDeliveries(first.sendId)).toHaveLength(3);
  });

  it('publishes a podium that changed since as a new send', async () => {
    // given
    const { deps, organiser } = await aChallenge();
    const first = await published(deps, organiser.id);
    await scoringTeam(deps, 'c', 30);

    // when
    const second = await published(deps, organiser.id);

    // then
    expect(second.started).toBe(true);
    expect(second.sendId).not.toBe(first.sendId);
    expect(second.podium.places[0]?.teamId).toBe('c');
  });

  it('refuses a non-organiser, and sends nothing', async () => {
    // given
    const { deps, agent } = await aChallenge();

    // when
    const error = await refusal(() => publishPodium(deps, { by: agent.id }));

    // then
    expect(isDomainError(error, 'not_organiser')).toBe(true);
    expect(isDomainError(await refusal(() => previewPodium(deps, { by: agent.id })))).toBe(true);
    expect(await deps.broadcasts.listSends()).toEqual([]);
  });

  it('refuses a podium before any point is scored, and sends nothing', async () => {
    // given
    const { deps, organiser } = await aChallenge({ points: false });
    await givenTeam(deps, { id: 'idle', members: 3 });

    // when
    const error = await refusal(() => publishPodium(deps, { by: organiser.id }));

    // then
    expect(isDomainError(error, 'podium_empty')).toBe(true);
    expect(await deps.broadcasts.listSends()).toEqual([]);
  });
});

describe('previewing the podium', () => {
  it('sends it to the organiser alone, a send of its own each time', async () => {
    // given
    const { deps, organiser } = await aChallenge();

    // when
    const first = await previewPodium(deps, { by: organiser.id });
    const second = await previewPodium(deps, { by: organiser.id });

    // then
    expect(second.sendId).not.toBe(first.sendId);
    for (const { sendId } of [first, second]) {
      const deliveries = await deps.broadcasts.listDeliveries(sendId);
      expect(deliveries.map((d) => d.agentId)).toEqual(['orga']);
    }
    const sends = await deps.broadcasts.listSends();
    expect(sends.every((send) => send.kind === 'podium' && isPodiumPreview(send.subject))).toBe(
      true,
    );
  });

  it('refuses an organiser the bot cannot reach', async () => {
    // given
    const { deps, organiser } = await aChallenge();
    await deps.agents.markUnreachable(organiser.id);

    // when
    const error = await refusal(() => previewPodium(deps, { by: organiser.id }));

    // then
    expect(isDomainError(error, 'agent_unknown')).toBe(true);
    expect(await deps.broadcasts.listSends()).toEqual([]);
  });

  it('tells the organiser whom publishing would reach', async () => {
    // given
    const { deps, organiser } = await aChallenge();

    // when
    const { podium, audience } = await podiumForOrganiser(deps, { by: organiser.id });

    // then
    expect(audience).toEqual({ agents: 2, channels: 1 });
    expect(podium.places).toHaveLength(2);
  });
});

describe('the podium of the running challenge', () => {
  it('is the one of the ranking the tab shows, read through its cache when given', async () => {
    // given
    const { deps } = await aChallenge();
    const cache = new LeaderboardCache(deps);

    // when
    const direct = await podiumOf(deps);
    const cached = await podiumOf(deps, cache);

    // then
    expect(cached).toEqual(direct);
    const board = await cache.get();
    expect(direct.places.map((p) => [p.rank, p.teamId, p.score])).toEqual(
      board.podium.map((row) => [row.rank, row.teamId, row.score]),
    );
  });
});
