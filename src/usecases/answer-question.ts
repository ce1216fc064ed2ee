import { DomainError } from '../domain/errors';
import type { RecordedAnswer } from '../domain/ports';
import {
  findQuestion,
  isCorrect,
  quizClose,
  quizState,
  validateChoices,
  type Question,
} from '../domain/quiz';
import { answerPoints, type MemberTally } from '../domain/scoring';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';
import type { QuizProgress } from './quiz-progress';

export interface AnswerOutcome {
  question: Question;
  /** The answer that counts: the one just given, or the first one when this was a replay. */
  answer: RecordedAnswer;
  /** The agent's team and their tally as just copied onto it, or null when they are in no team. */
  team: { id: string; memberTally: MemberTally } | null;
  progress: QuizProgress;
}

/**
 * Records an agent's first answer to a question of an open quiz and adds its points to their team.
 * Refuses (and changes nothing for) unknown or other-challenge quizzes, closed quizzes, forged choices, replays.
 * `enteredBy` names the organiser who typed in a paper sheet's answer for the agent: counted all the same.
 */
export async function answerQuestion(
  deps: UseCaseDeps,
  input: {
    agentId: string;
    challengeId?: string;
    quizId: string;
    questionId: string;
    choiceIds: string[];
    enteredBy?: string;
  },
): Promise<AnswerOutcome> {
  const challenge = await currentChallenge(deps);
  if (input.challengeId !== undefined && input.challengeId !== challenge.id) {
    throw new DomainError('quiz_unknown', 'this quiz belongs to another challenge');
  }
  const quiz = await deps.quizzes.get(challenge.id, input.quizId);
  if (!quiz)
    throw new DomainError(
      'quiz_unknown',
      `no quiz "${input.quizId.slice(0, 40)}" in this challenge`,
    );
  const question = findQuestion(quiz, input.questionId);
  const now = deps.clock.now();
  const state = quizState(challenge, quiz, now);
  if (state === 'upcoming')
    throw new DomainError('quiz_not_open', 'the quiz is not open yet', { time: quiz.sendAt });
  if (state === 'closed') {
    const close = quizClose(challenge, quiz);
    // Without an organiser's close, a quiz closes with the challenge: the message says the challenge is over.
    throw new DomainError(
      'quiz_closed',
      close.time ? 'the quiz is closed' : 'the challenge is over',
      close.time
        ? { time: close.time, date: close.lastDate }
        : { time: '24:00', date: close.lastDate, reason: 'challenge_over' },
    );
  }
  const picked = validateChoices(question, input.choiceIds);
  const correct = isCorrect(question, picked);
  // One read of the agent's ledger and one transaction (see event-repository.ts): whether the question is already
  // answered, the agent's other answers (the card shows what is next), their team, then the answer and the tally.
  const result = await deps.events.recordAnswer(challenge.id, input.agentId, {
    questionId: question.id,
    quizId: quiz.id,
    choiceIds: picked,
    correct,
    points: answerPoints(challenge.scoring, correct),
    at: new Date(now).toISOString(),
    ...(input.enteredBy ? { enteredBy: input.enteredBy } : {}),
  });
  if (!result.recorded) {
    throw new DomainError('already_answered', 'only the first answer counts', {
      question: question.id,
    });
  }
  // The third call: this member's part of the team row, unconditional, so team mates never wait for one another.
  if (result.teamId && !result.teamCopied) {
    await deps.teams.applyMemberTally(challenge.id, result.teamId, input.agentId, result.tally);
  }
  const team = result.teamId ? { id: result.teamId, memberTally: result.tally } : null;
  const inQuiz = new Set(quiz.questions.map((q) => q.id));
  const progress: QuizProgress = {
    challenge,
    quiz,
    state,
    answers: new Map(
      result.answers.filter((a) => inQuiz.has(a.questionId)).map((a) => [a.questionId, a]),
    ),
  };
  return { question, answer: result.answer, team, progress };
}
