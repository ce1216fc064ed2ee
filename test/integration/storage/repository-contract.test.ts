import { DomainError } from '../../../src/domain/errors';
import type {
  AgentRepository,
  CheckinGuardRepository,
  EventRepository,
  RecordedAnswer,
  SignupRepository,
  TeamRepository,
  WorkshopRepository,
} from '../../../src/domain/ports';
import type { Team } from '../../../src/domain/teams';
import { assertCanSignUp, type WorkshopDraft } from '../../../src/domain/workshops';
import { TableAgentRepository } from '../../../src/storage/azure/agent-repository';
import { TableChannelRepository } from '../../../src/storage/azure/channel-repository';
import { TableCheckinGuardRepository } from '../../../src/storage/azure/checkin-guard-repository';
import { TableEventRepository } from '../../../src/storage/azure/event-repository';
import { TableSignupRepository } from '../../../src/storage/azure/signup-repository';
import type { TableSet } from '../../../src/storage/azure/tables';
import { TableTeamRepository } from '../../../src/storage/azure/team-repository';
import { TableWorkshopRepository } from '../../../src/storage/azure/workshop-repository';
import { MemoryChannelRepository } from '../../../src/storage/memory/channel-repository';
import {
  MemoryAgentRepository,
  MemoryCheckinGuardRepository,
  MemoryEventRepository,
  MemorySignupRepository,
  MemoryTeamRepository,
  MemoryWorkshopRepository,
} from '../../../src/storage/memory';
import { buildTally, buildWorkshop } from '../../support/builders';
import { freshTables } from '../../support/storage';

/**
 * The same expectations, run against the Azure Tables repositories (on Azurite) and their in-memory twins: what a
 * unit test learns from a twin holds for the store. Each test works in a challenge of its own.
 */
interface Repositories {
  events: EventRepository;
  teams: TeamRepository;
  signups: SignupRepository;
  agents: AgentRepository;
  workshops: WorkshopRepository;
  checkinGuards: CheckinGuardRepository;
}

let tables: TableSet;
beforeAll(async () => {
  tables = await freshTables();
});

const implementations: [string, () => Repositories][] = [
  [
    'Azure Tables',
    () => ({
      events: new TableEventRepository(tables),
      teams: new TableTeamRepository(tables),
      signups: new TableSignupRepository(tables),
      agents: new TableAgentRepository(tables),
      workshops: new TableWorkshopRepository(tables),
      checkinGuards: new TableCheckinGuardRepository(tables),
    }),
  ],
  [
    'in memory',
    () => ({
      events: new MemoryEventRepository(),
      teams: new MemoryTeamRepository(),
      signups: new MemorySignupRepository(),
      agents: new MemoryAgentRepository(),
      workshops: new MemoryWorkshopRepository(),
      checkinGuards: new MemoryCheckinGuardRepository(),
    }),
  ],
];

let challenges = 0;
const aChallengeOfItsOwn = () => `contract${++challenges}`;

const answer = (questionId: string, overrides: Partial<RecordedAnswer> = {}): RecordedAnswer => ({
  questionId,
  quizId: 'j1',
  choiceIds: ['b'],
  correct: true,
  points: 2,
  at: '2026-11-23T09:30:00.000Z',
  ...overrides,
});
const newTeam = (
  id: string,
  name = `Équipe ${id}`,
  joinCode = `K${id.toUpperCase().padEnd(5, 'X')}`,
) => ({
  id,
  name,
  nameKey: name.toLowerCase(),
  joinCode,
  createdAt: '2026-11-20T10:00:00.000Z',
});
const member = (agentId: string) => ({ agentId, name: `Agent ${agentId}` });
const none = buildTally();
const anyCheck = () => undefined;
const byId = <T extends { agentId: string }>(a: T, b: T) => a.agentId.localeCompare(b.agentId);

