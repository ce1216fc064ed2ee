import { rosterScopeOf, type Config } from '../config';
import type { InstallFailure } from '../domain/directory';
import type { Directory } from '../domain/ports';
import type { Storage } from '../storage/open-storage';
import type { UseCaseDeps } from '../usecases/deps';
import { installForRoster, unreachableByDirection } from '../usecases/install-app';
import { refreshOrganisers } from '../usecases/organiser-group';
import { syncRoster } from '../usecases/roster-sync';
import { progressLine, type ProgressOutput } from './progress';
import { UsageError } from './ranking';

/**
 * `npm run cli -- roster sync | install | unreachable`: every agent of the directory reached, by hand (the
 * running app does the same pass once a day at ROSTER_SYNC_AT).
 */

export const ROSTER_USAGE = `usage: npm run cli -- roster sync          read the directory into the roster (new, changed, left), refresh the organisers' group
       npm run cli -- roster install       install the app for every roster member who lacks it (paced, resumable)
       npm run cli -- roster unreachable   who could not be reached, by direction and reason`;

type WithStore = <T>(
  run: (deps: UseCaseDeps, config: Config, storage: Storage) => Promise<T>,
) => Promise<T>;

/** What each failure means, for the organiser reading the count. */
const REASONS: Record<InstallFailure, string> = {
  no_teams: 'no Teams licence (or Teams off for them)',
  blocked_by_policy: 'blocked by the tenant’s app policy',
  user_gone: 'no longer in the directory',
  not_permitted: 'the app lacks a permission or is not in the catalogue',
  error: 'an error (tried again at the next run)',
};

export async function rosterCommand(
  args: string[],
  withStore: WithStore,
  directoryOf: (config: Config) => Directory | null,
  installPacer: (rate: number) => { pace: (afterMs?: number) => Promise<void>; close(): void },
  out: ProgressOutput = process.stdout,
): Promise<number> {
  const [step] = args;
  if (step !== 'sync' && step !== 'install' && step !== 'unreachable')
    throw new UsageError(ROSTER_USAGE);
  return withStore(async (deps, config) => {
    if (step === 'unreachable') {
      const groups = await unreachableByDirection(deps);
      if (groups.length === 0) out.write('Nobody left unreached.\n');
      for (const group of groups)
        out.write(
          `${group.direction ?? 'direction not known'}: ${Object.entries(group.byReason)
            .map(([reason, n]) => `${n} × ${REASONS[reason as InstallFailure] ?? reason}`)
            .join('; ')}\n`,
        );
      return 0;
    }
    const directory = directoryOf(config);
    if (!directory) {
      out.write(
        'Microsoft Graph is not configured: set MicrosoftAppTenantId, MicrosoftAppId and MicrosoftAppPassword (or MicrosoftAppType=UserAssignedMSI). The permissions are listed in the README.\n',
      );
      return 1;
    }
    const line = progressLine(out);
    if (step === 'sync') {
      const summary = await syncRoster(deps, {
        directory,
        scope: rosterScopeOf(config.graph),
        now: new Date(deps.clock.now()).toISOString(),
        onProgress: (p) => line.update(0, 0, `page ${p.pages}: ${p.seen} people read`),
      });
      line.end(0, 0, `${summary.seen} people read.`);
      out.write(
        `Roster: ${summary.added} new, ${summary.changed} changed, ${summary.left} left; ${summary.withoutApp} without the app yet${
          summary.withoutApp ? ' (npm run cli -- roster install)' : ''
        }.\n`,
      );
      if (config.graph.organiserGroupId) {
        const organisers = await refreshOrganisers(deps, {
          directory,
          groupId: config.graph.organiserGroupId,
        });
        out.write(
          `Organisers from the group: ${organisers.fromGroup} (${organisers.added} added, ${organisers.removed} removed, ${organisers.waiting} not using the app yet).\n`,
        );
      }
      return 0;
    }
    if (!config.graph.catalogAppId) {
      out.write(
        'TEAMS_APP_CATALOG_ID is not set: upload the app package to the organisation’s catalogue first, then set its id (docs/deploy.md).\n',
      );
      return 1;
    }
    const pacer = installPacer(config.graph.installRatePerSecond);
    try {
      const summary = await installForRoster(deps, {
        directory,
        pace: pacer.pace,
        claimMs: config.graph.installLeaseSeconds * 1000,
        onProgress: (p) => line.update(p.done, p.total, `${p.done} of ${p.total}`),
      });
      line.end(summary.candidates, summary.candidates, `${summary.candidates} to install.`);
      const reasons = Object.entries(summary.byReason)
        .map(([reason, n]) => `${n} × ${REASONS[reason as InstallFailure] ?? reason}`)
        .join('; ');
      out.write(
        `Installed ${summary.installed}, already there ${summary.already}, failed ${summary.failed}${reasons ? ` (${reasons})` : ''}${
          summary.skipped ? `, ${summary.skipped} taken by another run` : ''
        }.\n`,
      );
      if (summary.failed) out.write('Who, by direction: npm run cli -- roster unreachable\n');
      return 0;
    } finally {
      pacer.close();
    }
  });
}
