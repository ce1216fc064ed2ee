import { memoryDeps } from '../../../src/storage/memory';
import { joinTeam, moveAgentToTeam } from '../../../src/usecases/join-team';
import { givenAgent, givenAnswer, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

const BEFORE_THE_START = '2026-11-20T10:00:00+01:00';
const DURING_THE_CHALLENGE = '2026-11-24T10:00:00+01:00';

async function aChallenge(now = BEFORE_THE_START, maxTeamSize = 12) {
  const deps = memoryDeps({ clock: clockAt(now), organiserIds: ['boss'] });
  await givenChallenge(deps, { maxTeamSize });
  return deps;
}

describe('joining a team with its code', () => {
  it('adds the agent to the team, the code typed with spaces and in lower case', async () => {
    // given
    const deps = await aChallenge();
    const team = await givenTeam(deps, { name: 'Les Sobres', joinCode: 'K7M2QX', members: 2 });

    // when
    const joined = await joinTeam(deps, { agentId: 'a9', agentName: 'Noé', code: 'k7m 2qx' });

    // then
    expect(joined.id).toBe(team.id);
    expect(joined.members.map((m) => m.name)).toEqual([...team.members.map((m) => m.name), 'Noé']);
    expect(await deps.teams.teamIdOf('c1', 'a9')).toBe(team.id);
  });

  it('brings along the points the agent earned before joining', async () => {
    // given
    const deps = await aChallenge();
    await givenTeam(deps, { joinCode: 'K7M2QX' });
    await givenAnswer(deps, 'a9', { points: 2 });

    // when
    const joined = await joinTeam(deps, { agentId: 'a9', agentName: 'Noé', code: 'K7M2QX' });

    // then
    expect(joined.tallies.a9).toMatchObject({ points: 2, events: 1 });
  });

  describe('is refused when', () => {
    it('no team has the code', async () => {
      // given
      const deps = await aChallenge();

      // when
      const joining = joinTeam(deps, { agentId: 'a9', agentName: 'Noé', code: 'K7M2QX' });

      // then
      await expect(joining).rejects.toMatchObject({
        code: 'team_code_unknown',
        details: { code: 'K7M2QX' },
      });
    });

    it('the team is full', async () => {
      // given a team of three in a challenge of teams of three at most
      const deps = await aChallenge(BEFORE_THE_START, 3);
      await givenTeam(deps, { name: 'Les Sobres', joinCode: 'K7M2QX', members: 3 });

      // when
      const joining = joinTeam(deps, { agentId: 'a9', agentName: 'Noé', code: 'K7M2QX' });

      // then
      await expect(joining).rejects.toMatchObject({
        code: 'team_full',
        details: { team: 'Les Sobres', max: 3 },
      });
      expect(await deps.teams.teamOf('c1', 'a9')).toBeNull();
    });

    it('the agent is already in a team', async () => {
      // given
      const deps = await aChallenge();
      const mine = await givenTeam(deps, { name: 'Les Miens', members: 1 });
      await givenTeam(deps, { joinCode: 'K7M2QX' });

      // when
      const joining = joinTeam(deps, {
        agentId: mine.members[0]!.agentId,
        agentName: 'Awa',
        code: 'K7M2QX',
      });

      // then
      await expect(joining).rejects.toMatchObject({
        code: 'already_in_team',
        details: { team: 'Les Miens' },
      });
    });

    it('the challenge has started', async () => {
      // given
      const deps = await aChallenge(DURING_THE_CHALLENGE);
      await givenTeam(deps, { joinCode: 'K7M2QX' });

      // when
      const joining = joinTeam(deps, { agentId: 'a9', agentName: 'Noé', code: 'K7M2QX' });

      // then
      await expect(joining).rejects.toMatchObject({ code: 'teams_closed' });
    });
  });
});

describe('an organiser moving an agent into a team', () => {
  it('moves them out of their team into the other, even after the start and over the size limit', async () => {
    // given two full teams of three during the challenge
    const deps = await aChallenge(DURING_THE_CHALLENGE, 3);
    await givenAgent(deps, { id: 'boss' });
    const from = await givenTeam(deps, { id: 'from', members: 3 });
    const to = await givenTeam(deps, { id: 'to', joinCode: 'K7M2QX', members: 3 });
    const moved = await givenAgent(deps, { id: from.members[0]!.agentId });
    await givenAnswer(deps, moved.id, { points: 2 });

    // when
    const team = await moveAgentToTeam(deps, {
      organiserId: 'boss',
      agentId: moved.id,
      code: 'K7M2QX',
    });

    // then their points go with them
    expect(team.id).toBe(to.id);
    expect(team.members.map((m) => m.agentId)).toEqual([
      ...to.members.map((m) => m.agentId),
      moved.id,
    ]);
    expect(team.tallies[moved.id]).toMatchObject({ points: 2 });
    expect((await deps.teams.get('c1', from.id))?.members).toHaveLength(2);
    expect((await deps.teams.get('c1', from.id))?.tallies[moved.id]).toBeUndefined();
  });

  it('lets an agent with the organiser role move someone, as well as one named in ORGANISER_IDS', async () => {
    // given
    const deps = await aChallenge();
    await givenAgent(deps, { id: 'helper', organiser: true });
    const agent = await givenAgent(deps);
    await givenTeam(deps, { joinCode: 'K7M2QX' });

    // when
    const team = await moveAgentToTeam(deps, {
      organiserId: 'helper',
      agentId: agent.id,
      code: 'K7M2QX',
    });

    // then
    expect(team.members.some((m) => m.agentId === agent.id)).toBe(true);
  });

  it('takes the last member out of a team, which then disappears', async () => {
    // given
    const deps = await aChallenge(DURING_THE_CHALLENGE);
    await givenAgent(deps, { id: 'boss' });
    const alone = await givenTeam(deps, { id: 'alone', name: 'Les Seuls', members: 1 });
    await givenAgent(deps, { id: alone.members[0]!.agentId });
    await givenTeam(deps, { joinCode: 'K7M2QX' });

    // when
    await moveAgentToTeam(deps, {
      organiserId: 'boss',
      agentId: alone.members[0]!.agentId,
      code: 'K7M2QX',
    });

    // then
    expect(await deps.teams.get('c1', 'alone')).toBeNull();
    expect((await deps.teams.list('c1')).map((t) => t.name)).not.toContain('Les Seuls');
  });

  describe('is refused when', () => {
    it('the one asking is not an organiser', async () => {
      // given
      const deps = await aChallenge();
      const someone = await givenAgent(deps);
      const agent = await givenAgent(deps);
      await givenTeam(deps, { joinCode: 'K7M2QX' });

      // when
      const moving = moveAgentToTeam(deps, {
        organiserId: someone.id,
        agentId: agent.id,
        code: 'K7M2QX',
      });

      // then
      await expect(moving).rejects.toMatchObject({ code: 'not_organiser' });
      expect(await deps.teams.teamOf('c1', agent.id)).toBeNull();
    });

    it('the agent is unknown', async () => {
      // given
      const deps = await aChallenge();
      await givenAgent(deps, { id: 'boss' });
      await givenTeam(deps, { joinCode: 'K7M2QX' });

      // when
      const moving = moveAgentToTeam(deps, {
        organiserId: 'boss',
        agentId: 'nobody',
        code: 'K7M2QX',
      });

      // then
      await expect(moving).rejects.toMatchObject({ code: 'agent_unknown' });
    });

    it('no team has the code', async () => {
      // given
      const deps = await aChallenge();
      await givenAgent(deps, { id: 'boss' });
      const agent = await givenAgent(deps);

      // when
      const moving = moveAgentToTeam(deps, {
        organiserId: 'boss',
        agentId: agent.id,
        code: 'K7M2QX',
      });

      // then
      await expect(moving).rejects.toMatchObject({ code: 'team_code_unknown' });
    });

    it('the agent is already in that team, which stays as it was', async () => {
      // given
      const deps = await aChallenge();
      await givenAgent(deps, { id: 'boss' });
      const team = await givenTeam(deps, { name: 'Les Sobres', joinCode: 'K7M2QX', members: 2 });
      await givenAgent(deps, { id: team.members[1]!.agentId });

      // when
      const moving = moveAgentToTeam(deps, {
        organiserId: 'boss',
        agentId: team.members[1]!.agentId,
        code: 'K7M2QX',
      });

      // then
      await expect(moving).rejects.toMatchObject({
        code: 'already_in_team',
        details: { team: 'Les Sobres' },
      });
      expect(await deps.teams.get('c1', team.id)).toEqual(team);
    });
  });
});