describe.each(implementations)('%s', (_name, repositories) => {
  let repos: Repositories;
  let c: string;
  beforeEach(() => {
    repos = repositories();
    c = aChallengeOfItsOwn();
  });

  describe('events: written once, counted on the agent’s tally', () => {
    it('records a first answer and grows the tally by its points', async () => {
      const result = await repos.events.recordAnswer(c, 'a1', answer('q1'));

      expect(result).toEqual({
        recorded: true,
        answer: answer('q1'),
        answers: [answer('q1')],
        tally: { points: 2, events: 1, lastAt: Date.parse('2026-11-23T09:30:00.000Z') },
        teamId: null,
      });
      expect(await repos.events.tally(c, 'a1')).toEqual(result.tally);
    });

    it('gives the stored answer back on a second one, and changes nothing', async () => {
      await repos.events.recordAnswer(
        c,
        'a1',
        answer('q1', { choiceIds: ['a'], correct: false, points: 1 }),
      );

      const again = await repos.events.recordAnswer(c, 'a1', answer('q1'));

      expect(again.recorded).toBe(false);
      expect(again.answer).toMatchObject({ choiceIds: ['a'], correct: false, points: 1 });
      expect(again.tally).toMatchObject({ points: 1, events: 1 });
      expect(await repos.events.answersOf(c, 'a1')).toHaveLength(1);
    });

    it('records exactly one of the same answer clicked several times at once', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4].map(() => repos.events.recordAnswer(c, 'a1', answer('q1'))),
      );

      expect(results.filter((r) => r.recorded)).toHaveLength(1);
      expect(await repos.events.tally(c, 'a1')).toMatchObject({ points: 2, events: 1 });
    });

    it('counts different events of one agent recorded at once, none lost', async () => {
      await Promise.all([
        repos.events.recordAnswer(c, 'a1', answer('q1')),
        repos.events.recordAnswer(c, 'a1', answer('q2', { at: '2026-11-23T10:00:00.000Z' })),
        repos.events.recordCheckin(c, 'a1', {
          workshopId: 'w1',
          points: 5,
          at: '2026-11-23T09:00:00.000Z',
        }),
      ]);

      expect(await repos.events.tally(c, 'a1')).toEqual({
        points: 9,
        events: 3,
        lastAt: Date.parse('2026-11-23T10:00:00.000Z'),
      });
    });

    it('records a check-in once, like an answer', async () => {
      const checkin = { workshopId: 'w1', points: 5, at: '2026-11-24T13:05:00.000Z' };
      await repos.events.recordCheckin(c, 'a1', checkin);

      const again = await repos.events.recordCheckin(c, 'a1', {
        ...checkin,
        at: '2026-11-24T13:30:00.000Z',
      });

      expect(again).toEqual({
        recorded: false,
        checkin,
        tally: { points: 5, events: 1, lastAt: Date.parse(checkin.at) },
        teamId: null,
      });
    });

    it('keeps who recorded a check-in by hand, and nobody for one made by the agent', async () => {
      const byHand = {
        workshopId: 'w1',
        points: 5,
        at: '2026-11-24T13:05:00.000Z',
        recordedBy: 'host-1',
      };
      await repos.events.recordCheckin(c, 'a1', byHand);
      await repos.events.recordCheckin(c, 'a2', { ...byHand, recordedBy: undefined });

      const again = await repos.events.recordCheckin(c, 'a1', { ...byHand, recordedBy: 'host-2' });

      expect(again.checkin).toEqual(byHand);
      expect(await repos.events.checkinsOf(c, 'a1')).toEqual([byHand]);
      const listed = [];
      for await (const checkin of repos.events.checkins(c, 'w1')) listed.push(checkin);
      expect(listed.sort(byId)).toStrictEqual([
        { agentId: 'a1', ...byHand },
        { agentId: 'a2', workshopId: 'w1', points: 5, at: byHand.at },
      ]);
    });

    it('reads the answers asked for, each agent’s own, and every event of the challenge', async () => {
      await repos.events.recordAnswer(c, 'a1', answer('q1'));
      await repos.events.recordAnswer(c, 'a1', answer('q3'));
      await repos.events.recordAnswer(c, 'a2', answer('q1'));
      await repos.events.recordCheckin(c, 'a2', {
        workshopId: 'w1',
        points: 5,
        at: '2026-11-24T13:05:00.000Z',
      });
      await repos.events.recordAnswer('elsewhere', 'a1', answer('q2'));

      expect(
        (await repos.events.answersTo(c, 'a1', ['q3', 'q2', 'q1'])).map((a) => a.questionId),
      ).toEqual(['q3', 'q1']);
      expect((await repos.events.answersOf(c, 'a1')).map((a) => a.questionId).sort()).toEqual([
        'q1',
        'q3',
      ]);
      expect(await repos.events.checkinsOf(c, 'a2')).toEqual([
        { workshopId: 'w1', points: 5, at: '2026-11-24T13:05:00.000Z' },
      ]);
      expect(await repos.events.eventsOf(c, 'a2')).toEqual(
        expect.arrayContaining([
          { points: 2, at: '2026-11-23T09:30:00.000Z' },
          { points: 5, at: '2026-11-24T13:05:00.000Z' },
        ]),
      );
      const all = [];
      for await (const event of repos.events.all(c))
        all.push([event.kind, event.agentId, event.points]);
      expect(all.sort()).toEqual([
        ['answer', 'a1', 2],
        ['answer', 'a1', 2],
        ['answer', 'a2', 2],
        ['checkin', 'a2', 5],
      ]);
      const checkins = [];
      for await (const checkin of repos.events.checkins(c, 'w1')) checkins.push(checkin);
      expect(checkins).toEqual([
        { agentId: 'a2', workshopId: 'w1', points: 5, at: '2026-11-24T13:05:00.000Z' },
      ]);
      expect(await repos.events.tally(c, 'nobody')).toEqual({ points: 0, events: 0, lastAt: null });
    });
  });

  describe('teams: a founder, unique names and codes, one team per agent', () => {
    it('founds a team with its founder, their tally only when they have events', async () => {
      const withPoints = await repos.teams.create(
        c,
        newTeam('t1'),
        member('a1'),
        buildTally({ points: 2, events: 1, lastAt: 5 }),
      );
      const without = await repos.teams.create(c, newTeam('t2'), member('a2'), none);

      expect(withPoints).toEqual({
        id: 't1',
        challengeId: c,
        name: 'Équipe t1',
        joinCode: 'KT1XXX',
        members: [member('a1')],
        tallies: { a1: { points: 2, events: 1, lastAt: 5 } },
        createdAt: '2026-11-20T10:00:00.000Z',
      });
      expect(without.tallies).toEqual({});
      expect(await repos.teams.findByCode(c, 'KT1XXX')).toEqual(withPoints);
      expect(await repos.teams.teamOf(c, 'a2')).toEqual(without);
      expect(await repos.teams.teamIdOf(c, 'a1')).toBe('t1');
    });

    it('refuses a taken name, an agent already in a team, a taken join code', async () => {
      await repos.teams.create(c, newTeam('t1', 'Les Sobres', 'AAAAAA'), member('a1'), none);

      await expect(
        repos.teams.create(c, newTeam('t2', 'Les Sobres', 'BBBBBB'), member('a2'), none),
      ).rejects.toMatchObject({
        code: 'team_name_taken',
      });
      await expect(
        repos.teams.create(c, newTeam('t3', 'Les Autres', 'CCCCCC'), member('a1'), none),
      ).rejects.toMatchObject({
        code: 'already_in_team',
      });
      await expect(
        repos.teams.create(c, newTeam('t4', 'Les Autres', 'AAAAAA'), member('a3'), none),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      expect((await repos.teams.list(c)).map((t) => t.id)).toEqual(['t1']);
      expect(await repos.teams.teamIdOf(c, 'a2')).toBeNull();
    });

    it('adds a member after `check` accepted the fresh team, with their tally', async () => {
      await repos.teams.create(c, newTeam('t1'), member('a1'), none);
      const seen: Team[] = [];

      const team = await repos.teams.addMember(
        c,
        't1',
        member('a2'),
        buildTally({ points: 1, events: 1, lastAt: 1 }),
        (fresh) => {
          seen.push(fresh);
        },
      );

      expect(seen.at(-1)?.members).toEqual([member('a1')]);
      expect(team.members).toEqual([member('a1'), member('a2')]);
      expect(team.tallies).toEqual({ a2: { points: 1, events: 1, lastAt: 1 } });
      expect(await repos.teams.get(c, 't1')).toEqual(team);
    });

    it('adds nobody when `check` refuses, nor an agent in another team, nor to a team that is gone', async () => {
      await repos.teams.create(c, newTeam('t1'), member('a1'), none);
      await repos.teams.create(c, newTeam('t2'), member('a2'), none);
      const full = () => {
        throw new DomainError('team_full', 'team is full');
      };

      await expect(repos.teams.addMember(c, 't1', member('a3'), none, full)).rejects.toMatchObject({
        code: 'team_full',
      });
      await expect(
        repos.teams.addMember(c, 't1', member('a2'), none, anyCheck),
      ).rejects.toMatchObject({
        code: 'already_in_team',
      });
      await expect(
        repos.teams.addMember(c, 'gone', member('a3'), none, anyCheck),
      ).rejects.toMatchObject({
        code: 'team_code_unknown',
      });
      expect((await repos.teams.get(c, 't1'))?.members).toEqual([member('a1')]);
      expect(await repos.teams.teamIdOf(c, 'a3')).toBeNull();
    });

    it('lets in as many agents rushing at once as `check` allows', async () => {
      await repos.teams.create(c, newTeam('t1'), member('a1'), none);
      const atMostThree = (team: Team) => {
        if (team.members.length >= 3) throw new DomainError('team_full', 'team is full');
      };

      const results = await Promise.allSettled(
        ['b1', 'b2', 'b3', 'b4', 'b5'].map((id) =>
          repos.teams.addMember(c, 't1', member(id), none, atMostThree),
        ),
      );

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect((await repos.teams.get(c, 't1'))?.members).toHaveLength(3);
    });

    it('removes a member with their tally; the last one takes the team, its name and code with them', async () => {
      await repos.teams.create(
        c,
        newTeam('t1', 'Les Sobres', 'AAAAAA'),
        member('a1'),
        buildTally({ points: 2, events: 1, lastAt: 1 }),
      );
      await repos.teams.addMember(c, 't1', member('a2'), none, anyCheck);

      const left = await repos.teams.removeMember(c, 'a1');
      expect(left).toMatchObject({ id: 't1', members: [member('a2')], tallies: {} });
      expect(await repos.teams.teamIdOf(c, 'a1')).toBeNull();

      const emptied = await repos.teams.removeMember(c, 'a2');
      expect(emptied).toMatchObject({ id: 't1', members: [] });
      expect(await repos.teams.list(c)).toEqual([]);
      expect(await repos.teams.get(c, 't1')).toBeNull();
      expect(await repos.teams.findByCode(c, 'AAAAAA')).toBeNull();
      await expect(
        repos.teams.create(c, newTeam('t2', 'Les Sobres', 'AAAAAA'), member('a2'), none),
      ).resolves.toMatchObject({
        id: 't2',
      });
      expect(await repos.teams.removeMember(c, 'nobody')).toBeNull();
    });

    it('keeps a member’s latest copy, and counts no copy for a stranger or a team that is gone', async () => {
      // given
      await repos.teams.create(c, newTeam('t1'), member('a1'), none);
      const first = buildTally({ points: 2, events: 1, lastAt: 10 });
      const second = buildTally({ points: 4, events: 2, lastAt: 20 });

      // when
      await repos.teams.applyMemberTally(c, 't1', 'a1', first);
      await repos.teams.applyMemberTally(c, 't1', 'a1', second);
      await repos.teams.applyMemberTally(c, 't1', 'stranger', second);
      await repos.teams.applyMemberTally(c, 'gone', 'a1', second);

      // then
      expect((await repos.teams.get(c, 't1'))?.tallies).toEqual({ a1: second });
      expect(await repos.teams.get(c, 'gone')).toBeNull();
    });

    it('counts, for a member who left and came back, their tally as it is, not a copy left behind', async () => {
      // given a member who leaves while a copy of their tally is still on its way to the team row
      await repos.teams.create(c, newTeam('t1'), member('a1'), none);
      await repos.teams.addMember(c, 't1', member('a2'), none, () => undefined);
      await repos.teams.applyMemberTally(c, 't1', 'a2', buildTally({ points: 9, events: 5 }));
      await repos.teams.removeMember(c, 'a2');
      await repos.teams.applyMemberTally(c, 't1', 'a2', buildTally({ points: 9, events: 5 }));
      expect((await repos.teams.get(c, 't1'))?.tallies.a2).toBeUndefined();

      // when they come back, having earned points while away (tallies only grow)
      const now = buildTally({ points: 11, events: 6, lastAt: 30 });
      await repos.teams.addMember(c, 't1', member('a2'), now, () => undefined);

      // then
      expect((await repos.teams.get(c, 't1'))?.tallies.a2).toEqual(now);
    });
  });

  describe('teams under a race: joins against the last member leaving', () => {
    it('never leaves a joiner in a team that is gone', async () => {
      for (let round = 0; round < 5; round += 1) {
        // given a team whose only member is about to leave, and 20 agents who found it by its code just before
        const id = `race${round}`;
        await repos.teams.create(
          c,
          newTeam(id, `Équipe ${id}`, `R${round}XXXX`),
          member(`${id}-f`),
          none,
        );
        const joiners = Array.from({ length: 20 }, (_, i) => `${id}-j${i}`);

        // when the founder leaves while they all join
        const outcomes = await Promise.allSettled([
          repos.teams.removeMember(c, `${id}-f`),
          ...joiners.map((agentId) =>
            repos.teams.addMember(c, id, member(agentId), none, anyCheck),
          ),
        ]);

        // then each joiner is either refused (the team is gone) or a member of a team that still exists
        for (const outcome of outcomes.slice(1)) {
          if (outcome.status === 'rejected') {
            expect(outcome.reason).toMatchObject({ code: 'team_code_unknown' });
          }
        }
        const team = await repos.teams.get(c, id);
        const members = team?.members.map((m) => m.agentId) ?? [];
        for (const agentId of joiners) {
          const teamId = await repos.teams.teamIdOf(c, agentId);
          expect(teamId === null ? 'refused' : members.includes(agentId)).not.toBe(false);
        }
        expect(outcomes[0]!.status).toBe('fulfilled');
      }
    });
  });

  describe('signups: one seat per agent, never more seats than `check` allows', () => {
    const workshop = { title: 'Visite', startsAt: '2026-11-24T13:00:00.000Z', capacity: 3 };
    const check = (taken: number) =>
      assertCanSignUp(workshop, taken, Date.parse('2026-11-20T10:00:00Z'));
    const signup = (agentId: string) => ({
      agentId,
      name: `Agent ${agentId}`,
      at: '2026-11-20T10:00:00.000Z',
    });

    it('takes seats up to the capacity and refuses the next one', async () => {
      for (const id of ['a1', 'a2', 'a3']) await repos.signups.signUp(c, 'w1', signup(id), check);

      await expect(repos.signups.signUp(c, 'w1', signup('a4'), check)).rejects.toMatchObject({
        code: 'workshop_full',
      });
      expect(await repos.signups.taken(c, 'w1')).toBe(3);
      expect((await repos.signups.list(c, 'w1')).sort(byId)).toEqual([
        signup('a1'),
        signup('a2'),
        signup('a3'),
      ]);
    });

    it('gives the last seats to exactly as many agents as there are seats, however many rush at once', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => repos.signups.signUp(c, 'w1', signup(`a${i}`), check)),
      );

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(await repos.signups.taken(c, 'w1')).toBe(3);
    });

    it('runs `check` on the seats taken before this one', async () => {
      const seen: number[] = [];
      await repos.signups.signUp(c, 'w1', signup('a1'), (taken) => seen.push(taken));
      await repos.signups.signUp(c, 'w1', signup('a2'), (taken) => seen.push(taken));

      expect(seen).toEqual([0, 1]);
    });

    it('refuses a second seat to the same agent, and gives a seat back once', async () => {
      await repos.signups.signUp(c, 'w1', signup('a1'), check);

      await expect(repos.signups.signUp(c, 'w1', signup('a1'), check)).rejects.toMatchObject({
        code: 'already_signed_up',
      });
      expect(await repos.signups.cancel(c, 'w1', 'a1')).toEqual({ taken: 0 });
      await expect(repos.signups.cancel(c, 'w1', 'a1')).rejects.toMatchObject({
        code: 'not_signed_up',
      });
      expect(await repos.signups.isSignedUp(c, 'w1', 'a1')).toBe(false);
      expect(await repos.signups.taken(c, 'w1')).toBe(0);
    });
  });

  describe('agents: created once, refreshed without losing what registration does not carry', () => {
    const registration = (id: string, overrides: { name?: string; tenantId?: string } = {}) => ({
      id,
      tenantId: 'tenant',
      name: 'Awa',
      locale: 'fr' as const,
      conversationReference: '{"v":1}',
      ...overrides,
    });

    it('registers a new agent, then refreshes them, keeping a known name over an empty one', async () => {
      const id = `${c}-a1`;
      const first = await repos.agents.register(registration(id), '2026-11-16T09:00:00.000Z');
      await repos.agents.setOrganiser(id, true);

      const again = await repos.agents.register(
        { ...registration(id, { name: '' }), locale: 'en', conversationReference: '{"v":2}' },
        '2026-11-17T09:00:00.000Z',
      );

      expect(first).toMatchObject({ isNew: true, agent: { reachable: true, organiser: false } });
      expect(again).toEqual({
        isNew: false,
        agent: expect.objectContaining({
          id,
          name: 'Awa',
          locale: 'en',
          conversationReference: '{"v":2}',
          registeredAt: '2026-11-16T09:00:00.000Z',
          organiser: true,
        }),
      });
      expect(await repos.agents.get(id)).toEqual(again.agent);
    });

    it('marks an agent unreachable (an unknown one is ignored) and registering makes them reachable again', async () => {
      const id = `${c}-a1`;
      await repos.agents.register(registration(id), '2026-11-16T09:00:00.000Z');

      await repos.agents.markUnreachable(id);
      await repos.agents.markUnreachable(`${c}-nobody`);
      expect((await repos.agents.get(id))?.reachable).toBe(false);

      await repos.agents.register(registration(id), '2026-11-18T09:00:00.000Z');
      expect((await repos.agents.get(id))?.reachable).toBe(true);
      expect(await repos.agents.get(`${c}-nobody`)).toBeNull();
    });
  });

  describe('workshops: a code per workshop, kept on a new import', () => {
    const draft = (id: string, overrides: Partial<WorkshopDraft> = {}): WorkshopDraft => {
      const {
        challengeId: _challengeId,
        code: _code,
        ...rest
      } = buildWorkshop({ id, ...overrides });
      return rest;
    };

    it('draws another code when one is taken, and keeps a workshop’s code when it is imported again', async () => {
      const codes = ['AAAAAA', 'AAAAAA', 'BBBBBB'];

      const saved = await repos.workshops.save(c, [draft('w1'), draft('w2')], () => codes.shift()!);
      const again = await repos.workshops.save(
        c,
        [draft('w2', { title: 'Renommé' })],
        () => 'CCCCCC',
      );

      expect(saved.map((s) => [s.workshop.id, s.workshop.code, s.created])).toEqual([
        ['w1', 'AAAAAA', true],
        ['w2', 'BBBBBB', true],
      ]);
      expect(again.map((s) => [s.workshop.code, s.created])).toEqual([['BBBBBB', false]]);
      expect(await repos.workshops.findByCode(c, 'BBBBBB')).toMatchObject({
        id: 'w2',
        title: 'Renommé',
      });
      expect(await repos.workshops.findByCode(c, 'CCCCCC')).toBeNull();
      expect((await repos.workshops.list(c)).map((w) => w.id).sort()).toEqual(['w1', 'w2']);
    });

    it('forgets on a new import what it no longer gives, and keeps no empty place', async () => {
      await repos.workshops.save(
        c,
        [draft('w1', { capacity: 10, link: 'https://visio.example.org/x' })],
        () => 'AAAAAA',
      );

      await repos.workshops.save(c, [draft('w1', { place: '' })], () => 'BBBBBB');

      const stored = await repos.workshops.get(c, 'w1');
      expect(stored).not.toHaveProperty('capacity');
      expect(stored).not.toHaveProperty('link');
      expect(stored).not.toHaveProperty('place');
      expect(stored?.code).toBe('AAAAAA');
    });
  });

  describe('check-in guards: every wrong code kept, trimmed by the rule', () => {
    it('keeps every wrong attempt of concurrent tries, and what `keep` keeps', async () => {
      await Promise.all(
        [1, 2, 3, 4].map((at) => repos.checkinGuards.addWrongAttempt(c, 'a1', at, (all) => all)),
      );

      const kept = await repos.checkinGuards.addWrongAttempt(c, 'a1', 5, (all) =>
        all.filter((at) => at > 2),
      );

      expect([...kept].sort()).toEqual([3, 4, 5]);
      expect((await repos.checkinGuards.wrongAttempts(c, 'a1')).sort()).toEqual([3, 4, 5]);
      expect(await repos.checkinGuards.wrongAttempts(c, 'someone-else')).toEqual([]);
    });
  });

  describe('erasure: every row of one agent deleted, nobody else’s, twice harmless', () => {
    it('deletes the agent’s events and tally, their guard and their record', async () => {
      // An id the keys must encode, as an erasure names agents by any id.
      const agent = `${c}/a1#?`;
      await repos.events.recordAnswer(c, agent, answer('q1'));
      await repos.events.recordAnswer(c, agent, answer('q2'));
      await repos.events.recordCheckin(c, agent, {
        workshopId: 'w1',
        points: 5,
        at: '2026-11-24T13:00:00.000Z',
      });
      await repos.events.recordAnswer(c, 'a2', answer('q1'));
      await repos.checkinGuards.addWrongAttempt(c, agent, 1, (all) => all);
      await repos.agents.register(
        { id: agent, tenantId: 't', name: 'Awa', locale: 'fr', conversationReference: '{}' },
        '2026-11-16T09:00:00.000Z',
      );

      expect(await repos.events.eraseAgent(c, agent)).toBe(3);
      expect(await repos.checkinGuards.clear(c, agent)).toBe(true);
      expect(await repos.agents.remove(agent)).toBe(true);

      expect(await repos.events.answersOf(c, agent)).toEqual([]);
      expect(await repos.events.checkinsOf(c, agent)).toEqual([]);
      expect(await repos.events.tally(c, agent)).toEqual(none);
      expect(await repos.checkinGuards.wrongAttempts(c, agent)).toEqual([]);
      expect(await repos.agents.get(agent)).toBeNull();
      const left: string[] = [];
      for await (const event of repos.events.all(c)) left.push(event.agentId);
      expect(left).toEqual(['a2']);
      // A second erasure finds nothing.
      expect(await repos.events.eraseAgent(c, agent)).toBe(0);
      expect(await repos.checkinGuards.clear(c, agent)).toBe(false);
      expect(await repos.agents.remove(agent)).toBe(false);
    });
  });
});

