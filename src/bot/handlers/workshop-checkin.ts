import { isDomainError } from '../../domain/errors';
import { checkIn, type CheckinOutcome } from '../../usecases/check-in';
import type { CardActionRoute } from '../bot';
import { escapeMarkdown } from '../cards/adaptive';
import { CHECKIN_VERB, checkinCard } from '../cards/checkin-card';
import { route, type HandlerContext } from '../handler-context';
import { errorText, t } from '../messages';

/** What an agent is told once checked in; without a team, that it counts for none until they join one. */
function checkedInText(context: HandlerContext, outcome: CheckinOutcome): string {
  const params = { title: escapeMarkdown(outcome.workshop.title), points: outcome.checkin.points };
  return outcome.team
    ? t(context.locale, 'checkin.done', { ...params, team: escapeMarkdown(outcome.team.name) })
    : t(context.locale, 'checkin.done.noTeam', params);
}

/** `pointage CODE` / `check in CODE`; `pointage` alone shows the check-in card. */
export const workshopCheckinRoute = route('workshop.checkin', async (context, command) => {
  if (command.code.trim() === '') {
    await context.replyCard(checkinCard(context.locale));
    return;
  }
  const outcome = await checkIn(context.deps, { agentId: context.agent.id, code: command.code });
  await context.reply(checkedInText(context, outcome));
});

/** The check-in card's button (also on the reminder): the outcome replaces the card. */
export const workshopCheckinAction: CardActionRoute = {
  verb: CHECKIN_VERB,
  async handle(context, data) {
    const code = typeof data.code === 'string' ? data.code.slice(0, 20) : '';
    try {
      const outcome = await checkIn(context.deps, { agentId: context.agent.id, code });
      return checkinCard(context.locale, { text: checkedInText(context, outcome), ok: true });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return checkinCard(context.locale, { text: errorText(context.locale, error), ok: false });
    }
  },
};
