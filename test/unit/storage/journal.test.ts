import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventJournal, type JournaledEvent } from '../../../src/storage/journal';

const answer = (agentId: string, questionId = 'j1-q1'): JournaledEvent => ({
  kind: 'answer',
  challengeId: 'c1',
  agentId,
  answer: {
    questionId,
    quizId: 'j1',
    choiceIds: ['b'],
    correct: true,
    points: 10,
    at: '2026-11-23T09:00:00.000Z',
  },
});

const checkin = (agentId: string): JournaledEvent => ({
  kind: 'checkin',
  challengeId: 'c1',
  agentId,
  checkin: { workshopId: 'w1', points: 20, at: '2026-11-23T10:00:00.000Z' },
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('EventJournal', () => {
  let dir: string;
  let journal: EventJournal;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'defi-journal-'));
    journal = await EventJournal.open(dir);
  });
  afterEach(async () => {
    await journal.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every appended event on disk, in order, once its append resolves', async () => {
    // given 200 events appended at once (they share writes and syncs)
    const events = Array.from({ length: 200 }, (_, i) =>
      i % 10 ? answer(`agent-${i}`) : checkin(`agent-${i}`),
    );

    // when every append has resolved
    await Promise.all(events.map((event) => journal.append(event)));

    // then the segment holds them all, one JSON line each, in the order they were appended
    expect(await journal.read()).toEqual(events);
    expect(journal.linesInSegment).toBe(200);
  });

  it('keeps a previous run’s segments for replay and writes to a new one', async () => {
    // given a run that journaled two events and was killed (its journal never closed)
    await journal.append(answer('a'));
    await journal.append(answer('b'));
    const killed = journal;

    // when the next run opens the journal
    journal = await EventJournal.open(dir);
    await journal.append(answer('c'));

    // then the last run's events are there to replay, before this run's, which go to a segment of its own
    expect(journal.currentSegment).toBe(killed.currentSegment + 1);
    expect((await journal.read(journal.currentSegment - 1)).map((e) => e.agentId)).toEqual([
      'a',
      'b',
    ]);
    expect((await journal.read()).map((e) => e.agentId)).toEqual(['a', 'b', 'c']);
    await killed.close();
  });

  it('drops the segments a checkpoint covers and keeps the one being written', async () => {
    // given events before and after a rotation
    await journal.append(answer('before'));
    const upTo = await journal.rotate();
    await journal.append(answer('after'));

    // when the segments up to the rotation are dropped (the store saved them)
    await journal.drop(upTo);

    // then only the later event is left
    expect((await journal.read()).map((e) => e.agentId)).toEqual(['after']);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('rotates under a steady stream of appends (a checkpoint is never starved)', async () => {
    // given 16 writers appending without a pause, each on its own turn of the event loop (as requests do)
    let stop = false;
    const writers = Array.from({ length: 16 }, async (_, i) => {
      while (!stop) {
        await new Promise((resolve) => setImmediate(resolve));
        await journal.append(answer(`agent-${i}`));
      }
    });
    await tick();

    // when a checkpoint rotates meanwhile
    const rotated = await Promise.race([
      journal.rotate(),
      tick()
        .then(tick)
        .then(() => 'starved'),
    ]);
    stop = true;
    await Promise.all(writers);

    // then it got its turn between two syncs, and later appends went to the new segment
    expect(rotated).toBe(1);
    expect(journal.currentSegment).toBe(2);
    expect((await journal.read(1)).length + journal.linesInSegment).toBe(
      (await journal.read()).length,
    );
  });

  it('skips a line cut short by a crash inside a write', async () => {
    // given a segment whose last line was torn (never synced, so never acknowledged)
    await journal.append(answer('whole'));
    const segment = readdirSync(dir)[0]!;
    appendFileSync(join(dir, segment), '{"kind":"answer","challengeId":"c1","agentId":"to');

    // when the journal is read for replay
    const events = await journal.read();

    // then the whole line is there and the torn one is not
    expect(events.map((e) => e.agentId)).toEqual(['whole']);
  });

  it('lets a checkpoint wait for the writes that began before its rotation, not the later ones', async () => {
    // given a write under way, begun in the current segment
    let finishEarly!: () => void;
    const early = journal.write(() => new Promise<void>((resolve) => (finishEarly = resolve)));
    await tick();

    // when a checkpoint rotates and a new write begins after it
    const upTo = await journal.rotate();
    let finishLate!: () => void;
    const late = journal.write(() => new Promise<void>((resolve) => (finishLate = resolve)));
    await tick();
    let drained = false;
    const waiting = journal.drained(upTo).then(() => (drained = true));
    await tick();

    // then the checkpoint waits for the early write only
    expect(drained).toBe(false);
    finishEarly();
    await early;
    await waiting;
    expect(drained).toBe(true);
    finishLate();
    await late;
  });

  it('holds new writes while the store is restored, and lets them go after', async () => {
    // given writes held
    const release = journal.hold();
    let ran = false;
    const write = journal.write(async () => {
      ran = true;
    });
    await tick();
    expect(ran).toBe(false);

    // when they are released
    release();
    await write;

    // then the held write runs
    expect(ran).toBe(true);
  });

  it('deletes every segment on a close after the store saved, and none otherwise', async () => {
    // given two segments with events
    await journal.append(answer('a'));
    await journal.rotate();
    await journal.append(answer('b'));

    // when the journal closes without the store having saved
    await journal.close();

    // then both are kept for the next start
    expect(readdirSync(dir)).toHaveLength(2);
    expect(readFileSync(join(dir, readdirSync(dir)[1]!), 'utf8')).toContain('"agentId":"b"');

    // and when a later run closes after a save, nothing is left
    journal = await EventJournal.open(dir);
    await journal.close({ drop: true });
    expect(readdirSync(dir)).toEqual([]);
  });
});
