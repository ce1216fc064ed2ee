import type { EventRepository, RecordedAnswer, RecordedCheckin } from '../../domain/ports';
import type { MemberTally } from '../../domain/scoring';
import { byKey, copy } from './copy';

/** One agent's events in one challenge: the twin of their Events partition. */
interface AgentEvents {
  agentId: string;
  answers: Map<string, RecordedAnswer>;
  checkins: Map<string, RecordedCheckin>;
  tally: MemberTally;
}

type Event =
  | ({ kind: 'answer'; agentId: string } & RecordedAnswer)
  | ({ kind: 'checkin'; agentId: string } & RecordedCheckin);

/**
 * In-memory twin of TableEventRepository. An event is written once (a second record changes nothing and gives the
 * stored event back) and grows the agent's tally in the same step, as the table's transaction does.
 */
export class MemoryEventRepository implements EventRepository {
  /** By challenge, then by agent. */
  private readonly challenges = new Map<string, Map<string, AgentEvents>>();

  /** `teamOf` answers as the table's ledger does: the agent's team (memoryDeps gives the team twin's). */
  constructor(
    private readonly teamOf: (challengeId: string, agentId: string) => string | null = () => null,
  ) {}

  private eventsOfAgent(challengeId: string, agentId: string): AgentEvents | undefined {
    return this.challenges.get(challengeId)?.get(agentId);
  }

  private openEvents(challengeId: string, agentId: string): AgentEvents {
    let agents = this.challenges.get(challengeId);
    if (!agents) {
      agents = new Map();
      this.challenges.set(challengeId, agents);
    }
    let events = agents.get(agentId);
    if (!events) {
      events = {
        agentId,
        answers: new Map(),
        checkins: new Map(),
        tally: { points: 0, events: 0, lastAt: null },
      };
      agents.set(agentId, events);
    }
    return events;
  }

  /** The agents of a challenge in the order a scan of their partitions meets them. */
  private agentsOf(challengeId: string): AgentEvents[] {
    return sortedValues(this.challenges.get(challengeId));
  }

  private grow(events: AgentEvents, points: number, at: string): void {
    const atMs = Date.parse(at);
    const before = events.tally;
    events.tally = {
      points: before.points + points,
      events: before.events + 1,
      lastAt: before.lastAt === null ? atMs : Math.max(before.lastAt, atMs),
    };
  }

  async recordAnswer(challengeId: string, agentId: string, answer: RecordedAnswer) {
    const events = this.openEvents(challengeId, agentId);
    const teamId = this.teamOf(challengeId, agentId);
    const stored = events.answers.get(answer.questionId);
    if (stored) {
      return {
        recorded: false,
        answer: copy(stored),
        answers: sortedValues(events.answers).map(copy),
        tally: { ...events.tally },
        teamId,
      };
    }
    // As the table row: who entered it from paper only when someone did.
    const { enteredBy, ...fields } = answer;
    events.answers.set(answer.questionId, copy(enteredBy ? { ...fields, enteredBy } : fields));
    this.grow(events, answer.points, answer.at);
    return {
      recorded: true,
      answer: copy(answer),
      answers: sortedValues(events.answers).map(copy),
      tally: { ...events.tally },
      teamId,
    };
  }

  async recordCheckin(challengeId: string, agentId: string, checkin: RecordedCheckin) {
    const events = this.openEvents(challengeId, agentId);
    const teamId = this.teamOf(challengeId, agentId);
    const stored = events.checkins.get(checkin.workshopId);
    if (stored) {
      return { recorded: false, checkin: copy(stored), tally: { ...events.tally }, teamId };
    }
    // As the table row: the recorder only when there is one (an empty or undefined one is no column).
    const { recordedBy, ...fields } = checkin;
    events.checkins.set(checkin.workshopId, recordedBy ? { ...fields, recordedBy } : fields);
    this.grow(events, checkin.points, checkin.at);
    return { recorded: true, checkin: copy(checkin), tally: { ...events.tally }, teamId };
  }

  async tally(challengeId: string, agentId: string): Promise<MemberTally> {
    const events = this.eventsOfAgent(challengeId, agentId);
    return events ? { ...events.tally } : { points: 0, events: 0, lastAt: null };
  }

  async answersOf(challengeId: string, agentId: string): Promise<RecordedAnswer[]> {
    return sortedValues(this.eventsOfAgent(challengeId, agentId)?.answers).map(copy);
  }

  async answersTo(
    challengeId: string,
    agentId: string,
    questionIds: readonly string[],
  ): Promise<RecordedAnswer[]> {
    const answers = this.eventsOfAgent(challengeId, agentId)?.answers;
    return questionIds.flatMap((id) => {
      const answer = answers?.get(id);
      return answer ? [copy(answer)] : [];
    });
  }

  async checkinsOf(challengeId: string, agentId: string): Promise<RecordedCheckin[]> {
    return sortedValues(this.eventsOfAgent(challengeId, agentId)?.checkins).map(copy);
  }

  async *checkins(challengeId: string, workshopId?: string) {
    for (const events of this.agentsOf(challengeId)) {
      for (const checkin of sortedValues(events.checkins)) {
        if (workshopId === undefined || checkin.workshopId === workshopId) {
          yield { agentId: events.agentId, ...copy(checkin) };
        }
      }
    }
  }

  async eventsOf(challengeId: string, agentId: string): Promise<{ points: number; at: string }[]> {
    // Answers before check-ins, as their RowKeys ('answer:' < 'checkin:') order them in the partition.
    const events = this.eventsOfAgent(challengeId, agentId);
    return [...sortedValues(events?.answers), ...sortedValues(events?.checkins)].map(
      ({ points, at }) => ({ points, at }),
    );
  }

  async *all(challengeId: string): AsyncIterable<Event> {
    for (const events of this.agentsOf(challengeId)) {
      for (const answer of sortedValues(events.answers))
        yield { kind: 'answer', agentId: events.agentId, ...copy(answer) };
      for (const checkin of sortedValues(events.checkins)) {
        yield { kind: 'checkin', agentId: events.agentId, ...copy(checkin) };
      }
    }
  }

  async eraseAgent(challengeId: string, agentId: string): Promise<number> {
    const events = this.eventsOfAgent(challengeId, agentId);
    if (!events) return 0;
    this.challenges.get(challengeId)?.delete(agentId);
    return events.answers.size + events.checkins.size;
  }
}

/** A partition's rows of one kind, in RowKey order. */
function sortedValues<T>(rows: Map<string, T> | undefined): T[] {
  if (!rows) return [];
  return [...rows.entries()].sort(([a], [b]) => byKey(a, b)).map(([, row]) => row);
}
