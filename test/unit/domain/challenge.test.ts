import {
  challengeDayAt,
  challengeStartsAt,
  checkinRuleOf,
  dateOfDay,
  DEFAULT_CHECKIN_WINDOW,
  teamChangesClosed,
  type Challenge,
} from '../../../src/domain/challenge';
import { DEFAULT_SCORING } from '../../../src/domain/scoring';

/** A five-day challenge starting on Monday 2026-03-23, with the DST change on Sunday 2026-03-29. */
function challenge(overrides: Partial<Challenge> = {}): Challenge {
  return {
    id: 'defi-2026',
    title: 'Défi numérique 2026',
    startDate: '2026-03-23',
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 12,
    ...overrides,
  };
}

const at = (iso: string) => Date.parse(iso);

describe('challengeStartsAt', () => {
  it('is local midnight of the first day', () => {
    expect(new Date(challengeStartsAt(challenge())).toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(new Date(challengeStartsAt(challenge({ startDate: '2026-06-01' }))).toISOString()).toBe(
      '2026-05-31T22:00:00.000Z',
    );
  });
});

describe('teamChangesClosed', () => {
  it('without teamsLockAt, closes at the start of the first local day (winter)', () => {
    const c = challenge();
    expect(teamChangesClosed(c, at('2026-03-22T22:59:59.999Z'))).toBe(false);
    expect(teamChangesClosed(c, at('2026-03-22T23:00:00.000Z'))).toBe(true);
    expect(teamChangesClosed(c, at('2026-03-25T12:00:00.000Z'))).toBe(true);
  });

  it('without teamsLockAt, closes at the start of the first local day (summer)', () => {
    const c = challenge({ startDate: '2026-06-01' });
    expect(teamChangesClosed(c, at('2026-05-31T21:59:59.999Z'))).toBe(false);
    expect(teamChangesClosed(c, at('2026-05-31T22:00:00.000Z'))).toBe(true);
  });

  it('with teamsLockAt, closes exactly then, even after the challenge has started', () => {
    const c = challenge({ teamsLockAt: '2026-03-24T12:00:00+01:00' });
    expect(teamChangesClosed(c, at('2026-03-23T08:00:00Z'))).toBe(false);
    expect(teamChangesClosed(c, at('2026-03-24T10:59:59.999Z'))).toBe(false);
    expect(teamChangesClosed(c, at('2026-03-24T11:00:00Z'))).toBe(true);
  });

  it('with teamsLockAt before the start, closes early', () => {
    const c = challenge({ teamsLockAt: '2026-03-20T17:00:00Z' });
    expect(teamChangesClosed(c, at('2026-03-20T16:59:59Z'))).toBe(false);
    expect(teamChangesClosed(c, at('2026-03-20T17:00:00Z'))).toBe(true);
  });
});

describe('challengeDayAt', () => {
  const c = challenge();

  it('is null before the first local day', () => {
    expect(challengeDayAt(c, at('2026-03-22T22:59:59Z'))).toBeNull();
  });

  it('numbers the days from 1, switching at local midnight', () => {
    expect(challengeDayAt(c, at('2026-03-22T23:00:00Z'))).toBe(1);
    expect(challengeDayAt(c, at('2026-03-23T22:59:59Z'))).toBe(1);
    expect(challengeDayAt(c, at('2026-03-23T23:00:00Z'))).toBe(2);
    expect(challengeDayAt(c, at('2026-03-27T12:00:00Z'))).toBe(5);
  });

  it('is null after the last day', () => {
    expect(challengeDayAt(c, at('2026-03-27T22:59:59Z'))).toBe(5);
    expect(challengeDayAt(c, at('2026-03-27T23:00:00Z'))).toBeNull();
  });

  it('counts local days across the DST change', () => {
    const week = challenge({ days: 7 });
    // Sunday 2026-03-29 is day 7; local midnight of that day is 23:00Z on the Saturday (still winter time).
    expect(challengeDayAt(week, at('2026-03-28T22:59:59Z'))).toBe(6);
    expect(challengeDayAt(week, at('2026-03-28T23:00:00Z'))).toBe(7);
    // Monday 2026-03-30 starts at 22:00Z on the Sunday (summer time): outside a 7-day challenge.
    expect(challengeDayAt(week, at('2026-03-29T21:59:59Z'))).toBe(7);
    expect(challengeDayAt(week, at('2026-03-29T22:00:00Z'))).toBeNull();
  });
});

describe('dateOfDay', () => {
  it('gives the local date of a 1-based challenge day', () => {
    const c = challenge();
    expect(dateOfDay(c, 1)).toBe('2026-03-23');
    expect(dateOfDay(c, 5)).toBe('2026-03-27');
    expect(dateOfDay(challenge({ startDate: '2026-12-28' }), 5)).toBe('2027-01-01');
  });

  it('agrees with challengeDayAt at noon of each day', () => {
    const c = challenge({ startDate: '2026-10-22', days: 7 });
    for (let day = 1; day <= c.days; day += 1) {
      const noon = Date.parse(`${dateOfDay(c, day)}T10:00:00Z`);
      expect(challengeDayAt(c, noon)).toBe(day);
    }
  });
});

describe('checkinRuleOf', () => {
  it('is the challenge’s own check-in window, else 15 minutes before to 30 minutes after', () => {
    expect(checkinRuleOf(challenge())).toEqual({ beforeStartMinutes: 15, afterEndMinutes: 30 });
    expect(checkinRuleOf(challenge())).toBe(DEFAULT_CHECKIN_WINDOW);
    const own = { beforeStartMinutes: 0, afterEndMinutes: 5 };
    expect(checkinRuleOf(challenge({ checkinWindow: own }))).toBe(own);
  });
});
