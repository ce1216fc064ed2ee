import { teamCard } from '../../../../src/bot/cards/team-card';
import type { Team } from '../../../../src/domain/teams';

const team: Team = {
  id: 't1',
  challengeId: 'c1',
  name: 'Les Sobres',
  joinCode: 'ABC123',
  members: [{ agentId: 'a1', name: 'Agent Un' }],
  tallies: {},
  createdAt: '2026-11-20T10:00:00Z',
};
const row = {
  rank: 2,
  teamId: 't1',
  name: 'Les Sobres',
  score: '4.33',
  points: 13,
  members: 3,
  activeMembers: 3,
  participationRate: '1',
};

describe('the team card', () => {
  it('given a score with decimals, then it is written as the agent writes numbers (4,33 in French), like the tab', () => {
    const fr = JSON.stringify(teamCard('fr', team, { maxTeamSize: 8, row, rankedTeams: 5 }));
    const en = JSON.stringify(teamCard('en', team, { maxTeamSize: 8, row, rankedTeams: 5 }));
    expect(fr).toContain('4,33');
    expect(fr).not.toContain('4.33');
    expect(en).toContain('4.33');
  });
});
