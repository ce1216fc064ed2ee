import { DomainError } from './errors';

/** What organisers import (quiz bank, workshop programme) is refused whole, every problem with its line. */

/** One problem of an imported file, at its 1-based line. */
export interface ImportProblem {
  line: number;
  message: string;
}

/** The invalid_import error carrying every problem of a file: nothing of a broken file is imported. */
export function importError(problems: ImportProblem[]): DomainError {
  const lines = problems.map((p) => `line ${p.line}: ${p.message}`);
  return new DomainError(
    'invalid_import',
    `the file has ${problems.length} problem(s):\n${lines.join('\n')}`,
    {
      problems: lines.join('\n'),
      count: problems.length,
    },
  );
}

/** A JSON.parse failure as a problem on the line its position points to in `text` (line 1 when it gives none). */
export function jsonSyntaxProblem(error: unknown, text: string): ImportProblem {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  const line = position ? text.slice(0, Number(position)).split('\n').length : 1;
  return { line, message: `not valid JSON (${message.split('\n')[0]})` };
}
