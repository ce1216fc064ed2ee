import type { Challenge } from '../domain/challenge';
import { podium, rankTeams, tallyTeam, type RankingRow } from '../domain/scoring';
import type { Team } from '../domain/teams';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

export interface Leaderboard {
  challenge: Challenge;
  rows: RankingRow[];
  podium: RankingRow[];
  teams: Team[];
}

/** The prorated ranking of the running challenge, read from the teams' kept tallies (one partition, O(teams)). */
export async function getLeaderboard(deps: Pick<UseCaseDeps, 'challenges' | 'teams'>): Promise<Leaderboard> {
  const challenge = await currentChallenge(deps);
  const teams = await deps.teams.list(challenge.id);
  const rows = rankTeams(
    teams.map((team) =>
      tallyTeam({ teamId: team.id, name: team.name, memberIds: team.members.map((m) => m.agentId) }, team.tallies),
    ),
    challenge.scoring,
  );
  return { challenge, rows, podium: podium(rows), teams };
}
