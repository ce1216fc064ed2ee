import { writeFileSync } from 'node:fs';
import { rankingCommand, UsageError } from './cli/ranking';
import { loadConfig } from './config';
import { isDomainError } from './domain/errors';
import { createLogger } from './log';
import type { UseCaseDeps } from './usecases/deps';

process.noDeprecation = true;

const HELP = `Défi numérique — command line

  npm run cli -- ranking <snapshot.json>   the prorated ranking of a snapshot (shared/spec/scoring.md)
  npm run cli -- export <file>             write the current challenge as such a snapshot
`;

/** Runs a command that needs the store, closing the embedded one afterwards. */
async function withStore<T>(run: (deps: UseCaseDeps) => Promise<T>): Promise<T> {
  // Loaded on demand: `ranking` needs no store and stays quick.
  const { openStorage, createDeps } = await import('./app');
  const config = loadConfig();
  const storage = await openStorage(config, createLogger('warn', (line) => process.stderr.write(line)));
  try {
    return await run(createDeps(storage.tables, { organiserIds: config.organiserIds }));
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
      const { exportSnapshot } = await import('./usecases/export-snapshot');
      const snapshot = await withStore((deps) => exportSnapshot(deps));
      writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
      process.stderr.write(
        `Snapshot written to ${file}: ${snapshot.teams.length} teams, ${snapshot.answers?.length ?? 0} answers, ${snapshot.checkins?.length ?? 0} check-ins.\n`,
      );
      return 0;
    }
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
    const message = isDomainError(error) || error instanceof UsageError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`Error: ${message}\n`);
    process.exit(1);
  },
);
