import type { Challenge } from '../domain/challenge';
import { challengeDayAt } from '../domain/challenge';
import type { RecordedAnswer } from '../domain/ports';
import { quizIdForDay, quizState, type DailyQuiz, type QuizState } from '../domain/quiz';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** One agent's view of a quiz: its state now and the answers they gave. */
export interface QuizProgress {
  challenge: Challenge;
  quiz: DailyQuiz;
  state: QuizState;
  answers: Map<string, RecordedAnswer>;
}

/** The agent's answers to a quiz and whether it is open. */
export async function quizProgress(
  deps: Pick<UseCaseDeps, 'events' | 'clock'>,
  challenge: Challenge,
  quiz: DailyQuiz,
  agentId: string,
): Promise<QuizProgress> {
  const answers = await deps.events.answersTo(
    challenge.id,
    agentId,
    quiz.questions.map((q) => q.id),
  );
  return {
    challenge,
    quiz,
    state: quizState(challenge, quiz, deps.clock.now()),
    answers: new Map(answers.map((a) => [a.questionId, a])),
  };
}

/** Today's quiz of the running challenge and the agent's progress in it, or null when there is none today. */
export async function todaysQuizProgress(
  deps: Pick<UseCaseDeps, 'challenges' | 'quizzes' | 'events' | 'clock'>,
  agentId: string,
): Promise<QuizProgress | null> {
  const challenge = await currentChallenge(deps);
  const day = challengeDayAt(challenge, deps.clock.now());
  if (day === null) return null;
  const quiz = await deps.quizzes.get(challenge.id, quizIdForDay(day));
  return quiz ? quizProgress(deps, challenge, quiz, agentId) : null;
}
