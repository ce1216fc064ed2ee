import { todaysQuizProgress } from '../../usecases/quiz-progress';
import { quizCard } from '../cards/quiz-card';
import { route } from '../handler-context';
import { t } from '../messages';

/** `quiz`: today's quiz again, where the agent left it (for someone who lost the morning card). */
export const quizShowRoute = route('quiz.show', async (context) => {
  const progress = await todaysQuizProgress(context.deps, context.agent.id);
  if (!progress) {
    await context.reply(t(context.locale, 'quiz.none'));
    return;
  }
  await context.replyCard(quizCard(context.locale, progress));
});
