import { moveAgentToTeam } from '../../usecases/join-team';
import { escapeMarkdown } from '../cards/adaptive';
import { route } from '../handler-context';
import { t } from '../messages';

/** `équipe déplacer <agent id> <CODE>`: an organiser moves someone, even after the start. */
export const teamMoveRoute = route('team.move', async (context, command) => {
  const team = await moveAgentToTeam(context.deps, {
    organiserId: context.agent.id,
    agentId: command.agentId,
    code: command.code,
  });
  const moved = team.members.find((m) => m.agentId === command.agentId);
  await context.reply(
    t(context.locale, 'team.moved', { agent: escapeMarkdown(moved?.name ?? command.agentId), team: escapeMarkdown(team.name) }),
  );
});
