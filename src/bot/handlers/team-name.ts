import { setNameShownToTeam } from '../../usecases/team-name-sharing';
import { t } from '../messages';
import { commandRoute } from '../routing';

/**
 * `montrer mon nom` / `show my name` and `cacher mon nom` / `hide my name`: whether the agent's teammates see their
 * name (by default they see "a team member"). The agent is registered by the bot before any route runs.
 */
export const teamNameRoute = commandRoute({
  kind: 'team.name.share',
  async handle(context, command) {
    await setNameShownToTeam(context.deps, { agentId: context.agent.id, show: command.show });
    await context.reply(t(context.locale, command.show ? 'team.name.shown' : 'team.name.hidden'));
  },
});
