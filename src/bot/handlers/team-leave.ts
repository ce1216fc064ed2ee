import { leaveTeam } from '../../usecases/leave-team';
import { escapeMarkdown } from '../cards/adaptive';
import { t } from '../messages';
import { commandRoute } from '../routing';

/** `équipe quitter` / `team leave`. */
export const teamLeaveRoute = commandRoute({
  kind: 'team.leave',
  async handle(context) {
    const team = await leaveTeam(context.deps, { agentId: context.agent.id });
    await context.reply(t(context.locale, 'team.left', { team: escapeMarkdown(team.name) }));
  },
});
