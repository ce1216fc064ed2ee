import type { Locale } from '../../domain/agents';
import type { RankingRow } from '../../domain/scoring';
import type { Team } from '../../domain/teams';
import { scoreText, t } from '../messages';
import { card, escapeMarkdown, text, type AdaptiveCard } from './adaptive';

/** An agent's own team: code to share, members, and where it stands. */
export function teamCard(
  locale: Locale,
  team: Team,
  options: {
    maxTeamSize: number;
    row?: RankingRow;
    rankedTeams: number;
    headline?: string;
    /**
     * What the reader may see of each member's name, in the team's order (null: "a team member"); without it no
     * name is shown. See usecases/team-name-sharing.ts.
     */
    names?: readonly (string | null)[];
  },
): AdaptiveCard {
  const name = escapeMarkdown(team.name);
  const body = [
    ...(options.headline ? [text(options.headline, { weight: 'Bolder' as const })] : []),
    text(t(locale, 'team.card.title', { team: name }), {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
    }),
    text(t(locale, 'team.card.code', { code: team.joinCode })),
    text(t(locale, 'team.card.members', { count: team.members.length, max: options.maxTeamSize }), {
      weight: 'Bolder',
      spacing: 'Medium',
    }),
    text(
      team.members
        .map((_, i) => {
          const shown = options.names?.[i];
          return `- ${shown ? escapeMarkdown(shown) : t(locale, 'team.card.member.hidden')}`;
        })
        .join('\n'),
    ),
    text(t(locale, 'team.card.names'), { isSubtle: true, size: 'Small' }),
  ];
  if (options.row) {
    const key = options.row.rank === 1 ? 'team.card.rank.first' : 'team.card.rank';
    body.push(
      text(
        t(locale, key, {
          rank: options.row.rank,
          teams: options.rankedTeams,
          // As the tab writes it: "4,33" in French.
          score: scoreText(locale, options.row.score),
        }),
        {
          spacing: 'Medium',
        },
      ),
    );
  }
  return card(body, undefined, locale);
}
