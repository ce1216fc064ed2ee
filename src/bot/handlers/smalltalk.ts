import { t } from '../messages';
import { commandRoute } from '../routing';

/** `merci`, `super`, `thanks`…: a short friendly answer; the whole help card would be a wall of text for a thank-you. */
export const smalltalkRoute = commandRoute({
  kind: 'smalltalk',
  async handle(context) {
    await context.reply(t(context.locale, 'smalltalk.thanks'));
  },
});
