import type { Config } from '../config';
import type { Storage } from '../storage/open-storage';
import { TableRetentionStore } from '../storage/azure/retention-store';
import type { UseCaseDeps } from '../usecases/deps';
import { purgeDueChallenges, type ChallengePurge } from '../usecases/purge-challenge';
import { UsageError } from './ranking';

type WithStore = <T>(
  run: (deps: UseCaseDeps, config: Config, storage: Storage) => Promise<T>,
) => Promise<T>;

/** What each step deletes, in the words an operator reads. */
const STEP_NAMES: Record<ChallengePurge['steps'][number]['step'], string> = {
  events: 'answers, check-ins and tallies',
  signups: 'workshop seats',
  checkinGuards: 'wrong-code guards',
  teams: 'team rows (names, members, codes)',
  announcements: 'announcements',
  deliveries: 'deliveries of its sends',
  sends: 'sends',
  materials: "authors' ids on workshop materials (the materials stay)",
  agents: 'agents no longer reachable or gone from the directory',
  roster: 'directory rows of people who left',
};

/**
 * `purge [--dry-run]`: the retention purge the daily pass runs, now. Each challenge whose retention ran out
 * (RETENTION_MONTHS after its last day) keeps its anonymous figures and loses its personal rows; `--dry-run` says
 * what would go and changes nothing. Safe to run again: a finished purge is not redone, an interrupted one ends.
 */
export async function purgeCommand(
  args: string[],
  withStore: WithStore,
  out: { write(text: string): unknown } = process.stdout,
): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--dry-run');
  if (unknown.length) throw new UsageError('usage: npm run cli -- purge [--dry-run]');
  const dryRun = args.includes('--dry-run');
  const { purges, months } = await withStore(async (deps, config, storage) => ({
    months: config.retentionMonths,
    purges: await purgeDueChallenges(
      { ...deps, retention: new TableRetentionStore(storage.tables) },
      { months: config.retentionMonths, dryRun },
    ),
  }));
  out.write(
    `Retention: ${months} month(s) after each challenge's last day (RETENTION_MONTHS).${dryRun ? ' Dry run: nothing is deleted.' : ''}\n`,
  );
  if (purges.length === 0) out.write('No challenge in the store.\n');
  for (const purge of purges) out.write(purgeText(purge));
  return 0;
}

/** One challenge's lines: its outcome, the figures kept, and the rows per step. */
export function purgeText(purge: ChallengePurge): string {
  const head = `${purge.challengeId} (due on ${purge.dueOn}): `;
  switch (purge.outcome) {
    case 'not_due':
      return `${head}not due yet, nothing deleted.\n`;
    case 'already_purged':
      return `${head}already purged; its anonymous figures are kept.\n`;
    default: {
      const verb = purge.outcome === 'would_purge' ? 'would delete' : 'deleted';
      const figures = purge.figures;
      const lines = [
        `${head}${purge.outcome === 'would_purge' ? 'due: a purge would run now.' : 'purged.'}`,
        figures
          ? `  anonymous figures ${purge.outcome === 'would_purge' ? 'to keep' : purge.figuresWritten ? 'kept (written now)' : 'kept (written by an earlier run)'}: ${figures.headline.participants} participants, ${figures.headline.participations} participations, ${figures.headline.quizAnswers} answers (${figures.headline.rightShare ?? '—'} right), ${figures.headline.checkins} check-ins, ${figures.headline.teams} teams`
          : '',
        ...purge.steps.map((step) => `  ${verb} ${step.rows} × ${STEP_NAMES[step.step]}`),
      ];
      if (!purge.steps.some((step) => step.step === 'agents'))
        lines.push('  agents and directory rows kept: a newer challenge is running');
      return `${lines.filter(Boolean).join('\n')}\n`;
    }
  }
}
