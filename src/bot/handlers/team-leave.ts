import { leaveTeam } from '../../usecases/leave-team';
import { escapeMarkdown } from '../cards/adaptive';
import { route } from '../handler-context';
import { t } from '../messages';

/** `équipe quitter` / `team leave`. */
export const teamLeaveRoute = route('team.leave', async (context) => {
  const team = await leaveTeam(context.deps, { agentId: context.agent.id });
  await context.reply(t(context.locale, 'team.left', { team: escapeMarkdown(team.name) }));
});
