import { todaysQuizProgress } from '../../usecases/quiz-progress';
import { quizCard } from '../cards/quiz-card';
import { t } from '../messages';
import { commandRoute } from '../routing';

/** `quiz`: today's quiz again, where the agent left it (for someone who lost the morning card). */
export const quizShowRoute = commandRoute({
  kind: 'quiz.show',
  fromSubmit: () => ({ kind: 'quiz.show' }),
  async handle(context) {
    const progress = await todaysQuizProgress(context.deps, context.agent.id);
    if (!progress) {
      await context.reply(t(context.locale, 'quiz.none'));
      return;
    }
    await context.replyCard(quizCard(context.locale, progress));
  },
});
