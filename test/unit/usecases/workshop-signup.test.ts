import { memoryDeps } from '../../../src/storage/memory';
import { cancelWorkshopSignup, signUpForWorkshop } from '../../../src/usecases/workshop-signup';
import { givenChallenge, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Monday morning; the visit (n° 1) is on Tuesday at 14:00 with 2 seats, the talk (n° 2) on Wednesday, unlimited. */
const MONDAY = '2026-11-23T10:00:00+01:00';
const VISIT_STARTS = '2026-11-24T14:00:00+01:00';

async function aProgramme(now = MONDAY) {
  const clock = clockAt(now);
  const deps = memoryDeps({ clock });
  await givenChallenge(deps);
  await givenWorkshop(deps, {
    id: 'visite',
    title: 'Visite du datacenter',
    capacity: 2,
    startsAt: '2026-11-24T13:00:00.000Z',
  });
  await givenWorkshop(deps, {
    id: 'conference',
    title: 'Conférence sobriété',
    startsAt: '2026-11-25T13:00:00.000Z',
  });
  return { deps, clock };
}

const agent = (n: number) => ({ agentId: `a${n}`, agentName: `Agent ${n}` });

describe('signing up for a workshop', () => {
  it('takes a seat in the workshop the agent names by its number, and says how many are left', async () => {
    // given
    const { deps } = await aProgramme();

    // when
    const outcome = await signUpForWorkshop(deps, { ...agent(1), reference: '1' });

    // then
    expect(outcome).toMatchObject({ workshop: { id: 'visite' }, number: 1, seatsLeft: 1 });
    expect(await deps.signups.isSignedUp('c1', 'visite', 'a1')).toBe(true);
    expect(await deps.signups.list('c1', 'visite')).toEqual([
      { agentId: 'a1', name: 'Agent 1', at: new Date(MONDAY).toISOString() },
    ]);
  });

  it('has no seat count for a workshop without capacity', async () => {
    // given
    const { deps } = await aProgramme();

    // when
    const outcome = await signUpForWorkshop(deps, { ...agent(1), workshopId: 'conference' });

    // then
    expect(outcome).toMatchObject({ number: 2, seatsLeft: null });
  });

  describe('is refused when', () => {
    it('every seat is taken', async () => {
      // given two agents took the two seats
      const { deps } = await aProgramme();
      await signUpForWorkshop(deps, { ...agent(1), reference: '1' });
      await signUpForWorkshop(deps, { ...agent(2), reference: '1' });

      // when a third one asks
      const signingUp = signUpForWorkshop(deps, { ...agent(3), reference: '1' });

      // then
      await expect(signingUp).rejects.toMatchObject({
        code: 'workshop_full',
        details: { workshop: 'Visite du datacenter', max: 2 },
      });
      expect(await deps.signups.taken('c1', 'visite')).toBe(2);
    });

    it('the agent already has a seat, naming the workshop', async () => {
      // given
      const { deps } = await aProgramme();
      await signUpForWorkshop(deps, { ...agent(1), reference: '1' });

      // when
      const again = signUpForWorkshop(deps, { ...agent(1), workshopId: 'visite' });

      // then
      await expect(again).rejects.toMatchObject({
        code: 'already_signed_up',
        details: { workshop: 'Visite du datacenter' },
      });
      expect(await deps.signups.taken('c1', 'visite')).toBe(1);
    });

    it('the workshop has started', async () => {
      // given
      const { deps } = await aProgramme(VISIT_STARTS);

      // when
      const signingUp = signUpForWorkshop(deps, { ...agent(1), reference: '1' });

      // then
      await expect(signingUp).rejects.toMatchObject({ code: 'signup_closed' });
    });

    it('no workshop has that number', async () => {
      // given
      const { deps } = await aProgramme();

      // when
      const signingUp = signUpForWorkshop(deps, { ...agent(1), reference: '7' });

      // then
      await expect(signingUp).rejects.toMatchObject({
        code: 'workshop_unknown',
        details: { reference: '7' },
      });
    });
  });
});

describe('cancelling a sign-up', () => {
  it('gives the seat back, for someone else to take', async () => {
    // given a full visit
    const { deps } = await aProgramme();
    await signUpForWorkshop(deps, { ...agent(1), reference: '1' });
    await signUpForWorkshop(deps, { ...agent(2), reference: '1' });

    // when
    const outcome = await cancelWorkshopSignup(deps, { agentId: 'a1', reference: '1' });

    // then
    expect(outcome.seatsLeft).toBe(1);
    expect(await deps.signups.isSignedUp('c1', 'visite', 'a1')).toBe(false);
    await expect(signUpForWorkshop(deps, { ...agent(3), reference: '1' })).resolves.toMatchObject({
      seatsLeft: 0,
    });
  });

  describe('is refused when', () => {
    it('the agent has no seat', async () => {
      // given
      const { deps } = await aProgramme();

      // when
      const cancelling = cancelWorkshopSignup(deps, { agentId: 'a1', reference: '1' });

      // then
      await expect(cancelling).rejects.toMatchObject({
        code: 'not_signed_up',
        details: { workshop: 'Visite du datacenter' },
      });
    });

    it('the workshop has started, and the seat stays taken', async () => {
      // given
      const { deps, clock } = await aProgramme();
      await signUpForWorkshop(deps, { ...agent(1), reference: '1' });
      clock.set(VISIT_STARTS);

      // when
      const cancelling = cancelWorkshopSignup(deps, { agentId: 'a1', reference: '1' });

      // then
      await expect(cancelling).rejects.toMatchObject({ code: 'signup_closed' });
      expect(await deps.signups.taken('c1', 'visite')).toBe(1);
    });
  });
});
