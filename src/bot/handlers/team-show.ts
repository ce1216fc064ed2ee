import { teamCard } from '../cards/team-card';
import { t } from '../messages';
import { commandRoute } from '../routing';

/** `mon équipe` / `my team`, or a card's "my team" button: the team, its code and its place in the ranking. */
export const teamShowRoute = commandRoute({
  kind: 'team.show',
  fromSubmit: () => ({ kind: 'team.show' }),
  async handle(context) {
    const board = await context.leaderboard.get();
    const team = board.teams.find((candidate) =>
      candidate.members.some((m) => m.agentId === context.agent.id),
    );
    if (!team) {
      await context.reply(t(context.locale, 'team.none'));
      return;
    }
    await context.replyCard(
      teamCard(context.locale, team, {
        maxTeamSize: board.challenge.maxTeamSize,
        row: board.rows.find((row) => row.teamId === team.id),
        rankedTeams: board.rows.length,
      }),
    );
  },
});
