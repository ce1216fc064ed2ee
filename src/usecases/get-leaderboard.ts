import type { Challenge } from '../domain/challenge';
import { podium, rankTeams, tallyTeam, type RankingRow, type TeamTally } from '../domain/scoring';
import type { Team } from '../domain/teams';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

export interface Leaderboard {
  challenge: Challenge;
  rows: RankingRow[];
  podium: RankingRow[];
  teams: Team[];
  tallies: TeamTally[];
}

/**
 * The tally the ranking uses for a team, from the member tallies kept on its row: worked out once per team object
 * (the store gives the same object again for a row that has not changed since its last list).
 */
export function teamTally(team: Team): TeamTally {
  let tally = tallies.get(team);
  if (!tally) {
    tally = tallyTeam(
      { teamId: team.id, name: team.name, memberIds: team.members.map((m) => m.agentId) },
      team.tallies,
    );
    tallies.set(team, tally);
  }
  return tally;
}
const tallies = new WeakMap<Team, TeamTally>();

/** The prorated ranking of the running challenge, read from the teams' kept tallies (one partition, O(teams)). */
export async function getLeaderboard(
  deps: Pick<UseCaseDeps, 'challenges' | 'teams'>,
): Promise<Leaderboard> {
  const challenge = await currentChallenge(deps);
  const teams = await deps.teams.list(challenge.id);
  const tallies = teams.map(teamTally);
  const rows = rankTeams(tallies, challenge.scoring);
  return { challenge, rows, podium: podium(rows), teams, tallies };
}
