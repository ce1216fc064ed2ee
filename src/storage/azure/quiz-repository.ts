import type { QuizRepository } from '../../domain/ports';
import type { DailyQuiz } from '../../domain/quiz';
import { getEntityOrNull, listPartition, type TableSet } from './tables';
import { TtlCache } from './ttl-cache';

/** Quizzes table: PK = challenge id, RK = quiz id ('j1'…); questions as JSON (a day's quiz is a few KB). */
interface QuizRow {
  day: number;
  sendAt: string;
  /** An organiser's earlier close (HH:MM); empty: open until the end of the challenge. */
  closeAt?: string;
  questions: string;
}

function toQuiz(challengeId: string, id: string, row: QuizRow): DailyQuiz {
  return {
    id,
    challengeId,
    day: row.day,
    sendAt: row.sendAt,
    ...(row.closeAt ? { closeAt: row.closeAt } : {}),
    questions: JSON.parse(row.questions),
  };
}

export class TableQuizRepository implements QuizRepository {
  private readonly cache = new TtlCache<DailyQuiz | null>(30_000, 100);

  constructor(private readonly tables: TableSet) {}

  async save(quiz: DailyQuiz): Promise<void> {
    await this.tables.Quizzes.upsertEntity(
      {
        partitionKey: quiz.challengeId,
        rowKey: quiz.id,
        day: quiz.day,
        sendAt: quiz.sendAt,
        closeAt: quiz.closeAt ?? '',
        questions: JSON.stringify(quiz.questions),
      },
      'Replace',
    );
    this.cache.set(`${quiz.challengeId}/${quiz.id}`, quiz);
  }

  async get(challengeId: string, quizId: string): Promise<DailyQuiz | null> {
    return this.cache.get(`${challengeId}/${quizId}`, async () => {
      const row = await getEntityOrNull<QuizRow>(this.tables.Quizzes, challengeId, quizId);
      return row ? toQuiz(challengeId, quizId, row) : null;
    });
  }

  async list(challengeId: string): Promise<DailyQuiz[]> {
    const rows = await listPartition<QuizRow>(this.tables.Quizzes, challengeId);
    return rows.map((row) => toQuiz(challengeId, row.rowKey!, row)).sort((a, b) => a.day - b.day);
  }
}
