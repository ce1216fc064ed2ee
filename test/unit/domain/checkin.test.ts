import {
  checkinState,
  checkinWindow,
  DEFAULT_GUESS_LIMIT,
  guessesLeft,
  guessLockedUntil,
  recentWrongAttempts,
} from '../../../src/domain/checkin';

const MINUTE = 60_000;

describe('the check-in window', () => {
  const workshop = { startsAt: '2026-11-24T13:00:00.000Z', endsAt: '2026-11-24T15:00:00.000Z' };
  const opens = Date.parse('2026-11-24T12:45:00.000Z');
  const closes = Date.parse('2026-11-24T15:30:00.000Z');

  it('opens 15 minutes before the start and closes 30 minutes after the end, both instants included', () => {
    expect(checkinWindow(workshop)).toEqual({ opensAt: opens, closesAt: closes });
    expect(checkinState(workshop, opens - 1000)).toBe('not_open');
    expect(checkinState(workshop, opens)).toBe('open');
    expect(checkinState(workshop, closes)).toBe('open');
    expect(checkinState(workshop, closes + 1000)).toBe('closed');
  });

  it('follows the challenge’s own rule when it has one', () => {
    const rule = { beforeStartMinutes: 0, afterEndMinutes: 5 };
    expect(checkinState(workshop, Date.parse(workshop.startsAt) - 1, rule)).toBe('not_open');
    expect(checkinState(workshop, Date.parse(workshop.endsAt) + 5 * MINUTE, rule)).toBe('open');
    expect(checkinState(workshop, Date.parse(workshop.endsAt) + 5 * MINUTE + 1, rule)).toBe(
      'closed',
    );
  });
});

describe('the limit on wrong codes', () => {
  const t0 = Date.parse('2026-11-24T14:00:00Z');
  const five = [0, 1, 2, 3, 4].map((i) => t0 + i * MINUTE);

  it('lets five wrong codes through, then refuses until the oldest is ten minutes old', () => {
    expect(guessLockedUntil(five.slice(0, 4), t0 + 5 * MINUTE)).toBeNull();
    expect(guessesLeft(five.slice(0, 4), t0 + 5 * MINUTE)).toBe(1);
    expect(guessLockedUntil(five, t0 + 5 * MINUTE)).toBe(t0 + 10 * MINUTE);
    expect(guessesLeft(five, t0 + 5 * MINUTE)).toBe(0);
    expect(guessLockedUntil(five, t0 + 10 * MINUTE - 1)).toBe(t0 + 10 * MINUTE);
    // At that instant the first attempt no longer counts: one more try.
    expect(guessLockedUntil(five, t0 + 10 * MINUTE)).toBeNull();
    expect(guessesLeft(five, t0 + 10 * MINUTE)).toBe(1);
  });

  it('forgets attempts older than the window and keeps no more than it needs', () => {
    const old = [t0 - 20 * MINUTE, t0 - 11 * MINUTE, t0 - 10 * MINUTE];
    expect(recentWrongAttempts(old, t0)).toEqual([]);
    const many = Array.from({ length: 9 }, (_, i) => t0 - i * 1000);
    expect(recentWrongAttempts(many, t0)).toHaveLength(DEFAULT_GUESS_LIMIT.maxWrong);
    expect(guessLockedUntil(many, t0)).toBe(t0 - 4000 + 10 * MINUTE);
  });
});
