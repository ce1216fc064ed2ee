import { createTeam } from '../../usecases/create-team';
import { escapeMarkdown } from '../cards/adaptive';
import { route } from '../handler-context';
import { t } from '../messages';

/** `équipe créer <nom>` / `team create <name>`. */
export const teamCreateRoute = route('team.create', async (context, command) => {
  const team = await createTeam(context.deps, {
    agentId: context.agent.id,
    agentName: context.agent.name,
    name: command.name,
  });
  await context.reply(t(context.locale, 'team.created', { team: escapeMarkdown(team.name), code: team.joinCode }));
});
