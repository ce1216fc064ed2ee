/**
 * A small per-instance cache for rows that change rarely (the running challenge, a day's quiz, an agent's
 * profile): saves a store round trip on every answer. Writes through the same repository refresh it; another
 * instance's writes show after `ttlMs`.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.set(key, value);
    value.catch(() => this.entries.delete(key));
    return value;
  }

  set(key: string, value: V | Promise<V>): void {
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: this.now(), value: Promise.resolve(value) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
