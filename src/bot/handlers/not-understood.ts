import { isOrganiser } from '../../domain/agents';
import { helpCard } from '../cards/help-card';
import { commandRoute } from '../routing';

/** Anything the bot did not understand: the help card, saying what it did not understand. */
export const notUnderstoodRoute = commandRoute({
  kind: 'unknown',
  async handle(context, command) {
    await context.replyCard(
      helpCard(context.locale, command.text || undefined, {
        organiser: isOrganiser(context.agent, context.deps.organiserIds),
      }),
    );
  },
});
