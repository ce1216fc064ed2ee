import type { TableEntityResult } from '@azure/data-tables';
import type { EventRepository, RecordedAnswer, RecordedCheckin } from '../../domain/ports';
import type { MemberTally } from '../../domain/scoring';
import {
  escapeOData,
  getEntityOrNull,
  isConflict,
  isNotFound,
  LostRace,
  listPartition,
  prefixEnd,
  safeKey,
  withOptimisticRetry,
  type TableSet,
} from './tables';

/**
 * Events table, one partition per agent and challenge (PK = '<challenge>|<agent>'), so that an event and the
 * agent's tally change together in one transaction — nothing counted twice, nothing lost between the two:
 *   RK 'answer:<question>'   the first answer (written once: 409 = already answered)
 *   RK 'checkin:<workshop>'  the first check-in (written once)
 *   RK 'tally'               points, events, lastAt                                  — ETag-updated
 * A workshop's attendance is read from its 'checkin:<workshop>' rows across the challenge's partitions (a
 * filtered scan, for organisers): the event stays the one record of a check-in, no index can drift from it.
 */
interface TallyRow {
  agentId: string;
  points: number;
  events: number;
  lastAt: string;
}
interface AnswerRow {
  agentId: string;
  questionId: string;
  quizId: string;
  choiceIds: string;
  correct: boolean;
  points: number;
  at: string;
  /** The organiser who entered it from a paper sheet; no column when the agent answered in Teams. */
  enteredBy?: string;
}
interface CheckinRow {
  agentId: string;
  workshopId: string;
  points: number;
  at: string;
  /** The host or organiser who recorded it by hand; no column when the agent checked in themselves. */
  recordedBy?: string;
}

const TALLY = 'tally';
const EMPTY: MemberTally = { points: 0, events: 0, lastAt: null };
const partitionOf = (challengeId: string, agentId: string) => `${challengeId}|${safeKey(agentId)}`;
/** Every agent partition of a challenge. */
const challengePartitions = (challengeId: string) =>
  `PartitionKey ge '${escapeOData(`${challengeId}|`)}' and PartitionKey lt '${escapeOData(prefixEnd(`${challengeId}|`))}'`;

function toTally(row: TallyRow | null): MemberTally {
  if (!row) return { ...EMPTY };
  return {
    points: row.points,
    events: row.events,
    lastAt: row.lastAt ? Date.parse(row.lastAt) : null,
  };
}

function toCheckin(row: CheckinRow): RecordedCheckin {
  const checkin = { workshopId: row.workshopId, points: row.points, at: row.at };
  return row.recordedBy ? { ...checkin, recordedBy: row.recordedBy } : checkin;
}

function toAnswer(row: AnswerRow): RecordedAnswer {
  const answer = {
    questionId: row.questionId,
    quizId: row.quizId,
    choiceIds: JSON.parse(row.choiceIds),
    correct: row.correct,
    points: row.points,
    at: row.at,
  };
  return row.enteredBy ? { ...answer, enteredBy: row.enteredBy } : answer;
}

export class TableEventRepository implements EventRepository {
  constructor(private readonly tables: TableSet) {}

  private get client() {
    return this.tables.Events;
  }

  /**
   * Writes the event row and the grown tally in one transaction; 409 means the event was already there.
   * Both are point reads, in parallel (a point read stays O(1) where a query may not: Azurite scans a table).
   */
  private async recordOnce<Row extends object>(
    challengeId: string,
    agentId: string,
    rowKey: string,
    row: Row,
    points: number,
    at: string,
  ): Promise<{ recorded: boolean; tally: MemberTally; existing?: TableEntityResult<Row> }> {
    const pk = partitionOf(challengeId, agentId);
    return withOptimisticRetry(async () => {
      const [existing, tallyRow] = await Promise.all([
        getEntityOrNull<Row>(this.client, pk, rowKey),
        getEntityOrNull<TallyRow>(this.client, pk, TALLY),
      ]);
      if (existing) return { recorded: false, tally: toTally(tallyRow), existing };
      const before = toTally(tallyRow);
      const atMs = Date.parse(at);
      const after: MemberTally = {
        points: before.points + points,
        events: before.events + 1,
        lastAt: before.lastAt === null ? atMs : Math.max(before.lastAt, atMs),
      };
      const tallyEntity = {
        partitionKey: pk,
        rowKey: TALLY,
        agentId,
        points: after.points,
        events: after.events,
        lastAt: new Date(after.lastAt!).toISOString(),
      };
      try {
        await this.client.submitTransaction([
          ['create', { partitionKey: pk, rowKey, ...row }],
          tallyRow
            ? ['update', tallyEntity, 'Replace', { etag: tallyRow.etag }]
            : ['create', tallyEntity],
        ]);
        return { recorded: true, tally: after };
      } catch (error) {
        // The same event or a first tally created meanwhile (409): read again and decide, the event may now be
        // there. A tally grown by another event (412) is retried by withOptimisticRetry itself.
        throw isConflict(error) ? new LostRace(error) : error;
      }
    });
  }

