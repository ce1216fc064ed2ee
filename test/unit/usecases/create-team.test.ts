import { memoryDeps } from '../../../src/storage/memory';
import { createTeam } from '../../../src/usecases/create-team';
import { givenAnswer, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** The Friday before the challenge (which starts on Monday 23 November 2026): teams may still change. */
const BEFORE_THE_START = '2026-11-20T10:00:00+01:00';

async function aChallengeBeforeItsStart(options: Parameters<typeof memoryDeps>[0] = {}) {
  const deps = memoryDeps({ clock: clockAt(BEFORE_THE_START), ...options });
  await givenChallenge(deps);
  return deps;
}

describe('founding a team', () => {
  it('makes the agent its founder and gives the team a join code to share', async () => {
    // given
    const deps = await aChallengeBeforeItsStart();

    // when
    const team = await createTeam(deps, {
      agentId: 'a1',
      agentName: 'Awa',
      name: '  Les   Sobres ',
    });

    // then
    expect(team).toMatchObject({
      name: 'Les Sobres',
      members: [{ agentId: 'a1', name: 'Awa' }],
      tallies: {},
    });
    expect(team.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(team.createdAt).toBe(new Date(BEFORE_THE_START).toISOString());
    expect(await deps.teams.findByCode('c1', team.joinCode)).toEqual(team);
    expect(await deps.teams.teamIdOf('c1', 'a1')).toBe(team.id);
  });

  it('brings along the points the founder earned before', async () => {
    // given
    const deps = await aChallengeBeforeItsStart();
    await givenAnswer(deps, 'a1', { points: 2, at: '2026-11-20T08:00:00.000Z' });

    // when
    const team = await createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: 'Les Sobres' });

    // then
    expect(team.tallies).toEqual({
      a1: { points: 2, events: 1, lastAt: Date.parse('2026-11-20T08:00:00.000Z') },
    });
  });

  it('draws another join code when the drawn one is taken', async () => {
    // given a team holding code AAAAAA, and draws that give AAAAAA first
    const draws = [...Array<number>(6).fill(0), ...Array<number>(6).fill(0.5)];
    const deps = await aChallengeBeforeItsStart({
      ids: { id: () => 'new-team', random: () => draws.shift() ?? 0.9 },
    });
    await givenTeam(deps, { joinCode: 'AAAAAA' });

    // when
    const team = await createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: 'Les Sobres' });

    // then
    expect(team.joinCode).toBe('SSSSSS');
  });

  describe('is refused when', () => {
    it('the name is taken, whatever its case and accents', async () => {
      // given
      const deps = await aChallengeBeforeItsStart();
      await givenTeam(deps, { name: 'Les Économes' });

      // when
      const founding = createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: 'les economes' });

      // then
      await expect(founding).rejects.toMatchObject({ code: 'team_name_taken' });
      expect(await deps.teams.teamOf('c1', 'a1')).toBeNull();
    });

    it('the agent is already in a team', async () => {
      // given
      const deps = await aChallengeBeforeItsStart();
      const team = await givenTeam(deps, { name: 'Les Sobres', members: 2 });

      // when
      const founding = createTeam(deps, {
        agentId: team.members[1]!.agentId,
        agentName: 'Bo',
        name: 'Les Autres',
      });

      // then
      await expect(founding).rejects.toMatchObject({
        code: 'already_in_team',
        details: { team: 'Les Sobres' },
      });
      expect(await deps.teams.list('c1')).toHaveLength(1);
    });

    it('the name is too short or holds markup', async () => {
      // given
      const deps = await aChallengeBeforeItsStart();

      // when / then
      await expect(
        createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: 'AB' }),
      ).rejects.toMatchObject({
        code: 'team_name_invalid',
        details: { reason: 'length' },
      });
      await expect(
        createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: '<b>Les Sobres</b>' }),
      ).rejects.toMatchObject({
        code: 'team_name_invalid',
        details: { reason: 'characters' },
      });
    });

    it('the challenge has started', async () => {
      // given Monday morning
      const deps = memoryDeps({ clock: clockAt('2026-11-23T00:00:00+01:00') });
      await givenChallenge(deps);

      // when
      const founding = createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: 'Les Sobres' });

      // then
      await expect(founding).rejects.toMatchObject({ code: 'teams_closed' });
    });

    it('the challenge’s own lock time has passed', async () => {
      // given a challenge whose teams lock on Thursday evening
      const deps = memoryDeps({ clock: clockAt(BEFORE_THE_START) });
      await givenChallenge(deps, { teamsLockAt: '2026-11-19T18:00:00+01:00' });

      // when
      const founding = createTeam(deps, { agentId: 'a1', agentName: 'Awa', name: 'Les Sobres' });

      // then
      await expect(founding).rejects.toMatchObject({ code: 'teams_closed' });
    });
  });
});
