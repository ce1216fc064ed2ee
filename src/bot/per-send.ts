import type { SendRecord } from '../domain/broadcast';

/**
 * What every recipient of one send shares (its quiz, its announcement, its podium), read once per send and kept
 * `ttlMs`, rather than once per agent. `now` measures freshness: the challenge's clock, or elapsed time where a
 * change must show within the period (an organiser's cancel). A failed read is not kept: the next card reads
 * again. Expired entries go as others are read, so the map holds the sends in progress only.
 */
export function perSend<T>(
  load: (send: SendRecord) => Promise<T>,
  options: { ttlMs: number; now: () => number },
): (send: SendRecord) => Promise<T> {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return (send) => {
    const now = options.now();
    for (const [id, kept] of cache) if (now - kept.at >= options.ttlMs) cache.delete(id);
    const kept = cache.get(send.id);
    if (kept) return kept.value;
    const value = load(send);
    value.catch(() => cache.delete(send.id));
    cache.set(send.id, { at: now, value });
    return value;
  };
}