  async recordAnswer(challengeId: string, agentId: string, answer: RecordedAnswer) {
    const row: AnswerRow = {
      agentId,
      questionId: answer.questionId,
      quizId: answer.quizId,
      choiceIds: JSON.stringify(answer.choiceIds),
      correct: answer.correct,
      points: answer.points,
      at: answer.at,
      ...(answer.enteredBy ? { enteredBy: answer.enteredBy } : {}),
    };
    const result = await this.recordOnce(
      challengeId,
      agentId,
      `answer:${safeKey(answer.questionId)}`,
      row,
      answer.points,
      answer.at,
    );
    return {
      recorded: result.recorded,
      answer: result.existing ? toAnswer(result.existing) : answer,
      tally: result.tally,
    };
  }

  async recordCheckin(challengeId: string, agentId: string, checkin: RecordedCheckin) {
    const row: CheckinRow = {
      agentId,
      workshopId: checkin.workshopId,
      points: checkin.points,
      at: checkin.at,
      ...(checkin.recordedBy ? { recordedBy: checkin.recordedBy } : {}),
    };
    const result = await this.recordOnce(
      challengeId,
      agentId,
      `checkin:${safeKey(checkin.workshopId)}`,
      row,
      checkin.points,
      checkin.at,
    );
    return {
      recorded: result.recorded,
      checkin: result.existing ? toCheckin(result.existing) : checkin,
      tally: result.tally,
    };
  }

  async tally(challengeId: string, agentId: string): Promise<MemberTally> {
    return toTally(
      await getEntityOrNull<TallyRow>(this.client, partitionOf(challengeId, agentId), TALLY),
    );
  }

  async answersTo(
    challengeId: string,
    agentId: string,
    questionIds: readonly string[],
  ): Promise<RecordedAnswer[]> {
    const pk = partitionOf(challengeId, agentId);
    const rows = await Promise.all(
      questionIds.map((id) => getEntityOrNull<AnswerRow>(this.client, pk, `answer:${safeKey(id)}`)),
    );
    return rows.filter((row): row is TableEntityResult<AnswerRow> => row !== null).map(toAnswer);
  }

  async answersOf(challengeId: string, agentId: string): Promise<RecordedAnswer[]> {
    const rows = await listPartition<AnswerRow>(
      this.client,
      partitionOf(challengeId, agentId),
      'answer:',
    );
    return rows.map(toAnswer);
  }

  async checkinsOf(challengeId: string, agentId: string): Promise<RecordedCheckin[]> {
    const rows = await listPartition<CheckinRow>(
      this.client,
      partitionOf(challengeId, agentId),
      'checkin:',
    );
    return rows.map(toCheckin);
  }

  async *checkins(challengeId: string, workshopId?: string) {
    const rows = workshopId
      ? `RowKey eq '${escapeOData(`checkin:${safeKey(workshopId)}`)}'`
      : `RowKey ge 'checkin:' and RowKey lt '${prefixEnd('checkin:')}'`;
    const filter = `${challengePartitions(challengeId)} and ${rows}`;
    for await (const row of this.client.listEntities<CheckinRow>({ queryOptions: { filter } })) {
      yield { agentId: row.agentId, ...toCheckin(row) };
    }
  }

  async eventsOf(challengeId: string, agentId: string): Promise<{ points: number; at: string }[]> {
    const rows = await listPartition<{ points: number; at: string }>(
      this.client,
      partitionOf(challengeId, agentId),
    );
    return rows
      .filter((row) => row.rowKey !== TALLY)
      .map((row) => ({ points: row.points, at: row.at }));
  }

  async eraseAgent(challengeId: string, agentId: string): Promise<number> {
    const pk = partitionOf(challengeId, agentId);
    let erased = 0;
    // Read again until the partition is empty: an answer recorded meanwhile (or a concurrent erasure) is met by
    // the next round rather than left behind.
    for (let round = 0; round < 5; round++) {
      const rows = await listPartition<object>(this.client, pk);
      if (rows.length === 0) return erased;
      // The tally last: a crash in between leaves events without their tally, never a tally without events.
      rows.sort((a, b) => Number(a.rowKey === TALLY) - Number(b.rowKey === TALLY));
      for (let start = 0; start < rows.length; start += 100) {
        const chunk = rows.slice(start, start + 100);
        try {
          await this.client.submitTransaction(
            chunk.map((row) => ['delete', { partitionKey: pk, rowKey: row.rowKey! }] as const),
          );
          erased += chunk.filter((row) => row.rowKey !== TALLY).length;
        } catch (error) {
          // A row of the chunk went meanwhile (404): the next round reads what is left.
          if (!isNotFound(error)) throw error;
        }
      }
    }
    return erased;
  }

  async *all(challengeId: string) {
    const filter = challengePartitions(challengeId);
    // The partitions also hold each agent's tally row, which is neither kind of event.
    for await (const row of this.client.listEntities<AnswerRow | CheckinRow>({
      queryOptions: { filter },
    })) {
      if (row.rowKey?.startsWith('answer:') && 'questionId' in row) {
        yield { kind: 'answer' as const, agentId: row.agentId, ...toAnswer(row) };
      } else if (row.rowKey?.startsWith('checkin:') && 'workshopId' in row) {
        yield { kind: 'checkin' as const, agentId: row.agentId, ...toCheckin(row) };
      }
    }
  }
}
