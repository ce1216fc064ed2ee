import { leaderboardJson } from '../../../src/api/leaderboard-json';
import type { LeaderboardView } from '../../../src/api/views';
import { memoryDeps } from '../../../src/storage/memory';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { buildTally, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Two teams: "Les Petits" (three members, 6 points) ahead of "Les Grands" (ten members, 8 points). */
async function twoTeams() {
  const clock = clockAt('2026-11-24T12:00:00+01:00');
  const deps = memoryDeps({ clock });
  await givenChallenge(deps);
  const tally = (points: number) => buildTally({ points, events: points / 2, lastAt: 1 });
  await givenTeam(deps, {
    id: 'petits',
    name: 'Les <b>Petits</b> "&"',
    members: 3,
    tallies: { 'petits-m1': tally(2), 'petits-m2': tally(2), 'petits-m3': tally(2) },
  });
  await givenTeam(deps, {
    id: 'grands',
    name: 'Les Grands',
    members: 10,
    tallies: { 'grands-m1': tally(4), 'grands-m2': tally(4) },
  });
  return { deps, clock, cache: new LeaderboardCache(deps, 1000) };
}

/** The view as the API wrote it before it kept its text: the ranking, the reader's row marked, the flag. */
async function viewAsObject(cache: LeaderboardCache, agentId: string, organiser: boolean) {
  const board = await cache.get();
  const myTeamId = cache.teamIdOf(board, agentId);
  const view: LeaderboardView = {
    challenge: { id: board.challenge.id, title: board.challenge.title },
    minTeamSize: board.challenge.scoring.minTeamSize,
    scoring: board.challenge.scoring,
    rows: board.rows.map((row) => ({ ...row, mine: row.teamId === myTeamId })),
    podiumSize: board.podium.length,
    organiser,
  };
  return view;
}

describe('the leaderboard as JSON text', () => {
  it('is byte for byte the view the API used to stringify, for a member, an outsider and an organiser', async () => {
    // given
    const { cache } = await twoTeams();

    for (const [agentId, organiser] of [
      ['petits-m2', false],
      ['grands-m1', true],
      ['nobody', false],
    ] as const) {
      // when
      const text = await leaderboardJson(cache, agentId, Promise.resolve(organiser));

      // then
      expect(text.text).toBe(JSON.stringify(await viewAsObject(cache, agentId, organiser)));
    }
  });

  it('marks only the reader’s row, and the next reader’s text keeps nothing of it', async () => {
    // given
    const { cache } = await twoTeams();

    // when
    const petit = JSON.parse(
      (await leaderboardJson(cache, 'petits-m1', Promise.resolve(false))).text,
    ) as LeaderboardView;
    const outsider = JSON.parse(
      (await leaderboardJson(cache, 'nobody', Promise.resolve(false))).text,
    ) as LeaderboardView;

    // then
    expect(petit.rows.map((r) => [r.teamId, r.mine])).toEqual([
      ['petits', true],
      ['grands', false],
    ]);
    expect(outsider.rows.every((r) => !r.mine)).toBe(true);
  });

  it('gives one ETag per reader’s view: the same for the same view, another when the row, the flag or the points change', async () => {
    // given
    const { deps, clock, cache } = await twoTeams();
    const etag = async (agentId: string, organiser: boolean) =>
      (await leaderboardJson(cache, agentId, Promise.resolve(organiser))).etag;
    const first = await etag('petits-m1', false);

    // when / then: the same view, the same tag (two readers of one team see the same text)
    expect(await etag('petits-m2', false)).toBe(first);
    expect(await etag('grands-m1', false)).not.toBe(first);
    expect(await etag('petits-m1', true)).not.toBe(first);

    // when the points change and the kept ranking is read again
    await givenTeam(deps, {
      id: 'moyens',
      name: 'Les Moyens',
      members: 3,
      tallies: { 'moyens-m1': buildTally({ points: 30, events: 15, lastAt: 2 }) },
    });
    clock.advance(1000);
    await cache.get();

    // then
    expect(await etag('petits-m1', false)).not.toBe(first);
  });
});
