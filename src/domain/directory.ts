/**
 * The collectivity's directory as the challenge sees it: who the agents are (the roster: a group's members or the
 * whole tenant), their direction (the directory's `department`), who has left, and whether the app could be
 * installed for each of them. Read from Microsoft Graph (src/graph/) behind the `Directory` port.
 */

/** A person of the directory. */
export interface DirectoryUser {
  /** Entra object id: the agent's id once they use the app. */
  id: string;
  name: string;
  /** The directory's `department`: the agent's direction. */
  department?: string;
  /** Disabled accounts are treated as gone (a leaver whose account is kept a while). */
  accountEnabled: boolean;
}

/** Who the roster is: a group's transitive members, or every user of the tenant. */
export type RosterScope = { kind: 'tenant' } | { kind: 'group'; groupId: string };

/** One page of the directory's answer: people seen, people gone, and where to start next time (delta). */
export interface DirectoryPage {
  users: DirectoryUser[];
  /** Ids of people removed from the scope (delta queries only). */
  removed: string[];
  /** On the last page of a delta query: the link that asks for what changed since. */
  deltaLink?: string;
}

/** Why the app could not be installed for someone: in words an organiser can act on. */
export type InstallFailure =
  /** No Teams licence (or Teams disabled for the user). */
  | 'no_teams'
  /** The tenant's app policy blocks the app for this user. */
  | 'blocked_by_policy'
  /** The user no longer exists. */
  | 'user_gone'
  /** The app is missing a permission or is not in the organisation's catalogue. */
  | 'not_permitted'
  /** Anything else, after the tries. */
  | 'error';

export type InstallOutcome =
  | { kind: 'installed' }
  /** Already there (409): nothing to do, and nothing sent twice. */
  | { kind: 'already' }
  /**
   * Graph asked to wait (429, 503): the caller tries again after `retryAfterMs`, through its pacer, so that the
   * retry takes a slot of its own (a retry inside the client would go over the limit Graph counts).
   */
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'failed'; reason: InstallFailure; detail?: string };

/** Where one person of the roster stands: kept one row each, so an installation resumes after a crash. */
export interface RosterEntry {
  userId: string;
  name: string;
  direction?: string;
  /** When they left the roster (or their account was disabled): they keep their points, nothing is sent. */
  leftAt?: string;
  /** 'installing': claimed by one run until `claimedUntil`, so that two runs never install the same person. */
  install: 'pending' | 'installing' | 'installed' | 'failed';
  /** Why the last installation failed. */
  installReason?: InstallFailure;
  /** While 'installing': when the claim lapses (a run that died), ISO instant. */
  claimedUntil?: string;
  updatedAt: string;
}

/** A roster sync's summary, as the CLI and organisers see it. */
export interface RosterSyncSummary {
  seen: number;
  added: number;
  changed: number;
  left: number;
  /** Roster members for whom the app is not (yet) installed. */
  withoutApp: number;
}

/** The direction of a directory user: the department, trimmed; none when empty. */
export function directionOf(user: Pick<DirectoryUser, 'department'>): string | undefined {
  const direction = user.department?.replace(/\s+/g, ' ').trim();
  return direction ? direction.slice(0, 120) : undefined;
}
