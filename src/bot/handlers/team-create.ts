import { createTeam } from '../../usecases/create-team';
import { escapeMarkdown } from '../cards/adaptive';
import { t } from '../messages';
import { typed } from '../card-data';
import { commandRoute, textField } from '../routing';

/** `équipe créer <nom>` / `team create <name>`, or the "create a team" form of a card. */
export const teamCreateRoute = commandRoute({
  kind: 'team.create',
  fromSubmit: (data) => ({ kind: 'team.create', name: textField(data, 'name') }),
  fields: { name: typed(200) },
  async handle(context, command) {
    if (command.name.trim() === '') {
      await context.reply(t(context.locale, 'team.create.askName'));
      return;
    }
    const team = await createTeam(context.deps, {
      agentId: context.agent.id,
      agentName: context.agent.name,
      name: command.name,
    });
    await context.reply(
      t(context.locale, 'team.created', { team: escapeMarkdown(team.name), code: team.joinCode }),
    );
  },
});
