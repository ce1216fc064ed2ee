import { helpCard } from '../cards/help-card';
import { route } from '../handler-context';

/** `aide`, `help`, and anything the bot did not understand. */
export const helpRoute = route('help', async (context) => {
  await context.replyCard(helpCard(context.locale));
});

export const unknownRoute = route('unknown', async (context, command) => {
  await context.replyCard(helpCard(context.locale, command.text || undefined));
});
