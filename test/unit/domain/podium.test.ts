import { isDomainError } from '../../../src/domain/errors';
import { buildPodium, podiumKey, PODIUM_PLACES } from '../../../src/domain/podium';
import { DEFAULT_SCORING, rankTeams, type TeamTally } from '../../../src/domain/scoring';

/** A team of three, all active, with `points` (score points / 3), its last event at `reachedAt`. */
function team(teamId: string, points: number, reachedAt: number | null = 1): TeamTally {
  return {
    teamId,
    name: `Équipe ${teamId}`,
    members: 3,
    points,
    activeMembers: points > 0 ? 3 : 0,
    reachedAt: points > 0 ? reachedAt : null,
  };
}

const podiumOf = (...tallies: TeamTally[]) =>
  buildPodium('c1', rankTeams(tallies, DEFAULT_SCORING), { ...DEFAULT_SCORING });

const places = (podium: ReturnType<typeof podiumOf>) =>
  podium.places.map((p) => [p.rank, p.teamId, p.score, p.tied]);

describe('the podium', () => {
  it('shows the top five teams of the ranking, best first, with their scores', () => {
    // given seven teams that scored
    const tallies = [12, 9, 15, 3, 6, 18, 21].map((points, i) => team(`t${i + 1}`, points));

    // when
    const podium = podiumOf(...tallies);

    // then
    expect(PODIUM_PLACES).toBe(5);
    expect(places(podium)).toEqual([
      [1, 't7', '7.00', false],
      [2, 't6', '6.00', false],
      [3, 't3', '5.00', false],
      [4, 't1', '4.00', false],
      [5, 't2', '3.00', false],
    ]);
    expect(podium.rule.minTeamSize).toBe(DEFAULT_SCORING.minTeamSize);
  });

  it('shows a tie at the first place as two teams sharing the rank, the next rank skipped', () => {
    // given two teams equal on every criterion of the spec
    const podium = podiumOf(team('a', 9, 5), team('b', 9, 5), team('c', 6));

    // then
    expect(places(podium)).toEqual([
      [1, 'a', '3.00', true],
      [1, 'b', '3.00', true],
      [3, 'c', '2.00', false],
    ]);
  });

  it('shows every team tied at the fifth place, even beyond five teams', () => {
    // given four teams ahead, then three teams tied for the fifth place, then one behind
    const podium = podiumOf(
      team('t1', 30),
      team('t2', 27),
      team('t3', 24),
      team('t4', 21),
      team('t5', 9, 7),
      team('t6', 9, 7),
      team('t7', 9, 7),
      team('t8', 3),
    );

    // then
    expect(places(podium)).toEqual([
      [1, 't1', '10.00', false],
      [2, 't2', '9.00', false],
      [3, 't3', '8.00', false],
      [4, 't4', '7.00', false],
      [5, 't5', '3.00', true],
      [5, 't6', '3.00', true],
      [5, 't7', '3.00', true],
    ]);
  });

  it('shows as many places as there are teams that scored, when fewer than five', () => {
    // given two teams that scored and one that did nothing yet
    const podium = podiumOf(team('a', 6), team('b', 3), team('idle', 0));

    // then the team without a point is not on the podium
    expect(places(podium)).toEqual([
      [1, 'a', '2.00', false],
      [2, 'b', '1.00', false],
    ]);
  });

  it('refuses a podium before any point is scored (podium_empty)', () => {
    // given teams that did nothing yet, and no team at all
    const noPoint = () => podiumOf(team('a', 0), team('b', 0));
    const noTeam = () => podiumOf();

    // then
    for (const build of [noPoint, noTeam]) {
      let thrown: unknown;
      try {
        build();
      } catch (error) {
        thrown = error;
      }
      expect(isDomainError(thrown, 'podium_empty')).toBe(true);
    }
  });

  it('keys the same podium the same way, and a change of place or score another way', () => {
    // given
    const first = podiumOf(team('a', 9), team('b', 6));
    const again = podiumOf(team('b', 6), team('a', 9));
    const renamed = buildPodium(
      'c1',
      rankTeams([{ ...team('a', 9), name: 'Autre nom' }, team('b', 6)], DEFAULT_SCORING),
      { ...DEFAULT_SCORING },
    );
    const moved = podiumOf(team('a', 9), team('b', 12));
    const scored = podiumOf(team('a', 12), team('b', 6));

    // then
    expect(again.key).toBe(first.key);
    expect(renamed.key).toBe(first.key);
    expect(new Set([first.key, moved.key, scored.key]).size).toBe(3);
    expect(first.key).toMatch(/^[0-9a-f]{16}$/);
    expect(podiumKey(first.places)).toBe(first.key);
  });
});
