import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedAnswer, RecordedCheckin } from '../domain/ports';

/**
 * The embedded store's journal of events. Azurite keeps its data in memory and writes it to disk every few
 * seconds: on its own, a `kill -9` loses what it confirmed in the last seconds. So every answer and check-in is
 * first appended here as one JSON line, synced to disk, then written to the store (src/storage/journaled-events.ts):
 * by the time the agent is told, it is on disk. What the store lost is replayed at the next start; events are
 * written once, so replaying one the store kept changes nothing.
 *
 * The journal is cut in segments (`events-<n>.jsonl`). A checkpoint starts a new segment, waits for the writes that
 * began before it, has the store save, then drops the older segments: all they hold is in that save. Concurrent
 * appends share one write and one sync (group commit), so the cost does not grow with the load.
 */
export type JournaledEvent =
  | { kind: 'answer'; challengeId: string; agentId: string; answer: RecordedAnswer }
  | { kind: 'checkin'; challengeId: string; agentId: string; checkin: RecordedCheckin };

const SEGMENT = /^events-(\d{8})\.jsonl$/;
const segmentName = (n: number) => `events-${String(n).padStart(8, '0')}.jsonl`;

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class EventJournal {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** File operations one after the other: a rotation never cuts a write in two. */
  private tail: Promise<unknown> = Promise.resolve();
  private written = 0;
  /** Writes under way, by the segment that was current when each began. */
  private readonly running = new Map<number, number>();
  private drainWaiters: { upTo: number; resolve: () => void }[] = [];
  private gate: Promise<void> | null = null;

  private constructor(
    readonly dir: string,
    private handle: FileHandle,
    private segment: number,
  ) {}

  /** Opens the journal in `dir` (created if need be) on a new segment; the older ones are left for replay. */
  static async open(dir: string): Promise<EventJournal> {
    await mkdir(dir, { recursive: true });
    const last = (await segmentsIn(dir)).at(-1) ?? 0;
    const segment = last + 1;
    const handle = await open(join(dir, segmentName(segment)), 'a');
    await syncFolder(dir);
    return new EventJournal(dir, handle, segment);
  }

  /** The current segment: the ones before it are complete. */
  get currentSegment(): number {
    return this.segment;
  }

  /** Lines appended to the current segment. */
  get linesInSegment(): number {
    return this.written;
  }

  /** Appends an event; resolves once it is on disk (written and synced). */
  append(event: JournaledEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(event)}\n`, resolve, reject });
      this.flushing ??= this.serially(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    // Whatever queued up meanwhile goes in the same write and the same sync.
    const batch = this.pending.splice(0);
    try {
      await this.handle.write(batch.map((p) => p.line).join(''));
      await this.handle.datasync();
      this.written += batch.length;
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
    // What arrived during this one is the next flush, queued behind a rotation asked for meanwhile: under a
    // steady load a checkpoint still gets its turn.
    this.flushing = this.pending.length > 0 ? this.serially(() => this.flush()) : null;
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Starts a new segment; returns the number of the last complete one (everything up to it may be dropped). */
  rotate(): Promise<number> {
    return this.serially(async () => {
      const next = this.segment + 1;
      const handle = await open(join(this.dir, segmentName(next)), 'a');
      await syncFolder(this.dir);
      const previous = this.handle;
      this.handle = handle;
      this.segment = next;
      this.written = 0;
      await previous.close();
      return next - 1;
    });
  }

  /** Every event of the segments up to `upTo` (all of them by default), oldest first. */
  async read(upTo = Number.MAX_SAFE_INTEGER): Promise<JournaledEvent[]> {
    const events: JournaledEvent[] = [];
    for (const n of await segmentsIn(this.dir)) {
      if (n > upTo) break;
      events.push(...(await readSegment(join(this.dir, segmentName(n)))));
    }
    return events;
  }

  /** Deletes the segments up to `upTo`: the store has saved everything they hold. */
  async drop(upTo: number): Promise<void> {
    for (const n of await segmentsIn(this.dir)) {
      if (n <= upTo && n !== this.segment)
        await rm(join(this.dir, segmentName(n)), { force: true });
    }
  }

  /**
   * Runs one event write (journal, store, team): it waits while writes are held (the store is being restored), and
   * is counted under the current segment, so that a checkpoint can wait for the writes that may have appended to
   * the segments it drops.
   */
  async write<T>(run: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    const began = this.segment;
    this.running.set(began, (this.running.get(began) ?? 0) + 1);
    try {
      return await run();
    } finally {
      const left = this.running.get(began)! - 1;
      if (left === 0) this.running.delete(began);
      else this.running.set(began, left);
      this.drainWaiters = this.drainWaiters.filter((waiter) => {
        if (this.busyUpTo(waiter.upTo)) return true;
        waiter.resolve();
        return false;
      });
    }
  }

  private busyUpTo(upTo: number): boolean {
    for (const began of this.running.keys()) if (began <= upTo) return true;
    return false;
  }

  /** Resolves once every write that began while a segment up to `upTo` was current has ended. */
  drained(upTo = Number.MAX_SAFE_INTEGER): Promise<void> {
    if (!this.busyUpTo(upTo)) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ upTo, resolve }));
  }

  /** Holds every new event write until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = null;
      release();
    };
  }

  /** Waits for appends under way, then closes the file; with `drop`, deletes every segment (the store saved). */
  async close(options: { drop?: boolean } = {}): Promise<void> {
    await this.serially(async () => {
      await this.handle.close();
      if (options.drop) {
        for (const n of await segmentsIn(this.dir))
          await rm(join(this.dir, segmentName(n)), { force: true });
      }
    });
  }
}

async function segmentsIn(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The events of one segment. A line cut short (the machine stopped inside a write, before its sync) was never
 * acknowledged: it is skipped.
 */
async function readSegment(path: string): Promise<JournaledEvent[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const events: JournaledEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as JournaledEvent);
    } catch {
      // a torn last line: see above
    }
  }
  return events;
}

/** A new file's name is durable once its folder is synced. */
async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
