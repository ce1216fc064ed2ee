/**
 * A deep copy of a stored value: a twin hands out copies and keeps copies, as a store does, so that a use case
 * changing what it read cannot change what is stored.
 */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Keys compared as a table compares RowKeys (by UTF-16 code units), so twins list rows in the store's order. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
