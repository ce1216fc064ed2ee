import type { QuizRepository } from '../../domain/ports';
import type { DailyQuiz } from '../../domain/quiz';
import { copy } from './copy';

/** In-memory twin of TableQuizRepository: a day's quiz per challenge and quiz id, replaced whole on save. */
export class MemoryQuizRepository implements QuizRepository {
  private readonly quizzes = new Map<string, DailyQuiz>();

  async save(quiz: DailyQuiz): Promise<void> {
    this.quizzes.set(`${quiz.challengeId}/${quiz.id}`, copy(quiz));
  }

  async get(challengeId: string, quizId: string): Promise<DailyQuiz | null> {
    const quiz = this.quizzes.get(`${challengeId}/${quizId}`);
    return quiz ? copy(quiz) : null;
  }

  async list(challengeId: string): Promise<DailyQuiz[]> {
    return [...this.quizzes.values()]
      .filter((quiz) => quiz.challengeId === challengeId)
      .sort((a, b) => a.day - b.day)
      .map(copy);
  }
}