describe.each([
  ['Azure Tables', () => new TableChannelRepository(tables)],
  ['in memory', () => new MemoryChannelRepository()],
] as const)(
  '%s: team channels, kept when the bot is added, forgotten when removed',
  (_name, make) => {
    // The channels are not per challenge: each test names channels of its own and reads only those.
    let n = 0;
    const aChannel = (addedAt: string) => {
      n += 1;
      const id = `19:contract-${n}-${Math.random().toString(36).slice(2)}@thread.tacv2`;
      return {
        id,
        teamId: `19:team-${n}@thread.tacv2`,
        teamName: `Équipe ${n}`,
        conversationReference: JSON.stringify({ conversation: { id } }),
        addedAt,
      };
    };

    it('lists saved channels oldest first, a channel saved again once, and forgets a removed one', async () => {
      const channels = make();
      const later = aChannel('2026-11-20T10:00:00.000Z');
      const earlier = aChannel('2026-11-19T10:00:00.000Z');
      const bare = {
        ...aChannel('2026-11-21T10:00:00.000Z'),
        teamId: undefined,
        teamName: undefined,
      };
      await channels.save(later);
      await channels.save(earlier);
      await channels.save({ ...bare });
      await channels.save({ ...later, teamName: 'Renommée' });

      await channels.remove(bare.id);
      await channels.remove('19:never-saved@thread.tacv2');

      const ours = new Set([later.id, earlier.id, bare.id]);
      const listed = (await channels.list()).filter((c) => ours.has(c.id));
      expect(listed).toStrictEqual([earlier, { ...later, teamName: 'Renommée' }]);
    });

    it('keeps a channel without a team id or name, without empty fields', async () => {
      const channels = make();
      const {
        teamId: _teamId,
        teamName: _teamName,
        ...bare
      } = aChannel('2026-11-22T10:00:00.000Z');
      await channels.save(bare);

      const listed = (await channels.list()).filter((c) => c.id === bare.id);
      expect(listed).toStrictEqual([bare]);
    });
  },
);
