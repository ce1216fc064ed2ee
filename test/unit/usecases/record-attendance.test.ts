import type { Agent } from '../../../src/domain/agents';
import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import { checkIn } from '../../../src/usecases/check-in';
import { attendanceCandidates, recordAttendance } from '../../../src/usecases/record-attendance';
import { attendanceList } from '../../../src/usecases/workshop-admin';
import { givenAgent, givenChallenge, givenTeam, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';

/**
 * The workshop runs on Tuesday 24 November 2026 from 14:00 to 16:00, Paris time, hosted by the DSI; a check-in
 * counts until 16:30 (the default window), and attendance by hand may be recorded from 14:00.
 */
const WORKSHOP = {
  id: 'fresque',
  title: 'Fresque du numérique',
  code: 'FRESQ2',
  host: 'Direction des systèmes d’information',
  startsAt: '2026-11-24T13:00:00.000Z',
  endsAt: '2026-11-24T15:00:00.000Z',
};
const DURING = '2026-11-24T14:20:00+01:00';
const ORGANISER = 'organiser-1';

/** A host of the DSI, an agent of another direction, and two teams of two: Marie and Léa, Paul and Inès. */
async function aWorkshopWithTwoTeams(now = DURING) {
  const clock = clockAt(now);
  const deps = memoryDeps({ clock, organiserIds: [ORGANISER] });
  await givenChallenge(deps);
  const workshop = await givenWorkshop(deps, WORKSHOP);
  const [host, other, marie, lea, paul, ines] = await Promise.all(
    [
      { name: 'Hôte DSI', direction: "direction des systemes d'information" },
      { name: 'Agent RH', direction: 'Ressources humaines' },
      { name: 'Marie Dupont' },
      { name: 'Léa Martin' },
      { name: 'Paul Émile' },
      { name: 'Inès Leroy' },
    ].map((agent) => givenAgent(deps, agent)),
  );
  const sobres = await givenTeam(deps, {
    id: 'sobres',
    members: [marie!, lea!].map((a) => ({ agentId: a.id, name: a.name })),
  });
  const econes = await givenTeam(deps, {
    id: 'econes',
    members: [paul!, ines!].map((a) => ({ agentId: a.id, name: a.name })),
  });
  return {
    deps,
    clock,
    workshop,
    host: host!,
    other: other!,
    marie: marie!,
    lea: lea!,
    paul: paul!,
    ines: ines!,
    sobres,
    econes,
  };
}

async function checkinsAt(deps: MemoryDeps, workshopId: string) {
  const all = [];
  for await (const checkin of deps.events.checkins('c1', workshopId)) all.push(checkin);
  return all;
}

describe('recording attendance by hand', () => {
  it('lets the host direction record agents, counted exactly like a check-in by code', async () => {
    // given: Paul checks in with the code; Marie has no phone
    const { deps, host, marie, paul, sobres, econes } = await aWorkshopWithTwoTeams();
    await checkIn(deps, { agentId: paul.id, code: 'FRESQ2' });

    // when the host records Marie
    const record = await recordAttendance(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      agentIds: [marie.id],
    });

    // then: same points, same tally on her team as Paul's on his, and the row says who recorded it
    expect(record).toEqual({
      recorded: [{ agentId: marie.id, name: 'Marie Dupont', points: 5 }],
      already: [],
      unknown: [],
    });
    const byHand = (await deps.teams.get('c1', sobres.id))!.tallies[marie.id];
    const byCode = (await deps.teams.get('c1', econes.id))!.tallies[paul.id];
    expect(byHand).toEqual(byCode);
    expect(byHand).toMatchObject({ points: 5, events: 1 });
    expect(await deps.events.checkinsOf('c1', marie.id)).toEqual([
      {
        workshopId: 'fresque',
        points: 5,
        at: new Date(DURING).toISOString(),
        recordedBy: host.id,
      },
    ]);
    expect((await deps.events.checkinsOf('c1', paul.id))[0]).not.toHaveProperty('recordedBy');
  });

  it('lets an organiser record agents, with the workshop’s own points', async () => {
    // given
    const { deps, lea } = await aWorkshopWithTwoTeams();
    await givenWorkshop(deps, { ...WORKSHOP, id: 'visite', code: 'V2S2TE', points: 8 });

    // when
    const record = await recordAttendance(deps, {
      callerId: ORGANISER,
      workshopId: 'visite',
      agentIds: [lea.id],
    });

    // then
    expect(record.recorded).toEqual([{ agentId: lea.id, name: 'Léa Martin', points: 8 }]);
    expect(await deps.events.tally('c1', lea.id)).toMatchObject({ points: 8, events: 1 });
  });

  it('lets an agent the store makes organiser record agents', async () => {
    // given
    const { deps, lea } = await aWorkshopWithTwoTeams();
    const promoted = await givenAgent(deps, { organiser: true });

    // when
    const record = await recordAttendance(deps, {
      callerId: promoted.id,
      workshopId: 'fresque',
      agentIds: [lea.id],
    });

    // then
    expect(record.recorded).toHaveLength(1);
  });

  it.each([
    ['an agent of another direction', (g: { other: Agent }) => g.other.id],
    ['an agent the store does not know', () => 'stranger'],
  ])('refuses %s, and writes nothing', async (_case, callerOf) => {
    // given
    const given = await aWorkshopWithTwoTeams();
    const { deps, marie, sobres } = given;

    // when
    const recording = recordAttendance(deps, {
      callerId: callerOf(given),
      workshopId: 'fresque',
      agentIds: [marie.id],
    });

    // then
    await expect(recording).rejects.toMatchObject({
      code: 'not_host',
      details: { workshop: 'Fresque du numérique' },
    });
    expect(await checkinsAt(deps, 'fresque')).toEqual([]);
    expect(await deps.events.tally('c1', marie.id)).toMatchObject({ points: 0, events: 0 });
    expect((await deps.teams.get('c1', sobres.id))!.tallies[marie.id]?.events ?? 0).toBe(0);
  });

  it('refuses the host of another workshop', async () => {
    // given: the DSI hosts the fresque, not the RH's workshop
    const { deps, host, marie } = await aWorkshopWithTwoTeams();
    await givenWorkshop(deps, {
      ...WORKSHOP,
      id: 'rh',
      code: 'RH2222',
      host: 'Ressources humaines',
    });

    // when / then
    await expect(
      recordAttendance(deps, { callerId: host.id, workshopId: 'rh', agentIds: [marie.id] }),
    ).rejects.toMatchObject({ code: 'not_host' });
    expect(await checkinsAt(deps, 'rh')).toEqual([]);
  });

  it('says which workshop it does not know', async () => {
    // given
    const { deps, marie } = await aWorkshopWithTwoTeams();

    // when / then
    await expect(
      recordAttendance(deps, {
        callerId: ORGANISER,
        workshopId: 'nulle-part',
        agentIds: [marie.id],
      }),
    ).rejects.toMatchObject({ code: 'workshop_unknown', details: { reference: 'nulle-part' } });
  });

  it.each([
    ['no agent', () => []],
    ['51 agents', () => Array.from({ length: 51 }, (_, i) => `agent-x${i}`)],
    ['an empty id', () => ['']],
    ['an id too long to be one', () => ['x'.repeat(201)]],
  ])('refuses %s, says the limit, and writes nothing', async (_case, idsOf) => {
    // given
    const { deps, marie } = await aWorkshopWithTwoTeams();

    // when
    const recording = recordAttendance(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      agentIds: [...idsOf(), ...(idsOf().length > 1 ? [marie.id] : [])],
    });

    // then
    await expect(recording).rejects.toMatchObject({
      code: 'attendance_invalid',
      details: { max: 50 },
    });
    expect(await checkinsAt(deps, 'fresque')).toEqual([]);
  });

  it('takes 50 agents in one call', async () => {
    // given
    const { deps } = await aWorkshopWithTwoTeams();
    const many = await Promise.all(Array.from({ length: 50 }, () => givenAgent(deps)));

    // when
    const record = await recordAttendance(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      agentIds: many.map((a) => a.id),
    });

    // then: in the order asked
    expect(record.recorded.map((r) => r.agentId)).toEqual(many.map((a) => a.id));
    expect(await checkinsAt(deps, 'fresque')).toHaveLength(50);
  });

  it('reports unknown agents and records the others', async () => {
    // given
    const { deps, marie, lea } = await aWorkshopWithTwoTeams();

    // when
    const record = await recordAttendance(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      agentIds: [marie.id, 'fantome', lea.id],
    });

    // then
    expect(record.recorded.map((r) => r.agentId)).toEqual([marie.id, lea.id]);
    expect(record.unknown).toEqual(['fantome']);
    expect(await deps.events.tally('c1', 'fantome')).toMatchObject({ events: 0 });
  });

  describe('the time it may be recorded: from the workshop’s start to the end of its check-in window', () => {
    it.each([
      ['just before the start', '2026-11-24T13:59:59+01:00', 'checkin_not_open', '14:00'],
      ['just after the window', '2026-11-24T16:30:01+01:00', 'checkin_closed', '16:30'],
    ])('refuses %s, says the window, and writes nothing', async (_case, now, code, time) => {
      // given
      const { deps, marie } = await aWorkshopWithTwoTeams(now);

      // when
      const recording = recordAttendance(deps, {
        callerId: ORGANISER,
        workshopId: 'fresque',
        agentIds: [marie.id],
      });

      // then
      await expect(recording).rejects.toMatchObject({
        code,
        details: {
          workshop: 'Fresque du numérique',
          from: '2026-11-24 14:00',
          until: '2026-11-24 16:30',
          date: '2026-11-24',
          time,
        },
      });
      expect(await checkinsAt(deps, 'fresque')).toEqual([]);
    });

    it.each([
      ['at the start', '2026-11-24T14:00:00+01:00'],
      ['at the window’s last second', '2026-11-24T16:30:00+01:00'],
    ])('records %s', async (_case, now) => {
      // given
      const { deps, marie } = await aWorkshopWithTwoTeams(now);

      // when
      const record = await recordAttendance(deps, {
        callerId: ORGANISER,
        workshopId: 'fresque',
        agentIds: [marie.id],
      });

      // then
      expect(record.recorded).toHaveLength(1);
    });

    it('follows the challenge’s own check-in window', async () => {
      // given: check-in counts an hour after the end in this challenge
      const { deps, marie } = await aWorkshopWithTwoTeams('2026-11-24T16:45:00+01:00');
      await givenChallenge(deps, {
        checkinWindow: { beforeStartMinutes: 15, afterEndMinutes: 60 },
      });

      // when
      const record = await recordAttendance(deps, {
        callerId: ORGANISER,
        workshopId: 'fresque',
        agentIds: [marie.id],
      });

      // then
      expect(record.recorded).toHaveLength(1);
    });
  });

  describe('once per agent and workshop', () => {
    it('counts an agent asked twice in one call once', async () => {
      // given
      const { deps, marie, sobres } = await aWorkshopWithTwoTeams();

      // when
      const record = await recordAttendance(deps, {
        callerId: ORGANISER,
        workshopId: 'fresque',
        agentIds: [marie.id, marie.id],
      });

      // then
      expect(record).toEqual({
        recorded: [{ agentId: marie.id, name: 'Marie Dupont', points: 5 }],
        already: [],
        unknown: [],
      });
      expect((await deps.teams.get('c1', sobres.id))!.tallies[marie.id]).toMatchObject({
        points: 5,
        events: 1,
      });
    });

    it('changes nothing when the same call comes again, nor for an agent who checked in by code', async () => {
      // given
      const { deps, clock, host, marie, paul } = await aWorkshopWithTwoTeams();
      await checkIn(deps, { agentId: paul.id, code: 'FRESQ2' });
      await recordAttendance(deps, {
        callerId: host.id,
        workshopId: 'fresque',
        agentIds: [marie.id],
      });

      // when, ten minutes later, by an organiser
      clock.advance(10 * 60_000);
      const again = await recordAttendance(deps, {
        callerId: ORGANISER,
        workshopId: 'fresque',
        agentIds: [marie.id, paul.id],
      });

      // then: the first record stands, with its recorder and its time
      expect(again).toEqual({ recorded: [], already: [marie.id, paul.id], unknown: [] });
      expect(await deps.events.tally('c1', marie.id)).toMatchObject({ points: 5, events: 1 });
      expect(await deps.events.tally('c1', paul.id)).toMatchObject({ points: 5, events: 1 });
      expect((await deps.events.checkinsOf('c1', marie.id))[0]).toMatchObject({
        recordedBy: host.id,
        at: new Date(DURING).toISOString(),
      });
    });

    it('counts each agent once when 100 identical calls come at once', async () => {
      // given
      const { deps, marie, lea, paul, sobres, econes } = await aWorkshopWithTwoTeams();
      const agentIds = [marie.id, lea.id, paul.id];

      // when
      const records = await Promise.all(
        Array.from({ length: 100 }, () =>
          recordAttendance(deps, { callerId: ORGANISER, workshopId: 'fresque', agentIds }),
        ),
      );

      // then: each agent recorded by exactly one call, once on their tally and their team's
      for (const agentId of agentIds) {
        expect(records.filter((r) => r.recorded.some((x) => x.agentId === agentId))).toHaveLength(
          1,
        );
        expect(records.filter((r) => r.already.includes(agentId))).toHaveLength(99);
        expect(await deps.events.tally('c1', agentId)).toMatchObject({ points: 5, events: 1 });
      }
      expect(await checkinsAt(deps, 'fresque')).toHaveLength(3);
      const tallies = {
        ...(await deps.teams.get('c1', sobres.id))!.tallies,
        ...(await deps.teams.get('c1', econes.id))!.tallies,
      };
      for (const agentId of agentIds) {
        expect(tallies[agentId]).toMatchObject({ points: 5, events: 1 });
      }
    });
  });

  it('shows in the attendance list who recorded a check-in by hand', async () => {
    // given
    const { deps, host, marie, paul } = await aWorkshopWithTwoTeams();
    await checkIn(deps, { agentId: paul.id, code: 'FRESQ2' });
    await recordAttendance(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      agentIds: [marie.id],
    });

    // when
    const { rows } = await attendanceList(deps, { callerId: ORGANISER, workshopId: 'fresque' });

    // then
    expect(rows.map((row) => [row.name, row.recordedBy])).toEqual([
      ['Marie Dupont', 'Hôte DSI'],
      ['Paul Émile', null],
    ]);
  });
});

