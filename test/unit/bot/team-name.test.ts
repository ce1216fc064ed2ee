import { teamCard } from '../../../src/bot/cards/team-card';
import { parseCommand } from '../../../src/bot/command-parser';
import type { Team } from '../../../src/domain/teams';

describe('the "show my name" commands', () => {
  it.each([
    'montrer mon nom',
    'Montrer mon nom à mon équipe',
    'afficher mon nom',
    'show my name',
    'Show my name to my team',
  ])('%p shows the name', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'team.name.share', show: true });
  });

  it.each([
    'cacher mon nom',
    'Masquer mon nom à mon équipe',
    'hide my name',
    'hide my name from my team',
  ])('%p hides it', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'team.name.share', show: false });
  });
});

describe('the team card, for one of its members', () => {
  const team: Team = {
    id: 't1',
    challengeId: 'c1',
    name: 'Les Sobres',
    joinCode: 'ABC123',
    members: [
      { agentId: 'a1', name: 'Alice Martin' },
      { agentId: 'a2', name: 'Bruno Petit' },
    ],
    tallies: {},
    createdAt: '2026-11-20T10:00:00Z',
  };

  it('names only those the reader may see, the others are "a team member", and says how to choose', () => {
    const card = JSON.stringify(
      teamCard('fr', team, { maxTeamSize: 8, rankedTeams: 5, names: ['Alice Martin', null] }),
    );
    expect(card).toContain('- Alice Martin');
    expect(card).not.toContain('Bruno');
    expect(card).toContain('- Un membre de l’équipe');
    expect(card).toContain('**montrer mon nom**');
  });

  it('names nobody when it is not told who may be named', () => {
    const card = JSON.stringify(teamCard('en', team, { maxTeamSize: 8, rankedTeams: 5 }));
    expect(card).not.toContain('Alice');
    expect(card).toContain('- A team member\\n- A team member');
  });
});
