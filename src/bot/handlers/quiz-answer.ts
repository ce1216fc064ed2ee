import { DomainError, isDomainError } from '../../domain/errors';
import { answerQuestion } from '../../usecases/answer-question';
import { quizProgress } from '../../usecases/quiz-progress';
import { currentChallenge } from '../../usecases/current-challenge';
import { card, text } from '../cards/adaptive';
import { QUIZ_ANSWER_VERB, quizCard } from '../cards/quiz-card';
import type { HandlerContext } from '../handler-context';
import { errorText } from '../messages';
import { choices, id } from '../card-data';
import { cardActionRoute, type CardData } from '../routing';

/** The answer as the card sent it; null when a field is missing, of the wrong type or oversized. */
export function readAnswerData(
  data: CardData,
): { challengeId?: string; quizId: string; questionId: string; choiceIds: string[] } | null {
  const field = (name: string, max: number) => {
    const value = data[name];
    return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
  };
  const quizId = field('quizId', 64);
  const questionId = field('questionId', 64);
  const choice = field('choice', 100);
  const challengeId = data.challengeId === undefined ? undefined : field('challengeId', 100);
  if (!quizId || !questionId || !choice || challengeId === null) return null;
  const choiceIds = choice
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (choiceIds.length === 0 || choiceIds.length > 6) return null;
  return { ...(challengeId ? { challengeId } : {}), quizId, questionId, choiceIds };
}

/** The agent's current card with a notice on top, or a bare notice when the quiz itself is unknown. */
async function cardWithNotice(context: HandlerContext, quizId: string | undefined, notice: string) {
  try {
    const challenge = await currentChallenge(context.deps);
    const quiz = quizId ? await context.deps.quizzes.get(challenge.id, quizId) : null;
    if (quiz) {
      const progress = await quizProgress(context.deps, challenge, quiz, context.agent.id);
      return quizCard(context.locale, progress, { notice });
    }
  } catch {
    // The notice must reach the agent even when the quiz around it cannot be rebuilt (no current challenge, a
    // storage hiccup): the bare notice below says what matters.
  }
  return card([text(notice, { weight: 'Bolder' })], undefined, context.locale);
}

/** Action.Execute (or its Action.Submit fallback) of the daily quiz card: record, then show the result in place. */
export const quizAnswerAction = cardActionRoute({
  verb: QUIZ_ANSWER_VERB,
  fields: { challengeId: id(), quizId: id(), questionId: id(), choice: choices() },
  // Who answers is all the answer needs: no read of the agent's row (three store calls in all).
  agentFrom: 'activity',
  async handle(context, data) {
    const input = readAnswerData(data);
    if (!input) {
      const quizId = typeof data.quizId === 'string' ? data.quizId.slice(0, 64) : undefined;
      return cardWithNotice(
        context,
        quizId,
        errorText(context.locale, new DomainError('choice_invalid', 'malformed card data')),
      );
    }
    try {
      const outcome = await answerQuestion(context.deps, { agentId: context.agent.id, ...input });
      const standing = outcome.team
        ? await context.leaderboard.standingOf(
            outcome.team.id,
            context.agent.id,
            outcome.team.memberTally,
          )
        : null;
      return quizCard(context.locale, outcome.progress, {
        feedback: {
          question: outcome.question,
          answer: outcome.answer,
          teamName: standing?.team.name,
          rank: standing ? { rank: standing.rank, teams: standing.teams } : undefined,
        },
        hasTeam: outcome.team !== null,
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return cardWithNotice(context, input.quizId, errorText(context.locale, error));
    }
  },
});