describe('choosing agents to record', () => {
  it('finds agents by any part of their name, case and accents aside, with their direction and check-in', async () => {
    // given
    const { deps, host, marie, paul } = await aWorkshopWithTwoTeams();
    await checkIn(deps, { agentId: paul.id, code: 'FRESQ2' });

    // when
    const found = await attendanceCandidates(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      search: '  EMILE ',
    });
    const both = await attendanceCandidates(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      search: 'dupont marie',
    });

    // then
    expect(found).toEqual([
      { id: paul.id, name: 'Paul Émile', direction: null, signedUp: false, checkedIn: true },
    ]);
    expect(both.map((a) => a.id)).toEqual([marie.id]);
    const hosts = await attendanceCandidates(deps, {
      callerId: host.id,
      workshopId: 'fresque',
      search: 'hote',
    });
    expect(hosts).toEqual([
      {
        id: host.id,
        name: 'Hôte DSI',
        direction: "direction des systemes d'information",
        signedUp: false,
        checkedIn: false,
      },
    ]);
  });

  it('gives at most 20 agents', async () => {
    // given
    const { deps } = await aWorkshopWithTwoTeams();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => givenAgent(deps, { name: `Bénévole ${i}` })),
    );

    // when
    const found = await attendanceCandidates(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      search: 'benevole',
    });

    // then
    expect(found).toHaveLength(20);
  });

  it('sorts agents by name as a French reader does', async () => {
    // given
    const { deps } = await aWorkshopWithTwoTeams();
    for (const name of ['Zoé Agent', 'Élodie Agent', 'eric Agent'])
      await givenAgent(deps, { name });

    // when
    const found = await attendanceCandidates(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      search: 'agent',
    });

    // then
    expect(found.map((a) => a.name)).toEqual([
      'Agent RH',
      'Élodie Agent',
      'eric Agent',
      'Zoé Agent',
    ]);
  });

  it('lists the signed-up agents first when nothing is searched', async () => {
    // given
    const { deps, ines, lea } = await aWorkshopWithTwoTeams();
    for (const agent of [ines, lea]) {
      await deps.signups.signUp(
        'c1',
        'fresque',
        { agentId: agent.id, name: agent.name, at: '2026-11-20T09:00:00.000Z' },
        () => undefined,
      );
    }

    // when
    const found = await attendanceCandidates(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      search: '',
    });

    // then
    expect(found.map((a) => [a.name, a.signedUp])).toEqual([
      ['Inès Leroy', true],
      ['Léa Martin', true],
      ['Agent RH', false],
      ['Hôte DSI', false],
      ['Marie Dupont', false],
      ['Paul Émile', false],
    ]);
  });

  it('finds nobody for a search no name holds, and cuts an oversize search', async () => {
    // given
    const { deps } = await aWorkshopWithTwoTeams();

    // when
    const none = await attendanceCandidates(deps, {
      callerId: ORGANISER,
      workshopId: 'fresque',
      search: 'x'.repeat(10_000),
    });

    // then
    expect(none).toEqual([]);
  });

  it('refuses anyone but the host direction and organisers', async () => {
    // given
    const { deps, other } = await aWorkshopWithTwoTeams();

    // when / then
    await expect(
      attendanceCandidates(deps, { callerId: other.id, workshopId: 'fresque', search: '' }),
    ).rejects.toMatchObject({ code: 'not_host' });
  });
});
