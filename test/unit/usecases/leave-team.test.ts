import { memoryDeps } from '../../../src/storage/memory';
import { createTeam } from '../../../src/usecases/create-team';
import { leaveTeam } from '../../../src/usecases/leave-team';
import { buildTally, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

const BEFORE_THE_START = '2026-11-20T10:00:00+01:00';

async function aChallenge(now = BEFORE_THE_START) {
  const deps = memoryDeps({ clock: clockAt(now) });
  await givenChallenge(deps);
  return deps;
}

describe('leaving a team', () => {
  it('takes the agent and their points out of the team; the others stay', async () => {
    // given a team of three, whose second member has points
    const deps = await aChallenge();
    const team = await givenTeam(deps, {
      id: 'sobres',
      members: 3,
      tallies: { 'sobres-m2': buildTally({ points: 4, events: 2, lastAt: 1 }) },
    });

    // when
    const left = await leaveTeam(deps, { agentId: 'sobres-m2' });

    // then
    expect(left.members.map((m) => m.agentId)).toEqual(['sobres-m1', 'sobres-m3']);
    expect(left.tallies).toEqual({});
    expect(await deps.teams.get('c1', team.id)).toEqual(left);
    expect(await deps.teams.teamOf('c1', 'sobres-m2')).toBeNull();
  });

  it('lets the last member go, and the team with its name and code disappears', async () => {
    // given
    const deps = await aChallenge();
    const team = await givenTeam(deps, { name: 'Les Sobres', members: 1 });

    // when
    const left = await leaveTeam(deps, { agentId: team.members[0]!.agentId });

    // then the team is gone, and its name is free again
    expect(left).toMatchObject({ id: team.id, members: [] });
    expect(await deps.teams.list('c1')).toEqual([]);
    expect(await deps.teams.findByCode('c1', team.joinCode)).toBeNull();
    await expect(
      createTeam(deps, { agentId: 'a2', agentName: 'Bo', name: 'les sobres' }),
    ).resolves.toMatchObject({
      name: 'les sobres',
    });
  });

  describe('is refused when', () => {
    it('the agent is in no team', async () => {
      // given
      const deps = await aChallenge();

      // when
      const leaving = leaveTeam(deps, { agentId: 'a1' });

      // then
      await expect(leaving).rejects.toMatchObject({ code: 'not_in_team' });
    });

    it('the challenge has started, and the team keeps the agent', async () => {
      // given
      const clock = clockAt(BEFORE_THE_START);
      const deps = memoryDeps({ clock });
      await givenChallenge(deps);
      const team = await givenTeam(deps, { members: 2 });
      clock.set('2026-11-23T08:00:00+01:00');

      // when
      const leaving = leaveTeam(deps, { agentId: team.members[0]!.agentId });

      // then
      await expect(leaving).rejects.toMatchObject({ code: 'teams_closed' });
      expect(await deps.teams.get('c1', team.id)).toEqual(team);
    });
  });
});
