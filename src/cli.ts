import { writeFileSync } from 'node:fs';
import { rankingCommand, UsageError } from './cli/ranking';
import { loadConfig, type Config } from './config';
import { isDomainError } from './domain/errors';
import { createLogger } from './log';
import type { Storage } from './storage/open-storage';
import { systemClock } from './system';
import type { UseCaseDeps } from './usecases/deps';

process.noDeprecation = true;

const HELP = `Défi numérique — command line

  npm run cli -- ranking <snapshot.json>   the prorated ranking of a snapshot (shared/spec/scoring.md)
  npm run cli -- export <file>             write the current challenge as such a snapshot
  npm run cli -- send-quiz [--date D]      start the quiz send of a day (YYYY-MM-DD, default today)
  npm run cli -- status                    sent / failed / pending / rate of every send
  npm run cli -- import-quiz <file>        replace the quiz bank (JSON or CSV; broken rows reported by line)
  npm run cli -- import-workshops <file>   import the workshop programme (.json or .csv; nothing from a broken file)
  npm run cli -- workshops                 the programme with sign-ups and attendance, per workshop and per format
  npm run cli -- workshop-codes [--out D]  each workshop's check-in code and QR code link (--out: one SVG per workshop)
  npm run cli -- announce --to all|team:<id>|direction:<name> --title T --text-file F
                 [--link-label L --link-url U] [--preview-to <agent id>] [--no-follow]
                                           post an announcement, then follow its delivery (Ctrl-C stops following only)
  npm run cli -- announcements             every announcement with its state and figures
  npm run cli -- announce-follow <id>      follow an announcement's delivery again
  npm run cli -- announce-cancel <id>      stop an announcement: nothing more goes out
  npm run cli -- roster sync               read the directory (Microsoft Graph) into the roster; refresh the organisers' group
  npm run cli -- roster install            install the app for every roster member who lacks it (paced, resumable)
  npm run cli -- roster unreachable        who could not be reached, by direction and reason
  npm run cli -- purge [--dry-run]         retention purge: each challenge ended RETENTION_MONTHS ago keeps anonymous
                                           figures only (--dry-run: say what would be deleted, delete nothing)
`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Runs a command that needs the store (sends included: the running app's workers deliver them). */
async function withStore<T>(
  run: (deps: UseCaseDeps, config: Config, storage: Storage) => Promise<T>,
): Promise<T> {
  // Loaded on demand: `ranking` needs no store and stays quick.
  const { openDeps } = await import('./app');
  const config = loadConfig();
  const log = createLogger('warn', (line) => process.stderr.write(line));
  const { storage, deps } = await openDeps(config, log);
  try {
    return await run(deps, config, storage);
  } finally {
    await storage.embedded?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'ranking':
      process.stdout.write(`${rankingCommand(args)}\n`);
      return 0;
    case 'export': {
      const [file] = args;
      if (!file) throw new UsageError('usage: npm run cli -- export <file>');
      const { exportSnapshot, workshopPointsOf } = await import('./usecases/export-snapshot');
      const snapshot = await withStore(async (deps) =>
        exportSnapshot(deps, await workshopPointsOf(deps)),
      );
      writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
      process.stderr.write(
        `Snapshot written to ${file}: ${snapshot.teams.length} teams, ${snapshot.answers?.length ?? 0} answers, ${snapshot.checkins?.length ?? 0} check-ins.\n`,
      );
      return 0;
    }
    case 'send-quiz': {
      const { sendDailyQuiz } = await import('./usecases/send-daily-quiz');
      const { localDate } = await import('./domain/time');
      const date = option(args, '--date') ?? localDate(systemClock.now(), 'Europe/Paris');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date must be YYYY-MM-DD');
      const result = await withStore((deps) => sendDailyQuiz(deps, { date, requestedBy: 'cli' }));
      process.stdout.write(
        result.started
          ? `Quiz of ${date} enqueued for ${result.send.total} agents (send ${result.send.id}). The running app's workers deliver it; follow with: npm run cli -- status\n`
          : `Quiz of ${date} was already started (send ${result.send.id}, ${result.send.state}): nothing done.\n`,
      );
      return 0;
    }
    case 'status': {
      const rows = await withStore((deps) => deps.fanOut.progress());
      if (rows.length === 0) process.stdout.write('No send yet.\n');
      for (const row of rows) {
        const failures = Object.entries(row.failures)
          .map(([reason, n]) => `${n} × ${reason}`)
          .join('; ');
        process.stdout.write(
          `${row.sendId}  ${row.state}  total ${row.total}  sent ${row.sent}  failed ${row.failed}  skipped ${row.skipped}  pending ${row.pending}  rate ${row.rate}/s${failures ? `  (${failures})` : ''}\n`,
        );
      }
      return 0;
    }
    case 'import-quiz': {
      const [file] = args;
      if (!file) throw new UsageError('usage: npm run cli -- import-quiz <bank.json|bank.csv>');
      const { readFileSync } = await import('node:fs');
      const { importQuizBank } = await import('./usecases/import-quiz-bank');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
      }
      const format = file.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
      const result = await withStore((deps) => importQuizBank(deps, { text, format }));
      process.stdout.write(`Quiz of day(s) ${result.saved.join(', ') || '—'} saved.\n`);
      if (result.kept.length) {
        process.stdout.write(
          `Day(s) ${result.kept.join(', ')} kept as they were: their quiz has already opened.\n`,
        );
      }
      return 0;
    }
    case 'import-workshops': {
      const [file] = args;
      if (!file)
        throw new UsageError(
          'usage: npm run cli -- import-workshops <programme.json|programme.csv>',
        );
      const { readFileSync } = await import('node:fs');
      const { importWorkshops, programmeFormatOf } = await import('./usecases/import-workshops');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
      }
      const result = await withStore((deps) =>
        importWorkshops(deps, { text, format: programmeFormatOf(text, file) }),
      );
      for (const warning of result.warnings)
        process.stderr.write(`Warning: line ${warning.line}: ${warning.message}\n`);
      process.stdout.write(
        `${result.created.length} workshop(s) created, ${result.updated.length} updated. Codes: npm run cli -- workshop-codes\n`,
      );
      return 0;
    }
    case 'workshops': {
      const { workshopsReport } = await import('./cli/workshops');
      process.stdout.write(await withStore((deps, config) => workshopsReport(deps, config)));
      return 0;
    }
    case 'workshop-codes': {
      const { workshopCodesReport } = await import('./cli/workshops');
      const out = option(args, '--out');
      process.stdout.write(
        await withStore((deps, config) => workshopCodesReport(deps, config, out)),
      );
      return 0;
    }
    case 'announce':
      return (await import('./cli/announce')).announceCommand(args, withStore);
    case 'announcements':
      return (await import('./cli/announce')).announcementsCommand(args, withStore);
    case 'announce-follow':
      return (await import('./cli/announce')).announceFollowCommand(args, withStore);
    case 'announce-cancel':
      return (await import('./cli/announce')).announceCancelCommand(args, withStore);
    case 'roster': {
      const { directoryOf, installPacer } = await import('./app');
      return (await import('./cli/roster')).rosterCommand(
        args,
        withStore,
        directoryOf,
        installPacer,
      );
    }
    case 'purge':
      return (await import('./cli/purge')).purgeCommand(args, withStore);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(HELP);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const message =
      isDomainError(error) || error instanceof UsageError
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`Error: ${message}\n`);
    process.exit(1);
  },
);
