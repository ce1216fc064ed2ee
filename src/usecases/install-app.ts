import type { InstallFailure, InstallOutcome, RosterEntry } from '../domain/directory';
import type { Directory } from '../domain/ports';
import { compareFrench } from '../domain/text';
import type { UseCaseDeps } from './deps';

/** How long a claim keeps other runs off a row: far longer than a slot's wait and one request. */
const CLAIM_MS = 2 * 60_000;

/** Failures tried again by the next run; the others (no licence, policy…) need a person to act first. */
const RETRIED: readonly InstallFailure[] = ['error'];

export interface InstallProgress {
  done: number;
  total: number;
}

export interface InstallOptions {
  directory: Directory;
  /**
   * Waits for a slot of the installation's rate limit (Graph's 30 requests/s per app and tenant); with `afterMs`,
   * first waits that long (a throttled try's Retry-After), so that the retry too takes a slot of its own.
   */
  pace: (afterMs?: number) => Promise<void>;
  /** Installations in flight at once, each after its own slot: enough to fill the rate despite latency. */
  concurrency?: number;
  /** How long a claim keeps other runs off a row (2 minutes by default): a dead run's rows wait that long. */
  claimMs?: number;
  onProgress?: (progress: InstallProgress) => void;
}

export interface InstallSummary {
  /** Roster members who needed the app when the run began. */
  candidates: number;
  installed: number;
  /** Already there (409): they had installed it themselves. */
  already: number;
  failed: number;
  byReason: Partial<Record<InstallFailure, number>>;
  /** Taken meanwhile by another run (or settled by it): not ours to install. */
  skipped: number;
}

/** Whether a row still needs the app at `now`: pending, failed for a passing reason, or a dead run's claim. */
function needsApp(entry: RosterEntry, now: number): boolean {
  if (entry.leftAt) return false;
  switch (entry.install) {
    case 'pending':
      return true;
    case 'failed':
      return RETRIED.includes(entry.installReason ?? 'error');
    case 'installing':
      return Date.parse(entry.claimedUntil ?? '') <= now;
    case 'installed':
      return false;
  }
}

/**
 * Installs the app for every roster member who lacks it, each under its own slot of the rate limit, and writes
 * each outcome on the person's row: a run that dies is resumed by the next, which installs only those left.
 *
 * Two runs at once never install the same person: a row is claimed before its request, by writing 'installing'
 * with a lease (`claimedUntil`) against the etag just read, as the broadcast worker marks a delivery 'sending'.
 * Of two runs that read the same row, one write lands; the other gets no etag back and moves on. Unlike a card,
 * an installation asked twice is harmless (Graph answers 409, counted 'already'), so the claim is taken before
 * the wait for a slot (no slot is spent on a row another run holds) and a dead run's claim is simply taken over
 * once its lease is past.
 */
