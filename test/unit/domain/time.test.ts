import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  isLocalDate,
  isLocalTime,
  localDate,
  localTime,
  mondayOf,
  zonedInstant,
} from '../../../src/domain/time';

const PARIS = 'Europe/Paris';
const iso = (instant: number) => new Date(instant).toISOString();

describe('zonedInstant (Europe/Paris)', () => {
  it('puts 09:00 at 08:00Z in winter and at 07:00Z in summer', () => {
    expect(iso(zonedInstant('2026-01-15', '09:00', PARIS))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(zonedInstant('2026-07-15', '09:00', PARIS))).toBe('2026-07-15T07:00:00.000Z');
  });

  it('switches offset on the spring-forward day (2026-03-29, 02:00 → 03:00)', () => {
    expect(iso(zonedInstant('2026-03-29', '00:00', PARIS))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '01:59', PARIS))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '03:00', PARIS))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '09:00', PARIS))).toBe('2026-03-29T07:00:00.000Z');
    // The day before still runs on winter time.
    expect(iso(zonedInstant('2026-03-28', '09:00', PARIS))).toBe('2026-03-28T08:00:00.000Z');
  });

  it('maps a wall time skipped by spring-forward to an instant after the gap', () => {
    const instant = zonedInstant('2026-03-29', '02:30', PARIS);
    expect(instant).toBeGreaterThanOrEqual(Date.parse('2026-03-29T01:00:00Z'));
    expect(localDate(instant, PARIS)).toBe('2026-03-29');
  });

  it('switches offset on the fall-back day (2026-10-25, 03:00 → 02:00)', () => {
    expect(iso(zonedInstant('2026-10-25', '00:00', PARIS))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '01:59', PARIS))).toBe('2026-10-24T23:59:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '03:00', PARIS))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '09:00', PARIS))).toBe('2026-10-25T08:00:00.000Z');
    expect(iso(zonedInstant('2026-10-26', '09:00', PARIS))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('picks the later instant of a wall time shown twice on the fall-back day', () => {
    // 02:30 is shown at 00:30Z (summer time) and again at 01:30Z (winter time).
    expect(iso(zonedInstant('2026-10-25', '02:30', PARIS))).toBe('2026-10-25T01:30:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '02:00', PARIS))).toBe('2026-10-25T01:00:00.000Z');
  });

  it('gives a 23-hour day in spring and a 25-hour day in autumn', () => {
    const hours = (date: string) =>
      (zonedInstant(addDays(date, 1), '00:00', PARIS) - zonedInstant(date, '00:00', PARIS)) /
      3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-06-10')).toBe(24);
  });

  it('refuses what is not a local date and time', () => {
    expect(() => zonedInstant('2026-3-29', '09:00', PARIS)).toThrow(RangeError);
    expect(() => zonedInstant('2026-03-29', '9:00', PARIS)).toThrow(RangeError);
    expect(() => zonedInstant('2026-03-29', '24:00', PARIS)).toThrow(RangeError);
    expect(() => zonedInstant('29/03/2026', '09:00', PARIS)).toThrow(RangeError);
  });

  it('property: localDate(zonedInstant(d, "12:00")) === d for any date in 2020–2030', () => {
    const start = Date.UTC(2020, 0, 1);
    const date = fc
      .integer({ min: 0, max: daysBetween('2020-01-01', '2030-12-31') })
      .map((n) => new Date(start + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, (d) => {
        const instant = zonedInstant(d, '12:00', PARIS);
        return localDate(instant, PARIS) === d && localTime(instant, PARIS) === '12:00';
      }),
    );
  });

  it('property: any instant (to the minute) round-trips through its wall clock, up to the doubled autumn hour', () => {
    const minute = fc
      .integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2031, 0, 1) / 60_000 })
      .map((m) => m * 60_000);
    fc.assert(
      fc.property(minute, (instant) => {
        const back = zonedInstant(localDate(instant, PARIS), localTime(instant, PARIS), PARIS);
        // Equal, or the later showing of the same wall time one hour on (fall-back).
        return back === instant || back === instant + 3_600_000;
      }),
    );
  });
});

describe('localDate / localTime', () => {
  it('reads the Paris wall clock of an instant', () => {
    expect(localDate(Date.parse('2026-01-15T08:00:00Z'), PARIS)).toBe('2026-01-15');
    expect(localTime(Date.parse('2026-01-15T08:00:00Z'), PARIS)).toBe('09:00');
    expect(localTime(Date.parse('2026-07-15T07:00:00Z'), PARIS)).toBe('09:00');
  });

  it('changes date at local midnight, not at UTC midnight', () => {
    expect(localDate(Date.parse('2026-01-15T22:59:59Z'), PARIS)).toBe('2026-01-15');
    expect(localDate(Date.parse('2026-01-15T23:00:00Z'), PARIS)).toBe('2026-01-16');
    expect(localTime(Date.parse('2026-01-15T23:00:00Z'), PARIS)).toBe('00:00');
    expect(localDate(Date.parse('2026-07-15T21:59:59Z'), PARIS)).toBe('2026-07-15');
    expect(localDate(Date.parse('2026-07-15T22:00:00Z'), PARIS)).toBe('2026-07-16');
  });

  it('shows the DST jumps', () => {
    expect(localTime(Date.parse('2026-03-29T00:59:00Z'), PARIS)).toBe('01:59');
    expect(localTime(Date.parse('2026-03-29T01:00:00Z'), PARIS)).toBe('03:00');
    expect(localTime(Date.parse('2026-10-25T00:59:00Z'), PARIS)).toBe('02:59');
    expect(localTime(Date.parse('2026-10-25T01:00:00Z'), PARIS)).toBe('02:00');
  });

  it('reads midnight as 00:00, never 24:00', () => {
    expect(localTime(Date.parse('2026-03-28T23:00:00Z'), PARIS)).toBe('00:00');
  });
});

