import { isDomainError } from '../../domain/errors';
import { programmeFor } from '../../usecases/workshop-programme';
import { cancelWorkshopSignup, signUpForWorkshop, type SignupOutcome } from '../../usecases/workshop-signup';
import type { CardActionRoute } from '../bot';
import { escapeMarkdown } from '../cards/adaptive';
import { WORKSHOP_CANCEL_VERB, WORKSHOP_SIGNUP_VERB, workshopListCard, type WorkshopListView } from '../cards/workshop-list-card';
import { route, type HandlerContext } from '../handler-context';
import { errorText, t, workshopWhen } from '../messages';

function signedUpText(context: HandlerContext, outcome: SignupOutcome): string {
  return t(context.locale, 'workshop.signedUp', {
    title: escapeMarkdown(outcome.workshop.title),
    when: workshopWhen(context.locale, outcome.workshop, outcome.challenge.timeZone),
  });
}

function cancelledText(context: HandlerContext, outcome: SignupOutcome): string {
  return t(context.locale, 'workshop.cancelled', { title: escapeMarkdown(outcome.workshop.title) });
}

/** `je m'inscris 3` / `sign up 3`. */
export const workshopSignupRoute = route('workshop.signup', async (context, command) => {
  const outcome = await signUpForWorkshop(context.deps, {
    agentId: context.agent.id,
    agentName: context.agent.name,
    reference: command.reference,
  });
  await context.reply(signedUpText(context, outcome));
});

/** `je me désinscris 3` / `cancel signup 3`. */
export const workshopCancelRoute = route('workshop.cancel', async (context, command) => {
  const outcome = await cancelWorkshopSignup(context.deps, { agentId: context.agent.id, reference: command.reference });
  await context.reply(cancelledText(context, outcome));
});

/** A button of the list card: take or give back the seat, then the same list redrawn with the outcome on top. */
function listAction(verb: string, change: 'signup' | 'cancel'): CardActionRoute {
  return {
    verb,
    async handle(context, data) {
      const view: WorkshopListView = data.view === 'mine' ? 'mine' : 'upcoming';
      const workshopId = typeof data.workshopId === 'string' ? data.workshopId.slice(0, 80) : '';
      let notice: string;
      try {
        const input = { agentId: context.agent.id, workshopId };
        notice =
          change === 'signup'
            ? signedUpText(context, await signUpForWorkshop(context.deps, { ...input, agentName: context.agent.name }))
            : cancelledText(context, await cancelWorkshopSignup(context.deps, input));
      } catch (error) {
        if (!isDomainError(error)) throw error;
        notice = errorText(context.locale, error);
      }
      const { challenge, items } = await programmeFor(context.deps, context.agent.id, view);
      return workshopListCard(context.locale, items, { view, timeZone: challenge.timeZone, notice });
    },
  };
}

export const workshopSignupAction = listAction(WORKSHOP_SIGNUP_VERB, 'signup');
export const workshopCancelAction = listAction(WORKSHOP_CANCEL_VERB, 'cancel');
