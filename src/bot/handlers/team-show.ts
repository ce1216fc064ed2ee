import { card, text } from '../cards/adaptive';
import { teamCard } from '../cards/team-card';
import { t } from '../messages';
import { teammateNames } from '../../usecases/team-name-sharing';
import { commandRoute } from '../routing';
import type { HandlerContext } from '../handler-context';

/** The team card (or why there is none), with the tab's full ranking a click away when its address is known. */
async function showTeam(context: HandlerContext, withRankingLink: boolean): Promise<void> {
  const board = await context.leaderboard.get();
  const team = board.teams.find((candidate) =>
    candidate.members.some((m) => m.agentId === context.agent.id),
  );
  const { publicUrl } = context.settings;
  const link =
    withRankingLink && publicUrl
      ? [
          {
            type: 'Action.OpenUrl' as const,
            title: t(context.locale, 'ranking.open'),
            url: `${publicUrl}/tab/#classement`,
          },
        ]
      : [];
  if (!team) {
    if (!link.length) {
      await context.reply(t(context.locale, 'team.none'));
      return;
    }
    await context.replyCard(card([text(t(context.locale, 'team.none'))], link, context.locale));
    return;
  }
  const built = teamCard(context.locale, team, {
    // Teammates' names only by their own choice ("a team member" otherwise): one point read per member.
    names: await teammateNames(context.deps, team.members, context.agent.id),
    maxTeamSize: board.challenge.maxTeamSize,
    row: board.rows.find((row) => row.teamId === team.id),
    rankedTeams: board.rows.length,
  });
  await context.replyCard(
    link.length ? { ...built, actions: [...(built.actions ?? []), ...link] } : built,
  );
}

/** `classement`, `score`, `points`: the team's place, and the full ranking in the tab. */
export const rankingRoute = commandRoute({
  kind: 'ranking',
  handle: (context) => showTeam(context, true),
});

/** `mon équipe` / `my team`, or a card's "my team" button: the team, its code and its place in the ranking. */
export const teamShowRoute = commandRoute({
  kind: 'team.show',
  fromSubmit: () => ({ kind: 'team.show' }),
  handle: (context) => showTeam(context, false),
});
