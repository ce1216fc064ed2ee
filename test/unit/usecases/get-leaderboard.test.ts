import { memoryDeps } from '../../../src/storage/memory';
import { getLeaderboard } from '../../../src/usecases/get-leaderboard';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { buildTally, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

const at = (instant: string) => Date.parse(instant);

/**
 * Three teams: ten "Grands" of whom three took part (4 points each), three "Petits" who all did (2 points each),
 * and a "Solo" of one with 5 points, prorated as if three (the minimum team size).
 */
async function threeTeams() {
  const clock = clockAt('2026-11-24T12:00:00+01:00');
  const deps = memoryDeps({ clock });
  await givenChallenge(deps);
  const tally = (points: number, lastAt = '2026-11-23T10:00:00+01:00') =>
    buildTally({ points, events: points / 2, lastAt: at(lastAt) });
  await givenTeam(deps, {
    id: 'grands',
    name: 'Les Grands',
    members: 10,
    tallies: { 'grands-m1': tally(4), 'grands-m2': tally(4), 'grands-m3': tally(4) },
  });
  await givenTeam(deps, {
    id: 'petits',
    name: 'Les Petits',
    members: 3,
    tallies: { 'petits-m1': tally(2), 'petits-m2': tally(2), 'petits-m3': tally(2) },
  });
  await givenTeam(deps, {
    id: 'solo',
    name: 'Solo',
    members: 1,
    tallies: { 'solo-m1': buildTally({ points: 5, events: 2, lastAt: 1 }) },
  });
  return { deps, clock };
}

describe('the ranking', () => {
  it('puts the most committed team first, not the biggest', async () => {
    // given
    const { deps } = await threeTeams();

    // when
    const board = await getLeaderboard(deps);

    // then
    expect(board.rows.map((r) => [r.rank, r.name, r.score, r.points, r.participationRate])).toEqual(
      [
        [1, 'Les Petits', '2.00', 6, '1.00'],
        [2, 'Solo', '1.67', 5, '1.00'],
        [3, 'Les Grands', '1.20', 12, '0.30'],
      ],
    );
    expect(board.podium).toEqual(board.rows);
  });

  it('ranks nobody on an empty challenge', async () => {
    // given
    const deps = memoryDeps();
    await givenChallenge(deps);

    // when
    const board = await getLeaderboard(deps);

    // then
    expect(board.rows).toEqual([]);
  });

  it('refuses when no challenge is set up', async () => {
    // given / when / then
    await expect(getLeaderboard(memoryDeps())).rejects.toMatchObject({ code: 'challenge_missing' });
  });
});

describe('the ranking as this instance keeps it for a few seconds', () => {
  it('reads the teams once for everyone who asks at the same time', async () => {
    // given
    const { deps } = await threeTeams();
    const list = jest.spyOn(deps.teams, 'list');
    const cache = new LeaderboardCache(deps, 3000);

    // when
    const boards = await Promise.all([cache.get(), cache.get(), cache.get()]);

    // then
    expect(list).toHaveBeenCalledTimes(1);
    expect(new Set(boards).size).toBe(1);
  });

  it('reads them again once its time is up', async () => {
    // given a ranking read at noon
    const { deps, clock } = await threeTeams();
    const list = jest.spyOn(deps.teams, 'list');
    const cache = new LeaderboardCache(deps, 3000);
    await cache.get();

    // when
    clock.advance(2999);
    await cache.get();
    clock.advance(1);
    await cache.get();

    // then
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('gives the kept ranking at once past half its time, and reads a fresh one behind it', async () => {
    // given a ranking kept for a second, read at noon
    const { deps, clock } = await threeTeams();
    const list = jest.spyOn(deps.teams, 'list');
    const cache = new LeaderboardCache(deps, 1000);
    const first = await cache.get();

    // when asked again 600 ms later
    clock.advance(600);
    const second = await cache.get();
    await new Promise((resolve) => setImmediate(resolve));

    // then the kept one answered, and a fresh read went
    expect(second).toBe(first);
    expect(list).toHaveBeenCalledTimes(2);
    expect(await cache.get()).not.toBe(first);
  });

  it('places a team with its fresh tally among the others’ kept ones, without reading them again', async () => {
    // given the kept ranking, then the Grands earn 12 more points
    const { deps } = await threeTeams();
    const cache = new LeaderboardCache(deps, 3000);
    await cache.get();
    const grands = await deps.teams.get('c1', 'grands');
    const fresh = {
      ...grands!,
      tallies: {
        ...grands!.tallies,
        'grands-m4': buildTally({ points: 12, events: 6, lastAt: 2 }),
      },
    };
    const list = jest.spyOn(deps.teams, 'list');

    // when
    const place = await cache.rankOf(fresh);

    // then: 24 / 10 = 2.40, ahead of the Petits
    expect(place).toEqual({ rank: 1, teams: 3 });
    expect(list).not.toHaveBeenCalled();
  });

  it('finds each reader’s team in a ranking read again, whether the store gave the same teams or one with a newcomer', async () => {
    // given a store that gives the same team objects again (as the Azure one does for unchanged rows)
    const { deps, clock } = await threeTeams();
    const teams = await deps.teams.list('c1');
    let listed = teams;
    jest.spyOn(deps.teams, 'list').mockImplementation(async () => listed);
    const cache = new LeaderboardCache(deps, 1000);
    const first = await cache.get();
    expect(cache.teamIdOf(first, 'petits-m2')).toBe('petits');

    // when read again unchanged, then after a newcomer joined the Petits
    clock.advance(1000);
    const second = await cache.get();
    const again = cache.teamIdOf(second, 'petits-m2');
    const petits = teams.find((t) => t.id === 'petits')!;
    listed = teams.map((t) =>
      t === petits ? { ...t, members: [...t.members, { agentId: 'newcomer', name: 'N' }] } : t,
    );
    clock.advance(1000);
    const third = await cache.get();

    // then
    expect(second).not.toBe(first);
    expect(again).toBe('petits');
    expect(cache.teamIdOf(third, 'newcomer')).toBe('petits');
    expect(cache.teamIdOf(third, 'grands-m1')).toBe('grands');
    expect(cache.teamIdOf(third, 'nobody')).toBeNull();
  });
});
