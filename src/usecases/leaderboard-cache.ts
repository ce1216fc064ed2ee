import { getLeaderboard, type Leaderboard } from './get-leaderboard';
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

  /** Forget the cached ranking (after a change this instance made and wants to show at once). */
  invalidate(): void {
    this.value = undefined;
  }
}
