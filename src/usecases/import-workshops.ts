import type { Challenge } from '../domain/challenge';
import type { ImportProblem } from '../domain/import-report';
import { generateCode } from '../domain/teams';
import { parseWorkshopsCsv, parseWorkshopsJson } from '../domain/workshop-import';
import type { Workshop } from '../domain/workshops';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

export type ProgrammeFormat = 'json' | 'csv';

export interface ProgrammeImport {
  created: Workshop[];
  updated: Workshop[];
  warnings: ImportProblem[];
}

/** JSON when the text opens like JSON, CSV otherwise. */
export function programmeFormatOf(text: string, fileName = ''): ProgrammeFormat {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.json$/i.test(fileName)) return 'json';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

/**
 * Reads a programme file and saves its workshops into `challenge`, checked as of `now`. Nothing is saved from a
 * file with a problem (invalid_import, every problem with its line); warnings do not stop it.
 */
export async function importProgramme(
  deps: Pick<UseCaseDeps, 'workshops' | 'ids'>,
  challenge: Challenge,
  input: { text: string; format: ProgrammeFormat },
  now: number,
): Promise<ProgrammeImport> {
  const existing = new Map((await deps.workshops.list(challenge.id)).map((w) => [w.id, w]));
  const context = { challenge, now, existing };
  const read =
    input.format === 'csv'
      ? parseWorkshopsCsv(input.text, context)
      : parseWorkshopsJson(input.text, context);
  const saved = await deps.workshops.save(challenge.id, read.workshops, () =>
    generateCode(() => deps.ids.random()),
  );
  return {
    created: saved.filter((s) => s.created).map((s) => s.workshop),
    updated: saved.filter((s) => !s.created).map((s) => s.workshop),
    warnings: read.warnings,
  };
}

/** An organiser imports the programme of the running challenge (the API and the CLI check who may). */
export async function importWorkshops(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops' | 'ids' | 'clock'>,
  input: { text: string; format: ProgrammeFormat },
): Promise<ProgrammeImport> {
  const challenge = await currentChallenge(deps);
  return importProgramme(deps, challenge, input, deps.clock.now());
}
