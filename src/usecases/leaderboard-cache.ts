import { rankAmong, type MemberTally } from '../domain/scoring';
import type { Team } from '../domain/teams';
import { getLeaderboard, teamTally, type Leaderboard } from './get-leaderboard';
import type { UseCaseDeps } from './deps';

/**
 * The ranking, read at most once per `refreshAfterMs` by this instance however many agents ask at once, and never
 * older than `ttlMs`. Past `refreshAfterMs` a request still gets the kept ranking at once while a fresh read starts
 * behind it: with people asking all the time, nobody waits for the read of 500 teams, and nobody sees a ranking more
 * than a second old. A second of staleness is invisible to people and spares the store a read per request.
 */
export class LeaderboardCache {
  private value?: { at: number; board: Leaderboard };
  private pending?: Promise<Leaderboard>;

  constructor(
    private readonly deps: Pick<UseCaseDeps, 'challenges' | 'teams' | 'clock'>,
    private readonly ttlMs = 1000,
    private readonly refreshAfterMs = ttlMs / 2,
  ) {}

  get(): Promise<Leaderboard> {
    const now = this.deps.clock.now();
    const age = this.value ? now - this.value.at : Infinity;
    if (age < this.ttlMs) {
      // A read behind the requests that fails leaves the kept ranking answering; the next request tries again.
      if (age >= this.refreshAfterMs) this.refresh().catch(() => undefined);
      return Promise.resolve(this.value!.board);
    }
    return this.refresh();
  }

  private refresh(): Promise<Leaderboard> {
    // Stamped with the time the read began: what it shows is at least that old.
    const startedAt = this.deps.clock.now();
    this.pending ??= getLeaderboard(this.deps)
      .then((board) => {
        this.value = { at: startedAt, board };
        return board;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /**
   * The agent's team as the kept ranking has it (no read: the team rows list their members), as old as the
   * ranking itself: what the leaderboard highlights as "mine".
   */
  teamIdOf(board: Leaderboard, agentId: string): string | null {
    const last = this.members;
    if (last?.board !== board) {
      // Once the challenge runs nobody changes team: the last ranking's map holds as long as every team keeps its
      // members (the same lists: the store reuses them for rows whose members did not change).
      const same =
        last &&
        last.board.teams.length === board.teams.length &&
        last.board.teams.every(
          (team, i) => team.members === board.teams[i]!.members && team.id === board.teams[i]!.id,
        );
      this.members = {
        board,
        map: same
          ? last.map
          : new Map(board.teams.flatMap((team) => team.members.map((m) => [m.agentId, team.id]))),
      };
    }
    return this.members!.map.get(agentId) ?? null;
  }

  /** The agent → team map of the last ranking asked about (each ranking's members, worked out once). */
  private members?: { board: Leaderboard; map: Map<string, string> };

  /**
   * Where `team` stands with its fresh tally among the others' cached ones: an agent who just answered sees
   * their own points counted at once, without a read of every team per answer.
   */
  async rankOf(team: Team): Promise<{ rank: number; teams: number } | null> {
    const board = await this.get();
    // One pass over the kept tallies, not a sort of them all: this runs for every answer.
    return rankAmong(teamTally(team), board.tallies, board.challenge.scoring);
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
