import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared/ beside the repository: the specs and fixtures every test reads. */
export const SHARED_DIR = resolve(__dirname, '..', '..', '..', 'shared');
export const SCORING_FIXTURES_DIR = join(SHARED_DIR, 'fixtures', 'scoring');

export interface ScoringFixture {
  file: string;
  description: string;
  snapshot: unknown;
  expected?: unknown[];
  error?: { mentions: string };
}

/** Every golden case of shared/fixtures/scoring, read at test time. */
export function scoringFixtures(): ScoringFixture[] {
  return readdirSync(SCORING_FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...JSON.parse(readFileSync(join(SCORING_FIXTURES_DIR, file), 'utf8')),
    }));
}
