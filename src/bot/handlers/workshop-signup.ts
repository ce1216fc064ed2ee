import { signUpForWorkshop, type SignupOutcome } from '../../usecases/workshop-signup';
import { escapeMarkdown } from '../cards/adaptive';
import { WORKSHOP_SIGNUP_VERB } from '../cards/workshop-list-card';
import type { HandlerContext } from '../handler-context';
import { t, workshopWhen } from '../messages';
import { cardActionRoute, commandRoute } from '../routing';
import { listAfterSeatChange, SEAT_FIELDS } from './workshop-list';

function signedUpText(context: HandlerContext, outcome: SignupOutcome): string {
  return t(context.locale, 'workshop.signedUp', {
    title: escapeMarkdown(outcome.workshop.title),
    number: outcome.number,
    when: workshopWhen(context.locale, outcome.workshop, outcome.challenge.timeZone),
  });
}

/** `je m'inscris 3` / `sign up 3`. */
export const workshopSignupRoute = commandRoute({
  kind: 'workshop.signup',
  async handle(context, command) {
    const outcome = await signUpForWorkshop(context.deps, {
      agentId: context.agent.id,
      agentName: context.agent.name,
      reference: command.reference,
    });
    await context.reply(signedUpText(context, outcome));
  },
});

/** The list card's "sign up" button: take the seat, then the same list redrawn with the outcome on top. */
export const workshopSignupAction = cardActionRoute({
  verb: WORKSHOP_SIGNUP_VERB,
  fields: SEAT_FIELDS,
  handle: (context, data) =>
    listAfterSeatChange(context, data, async (workshopId) => {
      const outcome = await signUpForWorkshop(context.deps, {
        agentId: context.agent.id,
        workshopId,
        agentName: context.agent.name,
      });
      return signedUpText(context, outcome);
    }),
});
