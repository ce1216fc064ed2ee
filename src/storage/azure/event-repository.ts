import type { TableEntityResult } from '@azure/data-tables';
import type { EventRepository, RecordedAnswer, RecordedCheckin } from '../../domain/ports';
import type { MemberTally } from '../../domain/scoring';
import { eventsPartitionOf, LEDGER, teamMemberKey } from './ledger-keys';
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
import { submitBatch } from './table-wire';

/**
 * Events table, one partition per agent and challenge (PK = '<challenge>|<agent>'), so that an event and the
 * agent's ledger change together in one transaction — nothing counted twice, nothing lost between the two:
 *   RK 'answer:<question>'   the first answer (written once: 409 = already answered)
 *   RK 'checkin:<workshop>'  the first check-in (written once)
 *   RK 'tally'               the agent's ledger: points, events, lastAt, a copy of their answers (JSON) and their
 *                            team id                                                    — ETag-updated
 * The ledger is what makes an answer cost three store calls: one point read tells whether the question is already
 * answered, what the agent answered before (the card shows it) and which team to credit; the transaction writes
 * the answer and the grown ledger; the team copy is the third. The answer rows stay the record (exports, audits,
 * insights read them); the copy in the ledger is a cache of them that the same transaction keeps exact.
 * A ledger written before the copy existed has no `answers` column: the partition's answers are read then, once.
 * `teamId` is written by the team repository when the agent founds, joins or leaves a team ('' = none); a ledger
 * without it (a first event, or an older row) has the agent's membership read from the Teams table.
 * A workshop's attendance is read from its 'checkin:<workshop>' rows across the challenge's partitions (a
 * filtered scan, for organisers): the event stays the one record of a check-in, no index can drift from it.
 */
