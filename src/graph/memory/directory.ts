import type {
  DirectoryPage,
  DirectoryUser,
  InstallOutcome,
  RosterScope,
} from '../../domain/directory';
import type { Directory } from '../../domain/ports';

/** One call the use cases made to the directory, for a test to read back. */
export type DirectoryCall =
  | { method: 'roster'; scope: RosterScope; deltaLink?: string }
  | { method: 'groupMembers'; groupId: string }
  | { method: 'installApp'; userId: string };

/**
 * An in-memory directory for unit tests of the use cases: users a test changes between syncs, delta links that
 * give back only what changed (removals included) since they were handed out, groups, the app's installation per
 * user (a 409 the second time, as Graph answers), and a log of every call.
 */
export class MemoryDirectory implements Directory {
  readonly calls: DirectoryCall[] = [];
  /** The users the app is installed for. */
  readonly installed = new Set<string>();

  private readonly users = new Map<string, { user: DirectoryUser; version: number }>();
  private readonly removed = new Map<string, number>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly outcomes = new Map<string, InstallOutcome>();
  /** Installations Graph answers 429 to, that many times more, per user. */
  private readonly throttles = new Map<string, number>();
  private version = 0;
  private installCalls = 0;
  /** When set, `installApp` throws once this many calls were answered: a process dying mid-installation. */
  private crashAfter: number | undefined;

  constructor(private readonly options: { pageSize?: number; installDelayMs?: number } = {}) {}

  /** Adds or changes people: a delta from before now gives them back. */
  setUsers(...users: DirectoryUser[]): this {
    for (const user of users) {
      this.version += 1;
      this.users.set(user.id, { user: { ...user }, version: this.version });
      this.removed.delete(user.id);
    }
    return this;
  }

  /** Changes what is known of one person (a new department, a disabled account). */
  changeUser(id: string, changes: Partial<Omit<DirectoryUser, 'id'>>): this {
    const known = this.users.get(id);
    if (!known) throw new Error(`no directory user "${id}"`);
    return this.setUsers({ ...known.user, ...changes });
  }

  /** Deletes people from the directory (and from every group): a delta from before now lists them as removed. */
  removeUsers(...ids: string[]): this {
    for (const id of ids) {
      this.version += 1;
      this.users.delete(id);
      this.removed.set(id, this.version);
      for (const members of this.groups.values()) members.delete(id);
    }
    return this;
  }

  setGroup(groupId: string, memberIds: readonly string[]): this {
    this.groups.set(groupId, new Set(memberIds));
    return this;
  }

  /** What installing the app for this user answers (by default 'installed', then 'already'). */
  /** The next `times` installations for `userId` are throttled (429, Retry-After `retryAfterMs`). */
  throttle(userId: string, times: number, retryAfterMs = 1): this {
    this.throttles.set(userId, times);
    this.throttleAfterMs = retryAfterMs;
    return this;
  }

  private throttleAfterMs = 1;

  setInstallOutcome(userId: string, outcome: InstallOutcome): this {
    this.outcomes.set(userId, outcome);
    return this;
  }

  /** The app was installed for these users beforehand (by themselves): Graph will answer 409. */
  alreadyInstalled(...userIds: string[]): this {
    for (const id of userIds) this.installed.add(id);
    return this;
  }

  /** From now on, `installApp` throws once `calls` more calls were answered. */
  crashAfterInstalls(calls: number | undefined): this {
    this.crashAfter = calls === undefined ? undefined : this.installCalls + calls;
    return this;
  }

  async *roster(scope: RosterScope, deltaLink?: string): AsyncIterable<DirectoryPage> {
    this.calls.push({ method: 'roster', scope, ...(deltaLink ? { deltaLink } : {}) });
    const pageSize = this.options.pageSize ?? 100;
    let users: DirectoryUser[];
    let removed: string[] = [];
    if (scope.kind === 'group') {
      // A group is read whole every time (Graph has no delta of transitive members).
      const members = this.groups.get(scope.groupId) ?? new Set<string>();
      users = [...members].flatMap((id) => {
        const known = this.users.get(id);
        return known ? [{ ...known.user }] : [];
      });
    } else {
      const since = deltaLink ? versionOf(deltaLink) : 0;
      users = [...this.users.values()]
        .filter((known) => known.version > since)
        .map((known) => ({ ...known.user }));
      removed = [...this.removed].filter(([, version]) => version > since).map(([id]) => id);
    }
    const link = scope.kind === 'tenant' ? `memory-delta:${this.version}` : undefined;
    const pages = Math.max(1, Math.ceil((users.length + removed.length) / pageSize));
    for (let page = 0; page < pages; page += 1) {
      const start = page * pageSize;
      const pageUsers = users.slice(start, start + pageSize);
      const removedStart = Math.max(0, start - users.length);
      const pageRemoved = removed.slice(
        removedStart,
        Math.max(removedStart, start + pageSize - users.length),
      );
      yield {
        users: pageUsers,
        removed: pageRemoved,
        ...(page === pages - 1 && link ? { deltaLink: link } : {}),
      };
    }
  }

  async *groupMembers(groupId: string): AsyncIterable<string> {
    this.calls.push({ method: 'groupMembers', groupId });
    for (const id of this.groups.get(groupId) ?? []) yield id;
  }

  async installApp(userId: string): Promise<InstallOutcome> {
    if (this.crashAfter !== undefined && this.installCalls >= this.crashAfter)
      throw new Error('the directory stand-in crashed');
    this.installCalls += 1;
    this.calls.push({ method: 'installApp', userId });
    // Let other runs interleave, as a request over the network would.
    await new Promise((resolve) => setTimeout(resolve, this.options.installDelayMs ?? 0));
    const throttled = this.throttles.get(userId) ?? 0;
    if (throttled > 0) {
      this.throttles.set(userId, throttled - 1);
      return { kind: 'throttled', retryAfterMs: this.throttleAfterMs };
    }
    const outcome = this.outcomes.get(userId);
    if (outcome && outcome.kind !== 'installed') return outcome;
    if (this.installed.has(userId)) return { kind: 'already' };
    this.installed.add(userId);
    return { kind: 'installed' };
  }

  /** How many calls asked to install the app for `userId`. */
  installCallsFor(userId: string): number {
    return this.calls.filter((call) => call.method === 'installApp' && call.userId === userId)
      .length;
  }
}

function versionOf(deltaLink: string): number {
  const match = /^memory-delta:(\d+)$/.exec(deltaLink);
  if (!match) throw new Error(`not a delta link of this directory: ${deltaLink}`);
  return Number(match[1]);
}
