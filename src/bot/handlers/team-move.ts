import { DomainError, isDomainError } from '../../domain/errors';
import { moveAgentToTeam } from '../../usecases/join-team';
import { AGENT_ID_PATTERN } from '../card-data';
import { escapeMarkdown } from '../cards/adaptive';
import { t } from '../messages';
import { commandRoute } from '../routing';

/** `équipe déplacer <agent id> <CODE>`: an organiser moves someone, even after the start. */
export const teamMoveRoute = commandRoute({
  kind: 'team.move',
  async handle(context, command) {
    // A typed id that no agent can have is nobody, and is not looked up.
    if (!AGENT_ID_PATTERN.test(command.agentId))
      throw new DomainError('agent_unknown', 'no agent has this id');
    let team;
    try {
      team = await moveAgentToTeam(context.deps, {
        organiserId: context.agent.id,
        agentId: command.agentId,
        code: command.code,
      });
    } catch (error) {
      // "Already in this team" is about the person moved, not the organiser speaking.
      if (!isDomainError(error, 'already_in_team')) throw error;
      await context.reply(
        t(context.locale, 'error.already_in_team.other', {
          team: escapeMarkdown(String(error.details.team ?? '')),
        }),
      );
      return;
    }
    const moved = team.members.find((m) => m.agentId === command.agentId);
    await context.reply(
      t(context.locale, 'team.moved', {
        agent: escapeMarkdown(moved?.name ?? command.agentId),
        team: escapeMarkdown(team.name),
      }),
    );
  },
});
