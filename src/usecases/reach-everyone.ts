import type { RosterScope, RosterSyncSummary } from '../domain/directory';
import type { Directory } from '../domain/ports';
import type { UseCaseDeps } from './deps';
import { installForRoster, type InstallProgress, type InstallSummary } from './install-app';
import { refreshOrganisers, type OrganiserRefresh } from './organiser-group';
import { syncRoster, type RosterSyncProgress } from './roster-sync';

/** What one pass of "reach everyone" did: the roster's changes, the organisers' group, the installations. */
export interface ReachEveryoneSummary {
  roster: RosterSyncSummary;
  organisers: OrganiserRefresh | null;
  /** Null when installations wait for the app's catalogue id. */
  install: InstallSummary | null;
}

/**
 * The daily pass (and `npm run cli -- roster sync` then `roster install`): the directory read into the roster,
 * the organisers' group refreshed, then the app installed for everyone who still lacks it, paced. Each step is
 * resumable on its own, so a pass cut short is simply run again.
 */
export async function reachEveryone(
  deps: Pick<UseCaseDeps, 'agents' | 'roster' | 'organiserIds' | 'clock'>,
  options: {
    directory: Directory;
    scope: RosterScope;
    organiserGroupId?: string;
    pace: (afterMs?: number) => Promise<void>;
    claimMs?: number;
    /** False until the app is in the organisation's catalogue (no TEAMS_APP_CATALOG_ID yet): read only. */
    install?: boolean;
    onSync?: (progress: RosterSyncProgress) => void;
    onInstall?: (progress: InstallProgress) => void;
  },
): Promise<ReachEveryoneSummary> {
  const roster = await syncRoster(deps, {
    directory: options.directory,
    scope: options.scope,
    now: new Date(deps.clock.now()).toISOString(),
    ...(options.onSync ? { onProgress: options.onSync } : {}),
  });
  const organisers = options.organiserGroupId
    ? await refreshOrganisers(deps, {
        directory: options.directory,
        groupId: options.organiserGroupId,
      })
    : null;
  if (options.install === false) return { roster, organisers, install: null };
  const install = await installForRoster(deps, {
    directory: options.directory,
    pace: options.pace,
    ...(options.claimMs ? { claimMs: options.claimMs } : {}),
    ...(options.onInstall ? { onProgress: options.onInstall } : {}),
  });
  return { roster, organisers, install };
}
