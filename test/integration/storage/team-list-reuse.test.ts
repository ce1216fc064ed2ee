import { TableTeamRepository } from '../../../src/storage/azure/team-repository';
import { buildTally, givenTeam } from '../../support/builders';
import { freshTables } from '../../support/storage';

/**
 * The ranking lists every team once a second: a team whose row has not changed is given again as the same object
 * (no parse, no garbage), one changed by an answer is built again around the same members, and what the list says
 * is always what the store holds.
 */
describe('the teams listed again', () => {
  it('gives an unchanged team as the same object, and a team an answer changed with its fresh tally and the same members', async () => {
    // given two teams listed once
    const teams = new TableTeamRepository(await freshTables());
    await givenTeam({ teams }, { id: 'a', name: 'Les A', members: 3 });
    await givenTeam({ teams }, { id: 'b', name: 'Les B', members: 3 });
    const first = await teams.list('c1');
    const [a1, b1] = ['a', 'b'].map((id) => first.find((t) => t.id === id)!);

    // when a member of b answers, and the teams are listed again
    const tally = buildTally({ points: 7, events: 3, lastAt: 5 });
    await teams.applyMemberTally('c1', 'b', b1!.members[1]!.agentId, tally);
    const second = await teams.list('c1');
    const [a2, b2] = ['a', 'b'].map((id) => second.find((t) => t.id === id)!);

    // then
    expect(a2).toBe(a1);
    expect(b2).not.toBe(b1);
    expect(b2!.members).toBe(b1!.members);
    expect(b2!.tallies[b1!.members[1]!.agentId]).toEqual(tally);
  });

  it('sees a team joined, left and emptied by another instance, as the store has it', async () => {
    // given a team listed by this instance, changed by another (its own repository over the same tables)
    const tables = await freshTables();
    const here = new TableTeamRepository(tables);
    const there = new TableTeamRepository(tables);
    await givenTeam({ teams: there }, { id: 'a', name: 'Les A', members: 2 });
    await givenTeam({ teams: there }, { id: 'b', name: 'Les B', members: 1 });
    const before = await here.list('c1');

    // when another instance adds a member to a and empties b
    const joined = await there.addMember(
      'c1',
      'a',
      { agentId: 'newcomer', name: 'Nouvelle' },
      buildTally(),
      () => undefined,
    );
    const founderOfB = before.find((t) => t.id === 'b')!.members[0]!.agentId;
    await there.removeMember('c1', founderOfB);
    const after = await here.list('c1');

    // then
    expect(after.map((t) => t.id)).toEqual(['a']);
    expect(after[0]!.members.map((m) => m.agentId)).toEqual(joined.members.map((m) => m.agentId));
    expect(after[0]!.members).not.toBe(before.find((t) => t.id === 'a')!.members);
  });
});
