import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventRepository, RecordedAnswer, TeamRepository } from '../../../src/domain/ports';
import { TableEventRepository } from '../../../src/storage/azure/event-repository';
import type { TableSet } from '../../../src/storage/azure/tables';
import { TableTeamRepository } from '../../../src/storage/azure/team-repository';
import { EventJournal } from '../../../src/storage/journal';
import { JournaledEventRepository, replayEvents } from '../../../src/storage/journaled-events';
import { buildTally } from '../../support/builders';
import { freshTables } from '../../support/storage';

/**
 * The embedded store's journal against a real Azurite: an event is journaled before it is written, its team copy
 * is made inside the write, and a replay puts back what a store lost — each event once, tallies and team copies
 * exactly as if nothing had been lost — and changes nothing the second time.
 */
const CHALLENGE = 'c1';
const answer = (questionId: string, points: number, minute: number): RecordedAnswer => ({
  questionId,
  quizId: 'j1',
  choiceIds: points ? ['b'] : ['a'],
  correct: points > 0,
  points,
  at: `2026-11-23T09:${String(minute).padStart(2, '0')}:00.000Z`,
});

async function storeWithTeam(): Promise<{ events: EventRepository; teams: TeamRepository }> {
  const tables: TableSet = await freshTables();
  const events = new TableEventRepository(tables);
  const teams = new TableTeamRepository(tables);
  await teams.create(
    CHALLENGE,
    { id: 't1', name: 'Les Sobres', nameKey: 'les sobres', joinCode: 'SOBRE1', createdAt: '' },
    { agentId: 'a1', name: 'Agent 1' },
    buildTally({ points: 0, events: 0, lastAt: null }),
  );
  await teams.addMember(
    CHALLENGE,
    't1',
    { agentId: 'a2', name: 'Agent 2' },
    buildTally({ points: 0, events: 0, lastAt: null }),
    () => undefined,
  );
  return { events, teams };
}

describe('journaled events and their replay', () => {
  let dir: string;
  let journal: EventJournal;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'defi-journaled-'));
    journal = await EventJournal.open(dir);
  });
  afterEach(async () => {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts back what the store lost, each event once, with the tallies and team copies it had', async () => {
    // given answers and a check-in recorded through the journal
    const live = await storeWithTeam();
    const journaled = new JournaledEventRepository(live.events, live.teams, journal);
    await journaled.recordAnswer(CHALLENGE, 'a1', answer('j1-q1', 10, 1));
    await journaled.recordAnswer(CHALLENGE, 'a1', answer('j1-q2', 0, 2));
    await journaled.recordCheckin(CHALLENGE, 'a1', {
      workshopId: 'w1',
      points: 20,
      at: '2026-11-23T10:00:00.000Z',
    });
    await journaled.recordAnswer(CHALLENGE, 'a2', answer('j1-q1', 10, 3));
    // and a store that kept only the first of them, its tally and team copy (its last save before a kill -9)
    const saved = await storeWithTeam();
    const first = await saved.events.recordAnswer(CHALLENGE, 'a1', answer('j1-q1', 10, 1));
    await saved.teams.applyMemberTally(CHALLENGE, 't1', 'a1', first.tally);

    // when the journal is replayed into it
    const replay = await replayEvents(saved, await journal.read());

    // then the three lost events are back, once, and the tallies and team copies are the live store's
    expect(replay).toEqual({ events: 4, restored: 3, agents: 2 });
    for (const agentId of ['a1', 'a2']) {
      expect(await saved.events.tally(CHALLENGE, agentId)).toEqual(
        await live.events.tally(CHALLENGE, agentId),
      );
      expect(await saved.events.eventsOf(CHALLENGE, agentId)).toEqual(
        await live.events.eventsOf(CHALLENGE, agentId),
      );
    }
    const team = (await saved.teams.get(CHALLENGE, 't1'))!;
    expect(team.tallies).toEqual((await live.teams.get(CHALLENGE, 't1'))!.tallies);
    expect(team.tallies.a1).toMatchObject({ points: 30, events: 3 });

    // and a second replay (a kill during the first) changes nothing
    expect(await replayEvents(saved, await journal.read())).toEqual({
      events: 4,
      restored: 0,
      agents: 2,
    });
    expect((await saved.teams.get(CHALLENGE, 't1'))!.tallies).toEqual(team.tallies);
    expect(await saved.events.tally(CHALLENGE, 'a1')).toMatchObject({ points: 30, events: 3 });
  });

  it('copies the tally onto the team inside the write, before the use case hears of it', async () => {
    // given an agent in a team
    const live = await storeWithTeam();
    const journaled = new JournaledEventRepository(live.events, live.teams, journal);

    // when their answer is recorded through the journal
    const result = await journaled.recordAnswer(CHALLENGE, 'a2', answer('j1-q1', 10, 5));

    // then the team already carries it, and the journal holds the event
    expect(result.recorded).toBe(true);
    expect((await live.teams.get(CHALLENGE, 't1'))!.tallies.a2).toEqual(result.tally);
    expect(await journal.read()).toEqual([
      { kind: 'answer', challengeId: CHALLENGE, agentId: 'a2', answer: answer('j1-q1', 10, 5) },
    ]);
  });

  it('journals an event before its write: one the store never got is recorded by the replay', async () => {
    // given a store that fails as the event is written (it died under the write)
    const live = await storeWithTeam();
    const dying: EventRepository = Object.assign(Object.create(live.events), {
      recordAnswer: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const journaled = new JournaledEventRepository(dying, live.teams, journal);
    await expect(journaled.recordAnswer(CHALLENGE, 'a1', answer('j1-q1', 10, 7))).rejects.toThrow(
      'ECONNREFUSED',
    );

    // when the store is back and the journal replayed
    const replay = await replayEvents(live, await journal.read());

    // then the answer is recorded once (the agent, told of an error, finds it counted)
    expect(replay.restored).toBe(1);
    expect(await live.events.tally(CHALLENGE, 'a1')).toMatchObject({ points: 10, events: 1 });
  });

  it('changes nothing for a second answer to the same question: only the first counts', async () => {
    // given an answer recorded, then a second click with another choice
    const live = await storeWithTeam();
    const journaled = new JournaledEventRepository(live.events, live.teams, journal);
    await journaled.recordAnswer(CHALLENGE, 'a1', answer('j1-q1', 10, 1));
    const again = await journaled.recordAnswer(CHALLENGE, 'a1', answer('j1-q1', 0, 2));

    // when the journal (both lines) is replayed
    const replay = await replayEvents(live, await journal.read());

    // then the first answer stands, counted once
    expect(again.recorded).toBe(false);
    expect(replay.restored).toBe(0);
    expect(await live.events.answersOf(CHALLENGE, 'a1')).toEqual([answer('j1-q1', 10, 1)]);
    expect(await live.events.tally(CHALLENGE, 'a1')).toMatchObject({ points: 10, events: 1 });
  });
});
