import { cancelWorkshopSignup, type SignupOutcome } from '../../usecases/workshop-signup';
import { escapeMarkdown } from '../cards/adaptive';
import { WORKSHOP_CANCEL_VERB } from '../cards/workshop-list-card';
import type { HandlerContext } from '../handler-context';
import { t, workshopWhen } from '../messages';
import { cardActionRoute, commandRoute } from '../routing';
import { listAfterSeatChange, SEAT_FIELDS } from './workshop-list';

/**
 * A cancel is done at once, so its reply names the workshop (title, number, when): whoever typed a number from an
 * old list sees straight away which seat was given back.
 */
function cancelledText(context: HandlerContext, outcome: SignupOutcome): string {
  return t(context.locale, 'workshop.cancelled', {
    title: escapeMarkdown(outcome.workshop.title),
    number: outcome.number,
    when: workshopWhen(context.locale, outcome.workshop, outcome.challenge.timeZone),
  });
}

/** `je me désinscris 3` / `cancel signup 3`. */
export const workshopCancelRoute = commandRoute({
  kind: 'workshop.cancel',
  async handle(context, command) {
    const outcome = await cancelWorkshopSignup(context.deps, {
      agentId: context.agent.id,
      reference: command.reference,
    });
    await context.reply(cancelledText(context, outcome));
  },
});

/** The list card's "cancel" button: give the seat back, then the same list redrawn with the outcome on top. */
export const workshopCancelAction = cardActionRoute({
  verb: WORKSHOP_CANCEL_VERB,
  fields: SEAT_FIELDS,
  handle: (context, data) =>
    listAfterSeatChange(context, data, async (workshopId) => {
      const outcome = await cancelWorkshopSignup(context.deps, {
        agentId: context.agent.id,
        workshopId,
      });
      return cancelledText(context, outcome);
    }),
});
