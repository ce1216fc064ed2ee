import { memoryDeps } from '../../../src/storage/memory';
import { checkIn } from '../../../src/usecases/check-in';
import { givenChallenge, givenTeam, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** The workshop runs on Tuesday 24 November 2026 from 14:00 to 16:00, Paris time; its code is FRESQ2. */
const WORKSHOP = { id: 'fresque', title: 'Fresque du numérique', code: 'FRESQ2' };
const DURING = '2026-11-24T14:05:00+01:00';

async function aWorkshopAndATeam(
  now = DURING,
  challenge: Parameters<typeof givenChallenge>[1] = {},
) {
  const clock = clockAt(now);
  const deps = memoryDeps({ clock });
  await givenChallenge(deps, challenge);
  const workshop = await givenWorkshop(deps, {
    ...WORKSHOP,
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-24T15:00:00.000Z',
  });
  const team = await givenTeam(deps, { id: 'sobres', members: 3 });
  return { deps, clock, workshop, team, agentId: team.members[0]!.agentId };
}

describe('checking in to a workshop with the code its host shows', () => {
  it('records the check-in and counts its points on the agent’s team, the code typed loosely', async () => {
    // given
    const { deps, team, agentId } = await aWorkshopAndATeam();

    // when
    const outcome = await checkIn(deps, { agentId, code: 'fresq-2 ' });

    // then: the challenge's check-in points (5)
    expect(outcome.workshop.id).toBe('fresque');
    expect(outcome.checkin).toEqual({
      workshopId: 'fresque',
      points: 5,
      at: new Date(DURING).toISOString(),
    });
    expect((await deps.teams.get('c1', team.id))?.tallies[agentId]).toMatchObject({
      points: 5,
      events: 1,
    });
  });

  it('gives the workshop’s own points when it has some', async () => {
    // given
    const { deps, agentId } = await aWorkshopAndATeam();
    await givenWorkshop(deps, {
      id: 'visite',
      code: 'V2S2TE',
      points: 8,
      startsAt: '2026-11-24T13:00:00.000Z',
    });

    // when
    const outcome = await checkIn(deps, { agentId, code: 'V2S2TE' });

    // then
    expect(outcome.checkin.points).toBe(8);
  });

  it('counts a check-in of an agent in no team on their own tally', async () => {
    // given
    const { deps } = await aWorkshopAndATeam();

    // when
    const outcome = await checkIn(deps, { agentId: 'loner', code: 'FRESQ2' });

    // then
    expect(outcome.team).toBeNull();
    expect(await deps.events.tally('c1', 'loner')).toMatchObject({ points: 5, events: 1 });
  });

  it('counts only the first check-in, and says when it was', async () => {
    // given
    const { deps, clock, team, agentId } = await aWorkshopAndATeam();
    await checkIn(deps, { agentId, code: 'FRESQ2' });

    // when, ten minutes later
    clock.advance(10 * 60_000);
    const again = checkIn(deps, { agentId, code: 'FRESQ2' });

    // then
    await expect(again).rejects.toMatchObject({
      code: 'already_checked_in',
      details: { time: '14:05' },
    });
    expect((await deps.teams.get('c1', team.id))?.tallies[agentId]).toMatchObject({
      points: 5,
      events: 1,
    });
  });

  describe('the check-in window', () => {
    it('opens 15 minutes before the start', async () => {
      // given / when
      const early = await aWorkshopAndATeam('2026-11-24T13:44:59+01:00');
      const onTime = await aWorkshopAndATeam('2026-11-24T13:45:00+01:00');

      // then
      await expect(
        checkIn(early.deps, { agentId: early.agentId, code: 'FRESQ2' }),
      ).rejects.toMatchObject({
        code: 'checkin_not_open',
        details: { time: '13:45', workshop: 'Fresque du numérique' },
      });
      await expect(
        checkIn(onTime.deps, { agentId: onTime.agentId, code: 'FRESQ2' }),
      ).resolves.toBeDefined();
    });

    it('closes 30 minutes after the end', async () => {
      // given / when
      const last = await aWorkshopAndATeam('2026-11-24T16:30:00+01:00');
      const late = await aWorkshopAndATeam('2026-11-24T16:30:01+01:00');

      // then
      await expect(
        checkIn(last.deps, { agentId: last.agentId, code: 'FRESQ2' }),
      ).resolves.toBeDefined();
      await expect(
        checkIn(late.deps, { agentId: late.agentId, code: 'FRESQ2' }),
      ).rejects.toMatchObject({
        code: 'checkin_closed',
        details: { time: '16:30' },
      });
      expect(await late.deps.events.checkinsOf('c1', late.agentId)).toEqual([]);
    });

    it('follows the challenge’s own rule when it has one', async () => {
      // given a challenge whose check-ins open an hour before
      const rule = { checkinWindow: { beforeStartMinutes: 60, afterEndMinutes: 0 } };
      const { deps, agentId } = await aWorkshopAndATeam('2026-11-24T13:00:00+01:00', rule);

      // when
      const outcome = await checkIn(deps, { agentId, code: 'FRESQ2' });

      // then
      expect(outcome.checkin.workshopId).toBe('fresque');
    });
  });

  describe('the guess limit on wrong codes', () => {
    it('refuses a wrong code and says how many tries are left', async () => {
      // given
      const { deps, agentId } = await aWorkshopAndATeam();

      // when
      const wrong = checkIn(deps, { agentId, code: 'ZZZZZZ' });

      // then
      await expect(wrong).rejects.toMatchObject({
        code: 'workshop_code_unknown',
        details: { code: 'ZZZZZZ', left: 4 },
      });
    });

    it('counts what cannot be a code as a wrong code', async () => {
      // given
      const { deps, agentId } = await aWorkshopAndATeam();

      // when
      await expect(checkIn(deps, { agentId, code: 'hello' })).rejects.toMatchObject({
        code: 'workshop_code_unknown',
      });

      // then
      expect(await deps.checkinGuards.wrongAttempts('c1', agentId)).toHaveLength(1);
    });

    it('after five wrong codes in ten minutes, refuses even the right one until the oldest is ten minutes old', async () => {
      // given five wrong codes, one a minute from 14:05
      const { deps, clock, agentId } = await aWorkshopAndATeam();
      for (let i = 0; i < 5; i += 1) {
        await expect(checkIn(deps, { agentId, code: 'ZZZZZZ' })).rejects.toMatchObject({
          code: 'workshop_code_unknown',
        });
        clock.advance(60_000);
      }

      // when the agent types the right code at 14:10
      const locked = checkIn(deps, { agentId, code: 'FRESQ2' });

      // then they wait until 14:15, and may check in then
      await expect(locked).rejects.toMatchObject({
        code: 'checkin_locked',
        details: { time: '14:15' },
      });
      clock.set('2026-11-24T14:15:00+01:00');
      await expect(checkIn(deps, { agentId, code: 'FRESQ2' })).resolves.toMatchObject({
        workshop: { id: 'fresque' },
      });
    });

    it('tells the fifth wrong code when the agent may try again', async () => {
      // given four wrong codes
      const { deps, agentId } = await aWorkshopAndATeam();
      for (let i = 0; i < 4; i += 1)
        await checkIn(deps, { agentId, code: 'ZZZZZZ' }).catch(() => undefined);

      // when
      const fifth = checkIn(deps, { agentId, code: 'ZZZZZZ' });

      // then
      await expect(fifth).rejects.toMatchObject({
        code: 'workshop_code_unknown',
        details: { left: 0, time: '14:15' },
      });
    });

    it('limits each agent on their own', async () => {
      // given another agent locked out
      const { deps, agentId } = await aWorkshopAndATeam();
      for (let i = 0; i < 5; i += 1)
        await checkIn(deps, { agentId: 'guesser', code: 'ZZZZZZ' }).catch(() => undefined);

      // when
      const outcome = await checkIn(deps, { agentId, code: 'FRESQ2' });

      // then
      expect(outcome.checkin.workshopId).toBe('fresque');
    });
  });
});
