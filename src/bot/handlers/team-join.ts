import { joinTeam } from '../../usecases/join-team';
import { escapeMarkdown } from '../cards/adaptive';
import { route } from '../handler-context';
import { t } from '../messages';

/** `équipe rejoindre <CODE>` / `team join <CODE>`. */
export const teamJoinRoute = route('team.join', async (context, command) => {
  const team = await joinTeam(context.deps, {
    agentId: context.agent.id,
    agentName: context.agent.name,
    code: command.code,
  });
  await context.reply(t(context.locale, 'team.joined', { team: escapeMarkdown(team.name), members: team.members.length }));
});
