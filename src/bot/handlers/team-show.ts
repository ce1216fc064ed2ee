import { teamCard } from '../cards/team-card';
import { route } from '../handler-context';
import { t } from '../messages';

/** `mon équipe` / `my team`: the agent's team, its code and its place in the ranking. */
export const teamShowRoute = route('team.show', async (context) => {
  const board = await context.leaderboard.get();
  const team = board.teams.find((candidate) => candidate.members.some((m) => m.agentId === context.agent.id));
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
});
