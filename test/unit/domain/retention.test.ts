import fc from 'fast-check';
import { challengeEndsAt } from '../../../src/domain/challenge';
import {
  addMonths,
  DEFAULT_RETENTION_MONTHS,
  isPurgeDue,
  PURGE_STEPS,
  purgeDueAt,
  purgeDueDate,
  SHARED_PURGE_STEPS,
} from '../../../src/domain/retention';
import { addDays, isLocalDate } from '../../../src/domain/time';
import { buildChallenge } from '../../support/builders';

describe('addMonths', () => {
  it('moves by calendar months, across years', () => {
    expect(addMonths('2026-11-28', 6)).toBe('2027-05-28');
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
    expect(addMonths('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('gives the last day of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
  });
});

describe('the retention rule: due RETENTION_MONTHS after the last day', () => {
  // A week from Monday 23 to Friday 27 November 2026: its last day ends at midnight, Paris time.
  const challenge = buildChallenge({ startDate: '2026-11-23', days: 5 });

  it('is due 6 months after the end of the last day by default, at midnight Paris time', () => {
    expect(DEFAULT_RETENTION_MONTHS).toBe(6);
    expect(purgeDueDate(challenge, 6)).toBe('2027-05-28');
    // 28 May 2027 is summer time: UTC+2.
    expect(new Date(purgeDueAt(challenge, 6)).toISOString()).toBe('2027-05-27T22:00:00.000Z');
  });

  it('is not due one millisecond before, and due from that instant on', () => {
    const due = purgeDueAt(challenge, 6);
    expect(isPurgeDue(challenge, 6, due - 1)).toBe(false);
    expect(isPurgeDue(challenge, 6, due)).toBe(true);
    expect(isPurgeDue(challenge, 6, due + 86_400_000)).toBe(true);
  });

  it('with 0 months, is due as soon as the challenge has ended, never during it', () => {
    const end = challengeEndsAt(challenge);
    expect(isPurgeDue(challenge, 0, end - 1)).toBe(false);
    expect(isPurgeDue(challenge, 0, end)).toBe(true);
  });

  it('runs the steps that find rows through others after them', () => {
    // Deliveries are found through their sends, and agents who left through the roster.
    expect(PURGE_STEPS.indexOf('deliveries')).toBeLessThan(PURGE_STEPS.indexOf('sends'));
    expect(PURGE_STEPS.indexOf('agents')).toBeLessThan(PURGE_STEPS.indexOf('roster'));
    expect([...SHARED_PURGE_STEPS].sort()).toEqual(['agents', 'roster']);
  });
});

describe('the retention rule, for any challenge and any number of months (property)', () => {
  const challenges = fc
    .record({
      start: fc.integer({ min: 0, max: 3650 }),
      days: fc.integer({ min: 1, max: 14 }),
      timeZone: fc.constantFrom('Europe/Paris', 'America/Cayenne', 'Pacific/Noumea', 'UTC'),
    })
    .map(({ start, days, timeZone }) =>
      buildChallenge({ startDate: addDays('2024-01-01', start), days, timeZone }),
    );
  const months = fc.integer({ min: 0, max: 120 });

  it('is never due before the challenge has ended, and due for good once due', () => {
    fc.assert(
      fc.property(
        challenges,
        months,
        fc.integer({ min: -400, max: 4000 }),
        (challenge, m, dayOffset) => {
          const end = challengeEndsAt(challenge);
          const now = end + dayOffset * 86_400_000;
          const due = isPurgeDue(challenge, m, now);
          if (now < end) expect(due).toBe(false);
          // Monotonic: due now means due a day later too.
          if (due) expect(isPurgeDue(challenge, m, now + 86_400_000)).toBe(true);
          expect(due).toBe(now >= purgeDueAt(challenge, m));
        },
      ),
    );
  });

  it('waits between 28 and 31 days per month after the end, and more months never purge sooner', () => {
    fc.assert(
      fc.property(challenges, months, (challenge, m) => {
        const end = challengeEndsAt(challenge);
        const waited = (purgeDueAt(challenge, m) - end) / 86_400_000;
        // An hour either way for a change of summer time.
        expect(waited).toBeGreaterThanOrEqual(m * 28 - 1 / 24);
        expect(waited).toBeLessThanOrEqual(m * 31 + 1 / 24);
        expect(purgeDueAt(challenge, m + 1)).toBeGreaterThan(purgeDueAt(challenge, m));
        expect(isLocalDate(purgeDueDate(challenge, m))).toBe(true);
      }),
    );
  });
});