describe('addDays', () => {
  it('adds and subtracts calendar days across months, years and DST changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-11', 0)).toBe('2026-05-11');
  });

  it('property: daysBetween(d, addDays(d, n)) === n', () => {
    const start = Date.UTC(2020, 0, 1);
    const date = fc
      .integer({ min: 0, max: 4000 })
      .map((n) => new Date(start + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: -800, max: 800 }),
        (d, n) => daysBetween(d, addDays(d, n)) === n,
      ),
    );
  });
});

describe('mondayOf', () => {
  it('maps every day of a week to its Monday', () => {
    // Week of Monday 2026-03-23 to Sunday 2026-03-29 (DST change on the Sunday).
    for (const date of [
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]) {
      expect(mondayOf(date)).toBe('2026-03-23');
    }
  });

  it('maps a Sunday to the previous Monday, not the next one', () => {
    expect(mondayOf('2026-10-25')).toBe('2026-10-19');
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
  });

  it('crosses a year boundary', () => {
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('property: the result is a Monday at most 6 days before', () => {
    const start = Date.UTC(2020, 0, 1);
    const date = fc
      .integer({ min: 0, max: 4000 })
      .map((n) => new Date(start + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, (d) => {
        const monday = mondayOf(d);
        const gap = daysBetween(monday, d);
        return new Date(`${monday}T12:00:00Z`).getUTCDay() === 1 && gap >= 0 && gap <= 6;
      }),
    );
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative when going back, unaffected by DST', () => {
    expect(daysBetween('2026-03-23', '2026-03-27')).toBe(4);
    expect(daysBetween('2026-03-27', '2026-03-23')).toBe(-4);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-05-11', '2026-05-11')).toBe(0);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});

describe('isLocalDate', () => {
  it('accepts real calendar dates', () => {
    expect(isLocalDate('2026-03-29')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-12-31')).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-3-29',
    '29/03/2026',
    '2026-03-29T00:00',
    '',
  ])('refuses %p', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isLocalDate(20260329)).toBe(false);
    expect(isLocalDate(null)).toBe(false);
    expect(isLocalDate(new Date('2026-03-29'))).toBe(false);
  });
});

describe('isLocalTime', () => {
  it('accepts HH:MM from 00:00 to 23:59', () => {
    for (const time of ['00:00', '09:00', '12:30', '23:59']) expect(isLocalTime(time)).toBe(true);
  });

  it.each(['24:00', '9:00', '09:60', '09:00:00', '9h00', '', ' 09:00'])('refuses %p', (value) => {
    expect(isLocalTime(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isLocalTime(900)).toBe(false);
    expect(isLocalTime(undefined)).toBe(false);
  });
});

describe('the offset cache', () => {
  const ZONES = [PARIS, 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
  const intlReading = (instant: number, timeZone: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  };

  it('property: a local date and time read twice (second time from the cache) equal what Intl reads, DST days included', () => {
    // Instants packed around the 2026 changes of the zones above, and anywhere in 1980–2040.
    const changes = [
      '2026-03-08T07:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-04-05T15:00:00Z',
      '2026-10-04T15:30:00Z',
      '2026-10-25T01:00:00Z',
      '2026-11-01T06:00:00Z',
    ].map(Date.parse);
    const nearChange = fc
      .tuple(fc.constantFrom(...changes), fc.integer({ min: -7_200_000, max: 7_200_000 }))
      .map(([at, delta]) => at + delta);
    const anywhere = fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2040, 0, 1) });
    fc.assert(
      fc.property(fc.oneof(nearChange, anywhere), fc.constantFrom(...ZONES), (instant, zone) => {
        const expected = intlReading(instant, zone);
        const first = `${localDate(instant, zone)} ${localTime(instant, zone)}`;
        const second = `${localDate(instant, zone)} ${localTime(instant, zone)}`;
        return first === expected && second === expected;
      }),
      { numRuns: 2000 },
    );
  });

  it('reads instants before 1980 without the cache, to the minute', () => {
    const instant = Date.parse('1911-03-10T23:55:00Z'); // Paris left its mean time (+00:09:21) on 11 March 1911
    expect(`${localDate(instant, PARIS)} ${localTime(instant, PARIS)}`).toBe(
      intlReading(instant, PARIS),
    );
  });
});
