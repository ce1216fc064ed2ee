import type { WorkshopRepository } from '../../../src/domain/ports';
import { DEFAULT_GUESS_LIMIT } from '../../../src/domain/checkin';
import { memoryDeps } from '../../../src/storage/memory';
import { checkIn } from '../../../src/usecases/check-in';
import { codeFrom, givenChallenge, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** The workshop runs on Tuesday 24 November 2026 from 14:00 to 16:00, Paris time; its code is FRESQ2. */
const DURING = '2026-11-24T14:05:00+01:00';

/** The workshops' store, counting the codes looked up (each is a guess checked) and slow as a network store. */
function countingLookups(workshops: WorkshopRepository) {
  const checked: string[] = [];
  const findByCode: WorkshopRepository['findByCode'] = async (challengeId, code) => {
    checked.push(code);
    await new Promise((resolve) => setTimeout(resolve, 1));
    return workshops.findByCode(challengeId, code);
  };
  return { checked, workshops: Object.assign(Object.create(workshops), { findByCode }) };
}

async function aWorkshopOpenForCheckIn() {
  const deps = memoryDeps({ clock: clockAt(DURING) });
  await givenChallenge(deps);
  await givenWorkshop(deps, {
    id: 'fresque',
    code: 'FRESQ2',
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-24T15:00:00.000Z',
  });
  const { checked, workshops } = countingLookups(deps.workshops);
  return { deps: { ...deps, workshops }, checked };
}

describe('the check-in guess limit under guesses sent at once', () => {
  it('checks at most the limit of 100 wrong codes sent together, then refuses the right one', async () => {
    // given
    const { deps, checked } = await aWorkshopOpenForCheckIn();

    // when 100 wrong codes arrive at once (the attack: before, 61 of them were checked)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        checkIn(deps, { agentId: 'mallory', code: codeFrom(i) }),
      ),
    );

    // then no more than five codes were looked at, the rest refused unseen
    const codes = outcomes.map((o) => (o.status === 'rejected' ? o.reason.code : 'accepted'));
    expect(checked.length).toBeLessThanOrEqual(DEFAULT_GUESS_LIMIT.maxWrong);
    expect(codes.filter((c) => c === 'workshop_code_unknown')).toHaveLength(checked.length);
    expect(codes.filter((c) => c === 'checkin_locked')).toHaveLength(100 - checked.length);

    // and the right code, typed next, is refused while the lock holds
    await expect(checkIn(deps, { agentId: 'mallory', code: 'FRESQ2' })).rejects.toMatchObject({
      code: 'checkin_locked',
    });
    expect(await deps.events.checkinsOf('c1', 'mallory')).toEqual([]);
  });

  it('gives the slot of a right code back: it is not counted as a guess', async () => {
    // given four wrong codes
    const { deps } = await aWorkshopOpenForCheckIn();
    for (let i = 0; i < 4; i += 1)
      await expect(checkIn(deps, { agentId: 'aicha', code: 'ZZZZZZ' })).rejects.toMatchObject({
        code: 'workshop_code_unknown',
      });

    // when the right code comes, twice
    await checkIn(deps, { agentId: 'aicha', code: 'FRESQ2' });
    await expect(checkIn(deps, { agentId: 'aicha', code: 'FRESQ2' })).rejects.toMatchObject({
      code: 'already_checked_in',
    });

    // then one wrong guess is still left
    expect(await deps.checkinGuards.wrongAttempts('c1', 'aicha')).toHaveLength(4);
    await expect(checkIn(deps, { agentId: 'aicha', code: 'ZZZZZZ' })).rejects.toMatchObject({
      code: 'workshop_code_unknown',
      details: { left: 0 },
    });
  });
});
