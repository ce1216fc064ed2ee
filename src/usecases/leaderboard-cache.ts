import { rankTeams, type MemberTally } from '../domain/scoring';
import type { Team } from '../domain/teams';
import { getLeaderboard, teamTally, type Leaderboard } from './get-leaderboard';
import type { UseCaseDeps } from './deps';

/**
 * The ranking, read at most once per `ttlMs` by this instance however many agents ask at once. A few seconds of
 * staleness is invisible to people and spares the store a read per answer.
 */
export class LeaderboardCache {
  private value?: { at: number; board: Leaderboard };
  private pending?: Promise<Leaderboard>;

  constructor(
    private readonly deps: Pick<UseCaseDeps, 'challenges' | 'teams' | 'clock'>,
    private readonly ttlMs = 3000,
  ) {}

  get(): Promise<Leaderboard> {
    const now = this.deps.clock.now();
    if (this.value && now - this.value.at < this.ttlMs) return Promise.resolve(this.value.board);
    this.pending ??= getLeaderboard(this.deps)
      .then((board) => {
        this.value = { at: this.deps.clock.now(), board };
        return board;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /**
   * Where `team` stands with its fresh tally among the others' cached ones: an agent who just answered sees
   * their own points counted at once, without a read of every team per answer.
   */
  async rankOf(team: Team): Promise<{ rank: number; teams: number } | null> {
    const board = await this.get();
    const fresh = teamTally(team);
    const tallies = [...board.tallies.filter((t) => t.teamId !== team.id), fresh];
    const row = rankTeams(tallies, board.challenge.scoring).find((r) => r.teamId === team.id);
    return row ? { rank: row.rank, teams: tallies.filter((t) => t.members > 0).length } : null;
  }

  /**
   * The agent's team with the tally they just earned, and where it stands: from the cached ranking (a team
   * founded since the last read is read alone), so an answer costs no read of the teams.
   */
  async standingOf(
    teamId: string,
    agentId: string,
    memberTally: MemberTally,
  ): Promise<{ team: Team; rank: number; teams: number } | null> {
    const board = await this.get();
    const team =
      board.teams.find((t) => t.id === teamId) ??
      (await this.deps.teams.get(board.challenge.id, teamId));
    if (!team) return null;
    const cached = team.tallies[agentId];
    const fresh: Team = {
      ...team,
      tallies: {
        ...team.tallies,
        // Tallies only grow: the one that has seen more events is the newer.
        [agentId]: cached && cached.events > memberTally.events ? cached : memberTally,
      },
    };
    const place = await this.rankOf(fresh);
    return place ? { team: fresh, ...place } : null;
  }
}