interface LedgerRow {
  agentId: string;
  /** Absent on a ledger the team repository created before any event. */
  points?: number;
  events?: number;
  lastAt?: string;
  /** JSON of the agent's answers; absent on a ledger older than this copy (then it is unknown). */
  answers?: string;
  /** The agent's team id, '' for none; absent when not known yet. */
  teamId?: string;
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

/** A string column holds 64 KB (32 K UTF-16 units): past this, the ledger drops its copy and answers are read. */
const ANSWERS_COPY_MAX = 30_000;
const EMPTY: MemberTally = { points: 0, events: 0, lastAt: null };
const partitionOf = eventsPartitionOf;
/** Every agent partition of a challenge. */
const challengePartitions = (challengeId: string) =>
  `PartitionKey ge '${escapeOData(`${challengeId}|`)}' and PartitionKey lt '${escapeOData(prefixEnd(`${challengeId}|`))}'`;

function toTally(row: LedgerRow | null): MemberTally {
  if (!row || !row.events) return { ...EMPTY };
  return {
    points: row.points ?? 0,
    events: row.events,
    lastAt: row.lastAt ? Date.parse(row.lastAt) : null,
  };
}

/** The ledger's copy of the agent's answers, or undefined when it holds none that can be trusted. */
function copiedAnswers(row: LedgerRow | null): RecordedAnswer[] | undefined {
  if (!row || !row.events) return [];
  // '' marks a copy given up (too long): the rows are read instead.
  return row.answers ? (JSON.parse(row.answers) as RecordedAnswer[]) : undefined;
}

/** The ledger's team: an id, null for none, undefined when the ledger does not say. */
function ledgerTeam(row: LedgerRow | null): string | null | undefined {
  if (row?.teamId === undefined) return undefined;
  return row.teamId || null;
}

function ledgerColumns(tally: MemberTally): Pick<LedgerRow, 'points' | 'events' | 'lastAt'> {
  return {
    points: tally.points,
    events: tally.events,
    lastAt: new Date(tally.lastAt!).toISOString(),
  };
}

function grown(before: MemberTally, points: number, at: string): MemberTally {
  const atMs = Date.parse(at);
  return {
    points: before.points + points,
    events: before.events + 1,
    lastAt: before.lastAt === null ? atMs : Math.max(before.lastAt, atMs),
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

  /** The agent's team from the Teams table, for a ledger that does not say it yet. */
  private async memberTeam(challengeId: string, agentId: string): Promise<string | null> {
    const pointer = await getEntityOrNull<{ teamId: string }>(
      this.tables.Teams,
      challengeId,
      teamMemberKey(agentId),
    );
    return pointer?.teamId ?? null;
  }

  /**
   * The write of an event with its grown ledger, in one transaction. `ledger` is the row read (with its ETag) or
   * null; 409 (the event, or a first ledger, created meanwhile) is a lost race a fresh read settles, 412 (the
   * ledger changed: another event, a team change) is retried by withOptimisticRetry itself.
   */
  private async writeWithLedger(
    pk: string,
    event: { rowKey: string } & object,
    ledger: TableEntityResult<LedgerRow> | null,
    columns: Partial<LedgerRow>,
  ): Promise<void> {
    const { rowKey, ...eventColumns } = event;
    try {
      await submitBatch(this.client, [
        ['create', { partitionKey: pk, rowKey, ...eventColumns }],
        ledger
          ? [
              'update',
              { partitionKey: pk, rowKey: LEDGER, ...columns },
              'Merge',
              { etag: ledger.etag },
            ]
          : ['create', { partitionKey: pk, rowKey: LEDGER, ...columns }],
      ]);
    } catch (error) {
      throw isConflict(error) ? new LostRace(error) : error;
    }
  }

  async recordAnswer(challengeId: string, agentId: string, answer: RecordedAnswer) {
    const pk = partitionOf(challengeId, agentId);
    const rowKey = `answer:${safeKey(answer.questionId)}`;
    let lostRaces = 0;
    return withOptimisticRetry(async () => {
      const ledger = await getEntityOrNull<LedgerRow>(this.client, pk, LEDGER);
      // After a lost race the copy may miss the answer met in the store (an older ledger): read the rows then.
      const copy = lostRaces > 0 ? undefined : copiedAnswers(ledger);
      const known = ledgerTeam(ledger);
      const [answers, teamId] = await Promise.all([
        copy ??
          listPartition<AnswerRow>(this.client, pk, 'answer:').then((rows) => rows.map(toAnswer)),
        known === undefined ? this.memberTeam(challengeId, agentId) : known,
      ]);
      const before = toTally(ledger);
      const stored = answers.find((a) => a.questionId === answer.questionId);
      if (stored) return { recorded: false, answer: stored, answers, tally: before, teamId };
      const after = grown(before, answer.points, answer.at);
      // As the row keeps it: who entered it from paper only when someone did.
      const recorded: RecordedAnswer = {
        questionId: answer.questionId,
        quizId: answer.quizId,
        choiceIds: answer.choiceIds,
        correct: answer.correct,
        points: answer.points,
        at: answer.at,
        ...(answer.enteredBy ? { enteredBy: answer.enteredBy } : {}),
      };
      const all = [...answers, recorded];
      const answersCopy = JSON.stringify(all);
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
      try {
        await this.writeWithLedger(pk, { rowKey, ...row }, ledger, {
          agentId,
          ...ledgerColumns(after),
          // Too long a copy is given up (the rows are read next time) rather than refused by the store.
          answers: answersCopy.length <= ANSWERS_COPY_MAX ? answersCopy : '',
          ...(known === undefined ? { teamId: teamId ?? '' } : {}),
        });
      } catch (error) {
        if (error instanceof LostRace) lostRaces += 1;
        throw error;
      }
      return { recorded: true, answer: recorded, answers: all, tally: after, teamId };
    });
  }

  async recordCheckin(challengeId: string, agentId: string, checkin: RecordedCheckin) {
    const pk = partitionOf(challengeId, agentId);
    const rowKey = `checkin:${safeKey(checkin.workshopId)}`;
    return withOptimisticRetry(async () => {
      // Check-ins are few: the event's own row says whether it is there (the ledger copies answers only).
      const [existing, ledger] = await Promise.all([
        getEntityOrNull<CheckinRow>(this.client, pk, rowKey),
        getEntityOrNull<LedgerRow>(this.client, pk, LEDGER),
      ]);
      const known = ledgerTeam(ledger);
      const teamId = known === undefined ? await this.memberTeam(challengeId, agentId) : known;
      const before = toTally(ledger);
      if (existing) return { recorded: false, checkin: toCheckin(existing), tally: before, teamId };
      const after = grown(before, checkin.points, checkin.at);
      const row: CheckinRow = {
        agentId,
        workshopId: checkin.workshopId,
        points: checkin.points,
        at: checkin.at,
        ...(checkin.recordedBy ? { recordedBy: checkin.recordedBy } : {}),
      };
      await this.writeWithLedger(pk, { rowKey, ...row }, ledger, {
        agentId,
        ...ledgerColumns(after),
        // A first ledger starts its copy of the answers: there are none yet.
        ...(ledger ? {} : { answers: '[]' }),
        ...(known === undefined ? { teamId: teamId ?? '' } : {}),
      });
      return { recorded: true, checkin, tally: after, teamId };
    });
  }

  async tally(challengeId: string, agentId: string): Promise<MemberTally> {
    return toTally(
      await getEntityOrNull<LedgerRow>(this.client, partitionOf(challengeId, agentId), LEDGER),
    );
  }

  async answersTo(
    challengeId: string,
    agentId: string,
    questionIds: readonly string[],
  ): Promise<RecordedAnswer[]> {
    const pk = partitionOf(challengeId, agentId);
    const copy = copiedAnswers(await getEntityOrNull<LedgerRow>(this.client, pk, LEDGER));
    if (copy) {
      const byQuestion = new Map(copy.map((answer) => [answer.questionId, answer]));
      return questionIds.flatMap((id) => byQuestion.get(id) ?? []);
    }
    // An older ledger without its copy: the answers' own rows.
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
      .filter((row) => row.rowKey !== LEDGER)
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
      rows.sort((a, b) => Number(a.rowKey === LEDGER) - Number(b.rowKey === LEDGER));
      for (let start = 0; start < rows.length; start += 100) {
        const chunk = rows.slice(start, start + 100);
        try {
          await submitBatch(
            this.client,
            chunk.map((row) => ['delete', { partitionKey: pk, rowKey: row.rowKey! }] as const),
          );
          erased += chunk.filter((row) => row.rowKey !== LEDGER).length;
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
    // The partitions also hold each agent's ledger, which is neither kind of event.
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
