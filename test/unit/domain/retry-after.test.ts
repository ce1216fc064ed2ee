import { retryAfterMs, retryAfterOfError } from '../../../src/domain/broadcast';

describe('reading a Retry-After', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it('reads seconds and HTTP dates, and nothing from nonsense', () => {
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
  it('finds it on a connector error, or says nothing', () => {
    const error = {
      response: { headers: { get: (name: string) => (name === 'retry-after' ? '1' : null) } },
    };
    expect(retryAfterOfError(error, now)).toBe(1000);
    expect(retryAfterOfError(new Error('boom'), now)).toBeUndefined();
  });
});
