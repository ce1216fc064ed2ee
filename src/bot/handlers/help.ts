import { isOrganiser } from '../../domain/agents';
import { helpCard } from '../cards/help-card';
import { commandRoute } from '../routing';

/** `aide` / `help`, and the welcome card's help button: what the bot can do. */
export const helpRoute = commandRoute({
  kind: 'help',
  fromSubmit: () => ({ kind: 'help' }),
  async handle(context) {
    await context.replyCard(
      helpCard(context.locale, undefined, {
        organiser: isOrganiser(context.agent, context.deps.organiserIds),
      }),
    );
  },
});
