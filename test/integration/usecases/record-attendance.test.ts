import { recordAttendance } from '../../../src/usecases/record-attendance';
import {
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenTeam,
  givenWorkshop,
} from '../../support/builders';
import { clockAt } from '../../support/clock';
import { freshTables, tableDeps } from '../../support/storage';

const ORGANISER = 'organiser-1';

/** Attendance by hand against a real Azurite: a record asked many times at once is counted once. */
describe('recordAttendance under concurrency', () => {
  it('records each agent once, and moves their team’s tally once, when 100 identical calls come at once', async () => {
    // given: Marie already answered a question (her tally row exists), Léa has no event yet, Nour is in no team
    const deps = tableDeps(await freshTables(), {
      clock: clockAt('2026-11-24T14:20:00+01:00'),
      organiserIds: new Set([ORGANISER]),
    });
    await givenChallenge(deps);
    await givenWorkshop(deps, {
      id: 'fresque',
      startsAt: '2026-11-24T13:00:00.000Z',
      endsAt: '2026-11-24T15:00:00.000Z',
    });
    const [marie, lea, nour] = await Promise.all(
      ['Marie Dupont', 'Léa Martin', 'Nour Haddad'].map((name) => givenAgent(deps, { name })),
    );
    const team = await givenTeam(deps, {
      id: 'sobres',
      members: [marie!, lea!].map((a) => ({ agentId: a.id, name: a.name })),
    });
    await givenAnswer(deps, marie!.id, { points: 2 });
    const agentIds = [marie!.id, lea!.id, nour!.id, 'fantome'];

    // when
    const records = await Promise.all(
      Array.from({ length: 100 }, () =>
        recordAttendance(deps, { callerId: ORGANISER, workshopId: 'fresque', agentIds }),
      ),
    );

    // then: each known agent recorded by exactly one call, the unknown one reported by all
    for (const agentId of agentIds.slice(0, 3)) {
      expect(records.filter((r) => r.recorded.some((x) => x.agentId === agentId))).toHaveLength(1);
      expect(records.filter((r) => r.already.includes(agentId))).toHaveLength(99);
    }
    expect(records.every((r) => r.unknown.join() === 'fantome')).toBe(true);
    const checkins = [];
    for await (const checkin of deps.events.checkins('c1', 'fresque')) checkins.push(checkin);
    expect(checkins.map((c) => c.agentId).sort()).toEqual(agentIds.slice(0, 3).sort());
    expect(checkins.every((c) => c.recordedBy === ORGANISER && c.points === 5)).toBe(true);
    expect(await deps.events.tally('c1', marie!.id)).toMatchObject({ points: 7, events: 2 });
    expect(await deps.events.tally('c1', lea!.id)).toMatchObject({ points: 5, events: 1 });
    expect(await deps.events.tally('c1', nour!.id)).toMatchObject({ points: 5, events: 1 });
    const tallies = (await deps.teams.get('c1', team.id))!.tallies;
    expect(tallies[marie!.id]).toMatchObject({ points: 7, events: 2 });
    expect(tallies[lea!.id]).toMatchObject({ points: 5, events: 1 });
  }, 60_000);
});
