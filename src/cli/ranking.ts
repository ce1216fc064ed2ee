import { readFileSync } from 'node:fs';
import { rankSnapshot } from '../domain/scoring';

/** `ranking <snapshot.json>`: the spec's ranking of a snapshot, as JSON. Same function as the tab's. */
export function rankingCommand(args: string[]): string {
  const [file] = args;
  if (!file) throw new UsageError('usage: npm run cli -- ranking <snapshot.json>');
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  // A golden-case file wraps its snapshot: accept both shapes.
  const body = snapshot as { snapshot?: unknown; teams?: unknown };
  const input =
    body && body.teams === undefined && body.snapshot !== undefined ? body.snapshot : snapshot;
  return JSON.stringify(rankSnapshot(input), null, 2);
}

export class UsageError extends Error {
  override name = 'UsageError';
}
