import { DomainError } from '../../src/domain/errors';

/** The DomainError `action` throws; fails the test when it throws nothing or something else. */
export function errorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** The problem lines ("line N: …") of the invalid_import error `action` throws, checked against its count. */
export function problemLines(action: () => unknown): string[] {
  const error = errorOf(action);
  expect(error.code).toBe('invalid_import');
  const [head, ...lines] = error.message.split('\n');
  expect(head).toContain(`${lines.length} problem(s)`);
  expect(error.details.count).toBe(lines.length);
  return lines;
}
