import { isDomainError } from '../../domain/errors';
import { checkIn, type CheckinOutcome } from '../../usecases/check-in';
import { escapeMarkdown } from '../cards/adaptive';
import { CHECKIN_VERB, checkinCard } from '../cards/checkin-card';
import type { HandlerContext } from '../handler-context';
import { errorText, t } from '../messages';
import { typed } from '../card-data';
import { cardActionRoute, commandRoute } from '../routing';

/** What an agent is told once checked in; without a team, that it counts for none until they join one. */
function checkedInText(context: HandlerContext, outcome: CheckinOutcome): string {
  const params = { title: escapeMarkdown(outcome.workshop.title), points: outcome.checkin.points };
  return outcome.team
    ? t(context.locale, 'checkin.done', { ...params, team: escapeMarkdown(outcome.team.name) })
    : t(context.locale, 'checkin.done.noTeam', params);
}

/** `pointage CODE` / `check in CODE`; `pointage` alone shows the check-in card. */
export const workshopCheckinRoute = commandRoute({
  kind: 'workshop.checkin',
  async handle(context, command) {
    if (command.code.trim() === '') {
      await context.replyCard(checkinCard(context.locale));
      return;
    }
    const outcome = await checkIn(context.deps, { agentId: context.agent.id, code: command.code });
    await context.reply(checkedInText(context, outcome));
  },
});

/** The check-in card's button (also on the reminder): the outcome replaces the card. */
export const workshopCheckinAction = cardActionRoute({
  verb: CHECKIN_VERB,
  fields: { code: typed(100) },
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
});