export async function installForRoster(
  deps: Pick<UseCaseDeps, 'roster' | 'clock'>,
  options: InstallOptions,
): Promise<InstallSummary> {
  const { roster, clock } = deps;
  const candidates: string[] = [];
  for await (const entry of roster.all())
    if (needsApp(entry, clock.now())) candidates.push(entry.userId);
  const summary: InstallSummary = {
    candidates: candidates.length,
    installed: 0,
    already: 0,
    failed: 0,
    byReason: {},
    skipped: 0,
  };
  let done = 0;

  const installOne = async (userId: string): Promise<void> => {
    const fresh = await roster.get(userId);
    const now = clock.now();
    if (!fresh || !needsApp(fresh, now)) {
      summary.skipped += 1;
      return;
    }
    const claimedUntil = new Date(now + (options.claimMs ?? CLAIM_MS)).toISOString();
    const claimEtag = await roster.update(
      userId,
      { install: 'installing', claimedUntil, updatedAt: new Date(now).toISOString() },
      fresh.etag,
    );
    if (claimEtag === null) {
      summary.skipped += 1;
      return;
    }
    let outcome: SettledOutcome;
    try {
      outcome = await installPaced(options, userId);
    } catch (error) {
      // Not an outcome but a broken run (the directory unreachable, a permission missing): the row goes back to
      // what it was, so the next run needs no lease to pass, and a request that did go through answers 409.
      const { install, installReason } = fresh;
      await roster
        .update(userId, { install, installReason, claimedUntil: undefined }, claimEtag)
        .catch(() => undefined);
      throw error;
    }
    count(summary, outcome);
    await settle(deps, userId, outcome, { etag: claimEtag, claimedUntil });
    done += 1;
    options.onProgress?.({ done, total: candidates.length });
  };

  let next = 0;
  let broken = false;
  const worker = async (): Promise<void> => {
    while (!broken && next < candidates.length) {
      try {
        await installOne(candidates[next++]!);
      } catch (error) {
        broken = true; // the other workers finish what they hold and take nothing more
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, candidates.length));
  const ends = await Promise.allSettled(Array.from({ length: workers }, worker));
  const failure = ends.find((end): end is PromiseRejectedResult => end.status === 'rejected');
  if (failure) throw failure.reason;
  return summary;
}

/** An installation's answer once Graph stopped asking to wait. */
type SettledOutcome = Exclude<InstallOutcome, { kind: 'throttled' }>;

/** Tries of one person's installation that Graph may throttle before the run leaves them for the next one. */
const THROTTLED_TRIES = 5;

/**
 * One person's installation, every try through the pacer: Graph counts throttled requests too, so a retry takes
 * a slot of its own after the Retry-After (a retry inside the client would go over the limit, and bring more
 * 429s). Throttled too often: failed 'error', which the next run tries again.
 */
async function installPaced(options: InstallOptions, userId: string): Promise<SettledOutcome> {
  let afterMs: number | undefined;
  for (let tries = 1; ; tries += 1) {
    await options.pace(afterMs);
    const outcome = await options.directory.installApp(userId);
    if (outcome.kind !== 'throttled') return outcome;
    if (tries >= THROTTLED_TRIES)
      return { kind: 'failed', reason: 'error', detail: `throttled by Graph ${tries} times` };
    afterMs = outcome.retryAfterMs;
  }
}

function count(summary: InstallSummary, outcome: SettledOutcome): void {
  if (outcome.kind === 'installed') summary.installed += 1;
  else if (outcome.kind === 'already') summary.already += 1;
  else {
    summary.failed += 1;
    summary.byReason[outcome.reason] = (summary.byReason[outcome.reason] ?? 0) + 1;
  }
}

/**
 * Writes an outcome on the row claimed. A sync may have written the row since (a new name, a direction): the
 * claim is still ours if it holds the same lease, and the outcome goes on the fresh row. Another lease means a
 * run took the row over after ours lapsed; its own request (answered 409) settles it.
 */
async function settle(
  deps: Pick<UseCaseDeps, 'roster' | 'clock'>,
  userId: string,
  outcome: SettledOutcome,
  claim: { etag: string; claimedUntil: string },
): Promise<void> {
  const changes: Partial<RosterEntry> =
    outcome.kind === 'failed'
      ? { install: 'failed', installReason: outcome.reason }
      : { install: 'installed', installReason: undefined };
  let etag = claim.etag;
  for (let tries = 0; tries < 10; tries += 1) {
    const written = await deps.roster.update(
      userId,
      { ...changes, claimedUntil: undefined, updatedAt: new Date(deps.clock.now()).toISOString() },
      etag,
    );
    if (written !== null) return;
    const fresh = await deps.roster.get(userId);
    if (!fresh || fresh.install !== 'installing' || fresh.claimedUntil !== claim.claimedUntil)
      return;
    etag = fresh.etag;
  }
}

/** People the app could not reach, for one direction: organisers reach them another way. */
export interface UnreachableGroup {
  /** The direction; null for people the directory places in none. */
  direction: string | null;
  total: number;
  byReason: Partial<Record<InstallFailure, number>>;
  people: { userId: string; name: string; reason: InstallFailure }[];
}

/** Where the roster stands: people in it (not left), the app installed or waiting, and who could not be reached. */
export interface RosterReach {
  members: number;
  installed: number;
  pending: number;
  failed: number;
  /** The failed ones by direction (alphabetical, none last) and reason. */
  byDirection: UnreachableGroup[];
}

/** The roster in one read: what organisers see of it, and who to reach another way. */
export async function rosterReach(deps: Pick<UseCaseDeps, 'roster'>): Promise<RosterReach> {
  const reach: RosterReach = { members: 0, installed: 0, pending: 0, failed: 0, byDirection: [] };
  const groups = new Map<string | null, UnreachableGroup>();
  for await (const entry of deps.roster.all()) {
    if (entry.leftAt) continue;
    reach.members += 1;
    if (entry.install === 'installed') reach.installed += 1;
    else if (entry.install !== 'failed') reach.pending += 1;
    else {
      reach.failed += 1;
      const direction = entry.direction ?? null;
      const reason = entry.installReason ?? 'error';
      const group = groups.get(direction) ?? { direction, total: 0, byReason: {}, people: [] };
      group.total += 1;
      group.byReason[reason] = (group.byReason[reason] ?? 0) + 1;
      group.people.push({ userId: entry.userId, name: entry.name, reason });
      groups.set(direction, group);
    }
  }
  for (const group of groups.values()) group.people.sort((a, b) => compareFrench(a.name, b.name));
  reach.byDirection = [...groups.values()].sort((a, b) =>
    a.direction === null ? 1 : b.direction === null ? -1 : compareFrench(a.direction, b.direction),
  );
  return reach;
}

/** Roster members the installation failed for, by direction (alphabetical, none last) and reason. */
export async function unreachableByDirection(
  deps: Pick<UseCaseDeps, 'roster'>,
): Promise<UnreachableGroup[]> {
  return (await rosterReach(deps)).byDirection;
}
