import { joinTeam } from '../../usecases/join-team';
import { escapeMarkdown } from '../cards/adaptive';
import { t } from '../messages';
import { typed } from '../card-data';
import { commandRoute, textField } from '../routing';

/** `équipe rejoindre <CODE>` / `team join <CODE>`, or the "join a team" form of a card. */
export const teamJoinRoute = commandRoute({
  kind: 'team.join',
  fromSubmit: (data) => ({ kind: 'team.join', code: textField(data, 'code') }),
  fields: { code: typed(100) },
  async handle(context, command) {
    const team = await joinTeam(context.deps, {
      agentId: context.agent.id,
      agentName: context.agent.name,
      code: command.code,
    });
    await context.reply(
      t(context.locale, 'team.joined', {
        team: escapeMarkdown(team.name),
        members: team.members.length,
      }),
    );
  },
});
