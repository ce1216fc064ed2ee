import type {
  EventRepository,
  RecordedAnswer,
  RecordedCheckin,
  RecordedEffect,
  TeamRepository,
} from '../domain/ports';
import type { EventJournal, JournaledEvent } from './journal';

/**
 * The events of the embedded store, journaled: an answer or a check-in is on disk in the journal before it is
 * written to the store, so before the use case (and the agent) hears that it is recorded. Reads go straight to
 * the store.
 *
 * A recorded event's tally is also copied onto the agent's team here, inside the journaled write: a checkpoint
 * drops an event's line only once the write is over, team copy included, and saved. The result says so
 * (`teamCopied`), and the use case does not copy it again.
 */
export class JournaledEventRepository implements EventRepository {
  constructor(
    private readonly inner: EventRepository,
    private readonly teams: TeamRepository,
    private readonly journal: EventJournal,
  ) {}

  recordAnswer(challengeId: string, agentId: string, answer: RecordedAnswer) {
    return this.journal.write(async () => {
      await this.journal.append({ kind: 'answer', challengeId, agentId, answer });
      return this.copiedToTeam(
        challengeId,
        agentId,
        await this.inner.recordAnswer(challengeId, agentId, answer),
      );
    });
  }

  recordCheckin(challengeId: string, agentId: string, checkin: RecordedCheckin) {
    return this.journal.write(async () => {
      await this.journal.append({ kind: 'checkin', challengeId, agentId, checkin });
      return this.copiedToTeam(
        challengeId,
        agentId,
        await this.inner.recordCheckin(challengeId, agentId, checkin),
      );
    });
  }

  /** The team copy inside the journaled write, told to the use case so that it does not copy twice. */
  private async copiedToTeam<R extends RecordedEffect & { recorded: boolean }>(
    challengeId: string,
    agentId: string,
    result: R,
  ): Promise<R> {
    if (!result.recorded || !result.teamId) return result;
    await this.teams.applyMemberTally(challengeId, result.teamId, agentId, result.tally);
    return { ...result, teamCopied: true };
  }

  tally(challengeId: string, agentId: string) {
    return this.inner.tally(challengeId, agentId);
  }

  answersOf(challengeId: string, agentId: string) {
    return this.inner.answersOf(challengeId, agentId);
  }

  answersTo(challengeId: string, agentId: string, questionIds: readonly string[]) {
    return this.inner.answersTo(challengeId, agentId, questionIds);
  }

  checkinsOf(challengeId: string, agentId: string) {
    return this.inner.checkinsOf(challengeId, agentId);
  }

  checkins(challengeId: string, workshopId?: string) {
    return this.inner.checkins(challengeId, workshopId);
  }

  eventsOf(challengeId: string, agentId: string) {
    return this.inner.eventsOf(challengeId, agentId);
  }

  all(challengeId: string) {
    return this.inner.all(challengeId);
  }

  eraseAgent(challengeId: string, agentId: string) {
    return this.inner.eraseAgent(challengeId, agentId);
  }
}

/**
 * Writes journaled events back into the store, then copies each agent's tally onto their team. Each event goes
 * through the repository's own write — the event row and the grown tally in one transaction, nothing if the row
 * is there — so an event the store kept is not counted again, and one it lost is counted once. The team copy is
 * redone for every agent of the journal: the store may have kept an event but lost the team row's update that
 * followed it (the newer tally wins, so a copy made twice is harmless). An event journaled by a write that then
 * failed (the store died under it) is recorded too: its agent got an error, or no reply, and finds it counted.
 */
export async function replayEvents(
  repositories: { events: EventRepository; teams: TeamRepository },
  events: readonly JournaledEvent[],
  parallel = 8,
): Promise<{ events: number; restored: number; agents: number }> {
  const { events: store, teams } = repositories;
  // One agent's events one after the other (they share a tally row); agents side by side.
  const byAgent = new Map<string, JournaledEvent[]>();
  for (const event of events) {
    const key = JSON.stringify([event.challengeId, event.agentId]);
    const own = byAgent.get(key);
    if (own) own.push(event);
    else byAgent.set(key, [event]);
  }
  let restored = 0;
  const agents = [...byAgent.values()];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, agents.length) }, async () => {
      while (next < agents.length) {
        const own = agents[next++]!;
        const { challengeId, agentId } = own[0]!;
        for (const event of own) {
          const result =
            event.kind === 'answer'
              ? await store.recordAnswer(challengeId, agentId, event.answer)
              : await store.recordCheckin(challengeId, agentId, event.checkin);
          if (result.recorded) restored += 1;
        }
        const [tally, teamId] = await Promise.all([
          store.tally(challengeId, agentId),
          teams.teamIdOf(challengeId, agentId),
        ]);
        if (teamId) await teams.applyMemberTally(challengeId, teamId, agentId, tally);
      }
    }),
  );
  return { events: events.length, restored, agents: agents.length };
}

/*
 * Which tables are journaled: the embedded store marks the tables it opens, and `azureRepositories(tables)` wraps
 * their events. The composition root keeps building repositories from `storage.tables`, unaware of the journal.
 */
const journals = new WeakMap<object, EventJournal>();

/** Marks `tables` as those of the journaled embedded store. */
export function attachJournal(tables: object, journal: EventJournal): void {
  journals.set(tables, journal);
}

/** The events repository of `tables`, journaled when they are the embedded store's. */
export function journaledIfNeeded(
  events: EventRepository,
  teams: TeamRepository,
  tables: object,
): EventRepository {
  const journal = journals.get(tables);
  return journal ? new JournaledEventRepository(events, teams, journal) : events;
}
