/**
 * The podium organisers publish at the end of the challenge: the top of the ranking the tab shows
 * (`rankTeams`, shared/spec/scoring.md), with its ties, and what the card says of the rule. The words themselves
 * (French, English) live at the edges; here are only the values they are built from.
 */
import { DomainError } from './errors';
import type { RankingRow, ScoringRules } from './scoring';

/** How many places the podium has (a tie at the last one brings in every team that shares it). */
export const PODIUM_PLACES = 5;

export interface PodiumPlace {
  rank: number;
  teamId: string;
  name: string;
  /** The spec's score, two decimals ("4.33"). */
  score: string;
  points: number;
  members: number;
  /** Another team of the podium holds the same rank. */
  tied: boolean;
}

/** What the one-sentence rule under the podium says: points divided by the team's size, at least `minTeamSize`. */
export type PodiumRule = Pick<
  ScoringRules,
  'minTeamSize' | 'quizAnswerPoints' | 'quizCorrectBonus' | 'checkinPoints'
>;

export interface Podium {
  challengeId: string;
  places: PodiumPlace[];
  rule: PodiumRule;
  /** Stable for the same places: the same podium published twice is one send. */
  key: string;
}

/**
 * The podium of a ranking (rows as `rankTeams` orders them): every team ranked 5th or better. Teams equal on the
 * spec's criteria share a rank, so a tie at the 5th place shows every tied team (more than five places), and a
 * tie anywhere is marked on each of its teams. Teams without a point stay off: a podium of nothing is no podium.
 * Throws podium_empty while no team has scored.
 */
export function buildPodium(
  challengeId: string,
  rows: readonly RankingRow[],
  rules: ScoringRules,
): Podium {
  const scored = rows.filter((row) => row.points > 0 && row.rank <= PODIUM_PLACES);
  if (scored.length === 0) {
    throw new DomainError('podium_empty', 'no team has scored a point yet');
  }
  const perRank = new Map<number, number>();
  for (const row of scored) perRank.set(row.rank, (perRank.get(row.rank) ?? 0) + 1);
  const places = scored.map((row): PodiumPlace => ({
    rank: row.rank,
    teamId: row.teamId,
    name: row.name,
    score: row.score,
    points: row.points,
    members: row.members,
    tied: (perRank.get(row.rank) ?? 0) > 1,
  }));
  return {
    challengeId,
    places,
    rule: {
      minTeamSize: rules.minTeamSize,
      quizAnswerPoints: rules.quizAnswerPoints,
      quizCorrectBonus: rules.quizCorrectBonus,
      checkinPoints: rules.checkinPoints,
    },
    key: podiumKey(places),
  };
}

/**
 * A short key of what the podium shows (ranks, team ids, scores, in order): the same podium gives the same key,
 * any change of place or score another. Names are left out: a team renamed is still the same podium.
 */
export function podiumKey(
  places: readonly Pick<PodiumPlace, 'rank' | 'teamId' | 'score'>[],
): string {
  const canonical = places.map((p) => `${p.rank}\u0000${p.teamId}\u0000${p.score}`).join('\u0001');
  // Two 32-bit FNV-1a hashes (the text and its reverse): 64 bits, short enough for a send id and a table key.
  return `${fnv1a(canonical)}${fnv1a([...canonical].reverse().join(''))}`;
}

function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
