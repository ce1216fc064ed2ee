import { DEFAULT_GUESS_LIMIT } from '../../../src/domain/checkin';
import type { WorkshopRepository } from '../../../src/domain/ports';
import { checkIn } from '../../../src/usecases/check-in';
import { codeFrom, givenChallenge, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';
import { freshTables, tableDeps } from '../../support/storage';

/** The guess limit on a real Azurite, where the race is the store's: every guess goes through the table. */
describe('the check-in guess limit against 100 wrong codes sent at once (Azure Tables)', () => {
  it('checks at most the limit, and refuses the right code that follows while the lock holds', async () => {
    // given a workshop open for check-in, its code FRESQ2, and a count of the codes looked up
    const deps = tableDeps(await freshTables(), { clock: clockAt('2026-11-24T14:05:00+01:00') });
    await givenChallenge(deps);
    await givenWorkshop(deps, {
      id: 'fresque',
      code: 'FRESQ2',
      startsAt: '2026-11-24T13:00:00.000Z',
      endsAt: '2026-11-24T15:00:00.000Z',
    });
    const checked: string[] = [];
    const workshops: WorkshopRepository = Object.assign(Object.create(deps.workshops), {
      findByCode: (challengeId: string, code: string) => {
        checked.push(code);
        return deps.workshops.findByCode(challengeId, code);
      },
    });
    const guarded = { ...deps, workshops };

    // when 100 wrong codes arrive at once (before the fix: 61 checked)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        checkIn(guarded, { agentId: 'mallory', code: codeFrom(i) }),
      ),
    );

    // then
    const codes = outcomes.map((o) => (o.status === 'rejected' ? o.reason.code : 'accepted'));
    console.log(`check-in guesses checked out of 100 sent at once (Azurite): ${checked.length}`);
    expect(checked.length).toBeLessThanOrEqual(DEFAULT_GUESS_LIMIT.maxWrong);
    expect(codes.filter((c) => c === 'workshop_code_unknown')).toHaveLength(checked.length);
    expect(codes.filter((c) => c === 'checkin_locked')).toHaveLength(100 - checked.length);
    await expect(checkIn(guarded, { agentId: 'mallory', code: 'FRESQ2' })).rejects.toMatchObject({
      code: 'checkin_locked',
    });
    expect(await deps.events.checkinsOf('c1', 'mallory')).toEqual([]);
    expect(await deps.checkinGuards.wrongAttempts('c1', 'mallory')).toHaveLength(checked.length);
  });
});
