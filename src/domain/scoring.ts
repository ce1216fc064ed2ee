import { DomainError } from './errors';
import { compareFrench } from './text';

/** The point values of a challenge (shared/spec/scoring.md, "Inputs"). */
export interface ScoringRules {
  quizAnswerPoints: number;
  quizCorrectBonus: number;
  checkinPoints: number;
  minTeamSize: number;
}

export const DEFAULT_SCORING: Readonly<ScoringRules> = Object.freeze({
  quizAnswerPoints: 1,
  quizCorrectBonus: 1,
  checkinPoints: 5,
  minTeamSize: 3,
});

export interface SnapshotTeam {
  id: string;
  name: string;
  members: string[];
}
export interface SnapshotAnswer {
  agentId: string;
  questionId: string;
  correct: boolean;
  at: string;
}
export interface SnapshotCheckin {
  agentId: string;
  workshopId: string;
  at: string;
}
export interface ChallengeSnapshot {
  scoring?: Partial<ScoringRules>;
  teams: SnapshotTeam[];
  workshops?: { id: string; points: number }[];
  answers?: SnapshotAnswer[];
  checkins?: SnapshotCheckin[];
}

/** What the ranking needs to know of a team: its size, its summed points, who took part and when. */
export interface TeamTally {
  teamId: string;
  name: string;
  members: number;
  points: number;
  activeMembers: number;
  /** Epoch milliseconds of the team's latest counted event; null when it has none. */
  reachedAt: number | null;
}

/** A member's share of a team tally, as the store keeps it beside the team. */
export interface MemberTally {
  points: number;
  events: number;
  lastAt: number | null;
}

export interface RankingRow {
  rank: number;
  teamId: string;
  name: string;
  score: string;
  points: number;
  members: number;
  activeMembers: number;
  participationRate: string;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 instant with an offset; returns NaN when it is not one. */
export function parseInstant(value: unknown): number {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) return Number.NaN;
  return Date.parse(value);
}

/** Points of one counted answer. */
export function answerPoints(rules: ScoringRules, correct: boolean): number {
  return rules.quizAnswerPoints + (correct ? rules.quizCorrectBonus : 0);
}

/** The team tally made of its members' tallies (members without a tally have done nothing yet). */
export function tallyTeam(
  team: { teamId: string; name: string; memberIds: readonly string[] },
  memberTallies: ReadonlyMap<string, MemberTally> | Record<string, MemberTally>,
): TeamTally {
  const lookup = (id: string): MemberTally | undefined =>
    memberTallies instanceof Map
      ? memberTallies.get(id)
      : (memberTallies as Record<string, MemberTally>)[id];
  let points = 0;
  let activeMembers = 0;
  let reachedAt: number | null = null;
  for (const id of team.memberIds) {
    const tally = lookup(id);
    if (!tally || tally.events === 0) continue;
    points += tally.points;
    activeMembers += 1;
    if (tally.lastAt !== null && (reachedAt === null || tally.lastAt > reachedAt)) {
      reachedAt = tally.lastAt;
    }
  }
  return {
    teamId: team.teamId,
    name: team.name,
    members: team.memberIds.length,
    points,
    activeMembers,
    reachedAt,
  };
}

function divisor(tally: TeamTally, rules: Pick<ScoringRules, 'minTeamSize'>): bigint {
  return BigInt(Math.max(tally.members, rules.minTeamSize));
}

/** Negative when `a` ranks before `b` on criteria 1–4 of the spec; 0 when they share a rank. */
function compareMerit(
  a: TeamTally,
  b: TeamTally,
  rules: Pick<ScoringRules, 'minTeamSize'>,
): number {
  const byScore = BigInt(b.points) * divisor(a, rules) - BigInt(a.points) * divisor(b, rules);
  if (byScore !== 0n) return byScore > 0n ? 1 : -1;
  const byRate =
    BigInt(b.activeMembers) * BigInt(a.members) - BigInt(a.activeMembers) * BigInt(b.members);
  if (byRate !== 0n) return byRate > 0n ? 1 : -1;
  if (a.points !== b.points) return b.points - a.points;
  if (a.reachedAt !== b.reachedAt) {
    if (a.reachedAt === null) return 1;
    if (b.reachedAt === null) return -1;
    return a.reachedAt - b.reachedAt;
  }
  return 0;
}

/** A fraction rounded half up to two decimals, as the spec prints it. */
export function formatTwoDecimals(numerator: number, denominator: number): string {
  const hundredths = (BigInt(numerator) * 200n + BigInt(denominator)) / (2n * BigInt(denominator));
  const whole = hundredths / 100n;
  const cents = (hundredths % 100n).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

/** Ranks team tallies by the prorated score, with the spec's tie-breaks and competition ranking. */
export function rankTeams(
  tallies: readonly TeamTally[],
  rules: Pick<ScoringRules, 'minTeamSize'>,
): RankingRow[] {
  const ranked = tallies
    .filter((t) => t.members > 0)
    .sort(
      (a, b) =>
        compareMerit(a, b, rules) ||
        compareFrench(a.name, b.name) ||
        (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0),
    );
  const rows: RankingRow[] = [];
  ranked.forEach((tally, index) => {
    const previous = ranked[index - 1];
    const rank =
      previous && compareMerit(previous, tally, rules) === 0 ? rows[index - 1]!.rank : index + 1;
    rows.push({
      rank,
      teamId: tally.teamId,
      name: tally.name,
      score: formatTwoDecimals(tally.points, Number(divisor(tally, rules))),
      points: tally.points,
      members: tally.members,
      activeMembers: tally.activeMembers,
      participationRate: formatTwoDecimals(tally.activeMembers, tally.members),
    });
  });
  return rows;
}

/**
 * Where one team stands among others, as `rankTeams` would rank it (competition ranking: one more than the teams
 * strictly ahead on merit), without sorting or formatting every row: an answer's card asks it of the kept ranking.
 * Null for a team without members (not ranked). `teams` counts the ranked teams, this one included.
 */
export function rankAmong(
  tally: TeamTally,
  others: readonly TeamTally[],
  rules: Pick<ScoringRules, 'minTeamSize'>,
): { rank: number; teams: number } | null {
  if (tally.members === 0) return null;
  let ahead = 0;
  let teams = 1;
  for (const other of others) {
    if (other.teamId === tally.teamId || other.members === 0) continue;
    teams += 1;
    if (compareMerit(other, tally, rules) < 0) ahead += 1;
  }
  return { rank: ahead + 1, teams };
}

/** The podium: every team ranked 5th or better (more than five when there are ties). */
export function podium(rows: readonly RankingRow[]): RankingRow[] {
  return rows.filter((row) => row.rank <= 5);
}

function fail(message: string, entry: string): never {
  throw new DomainError('invalid_snapshot', message, { entry });
}

function requireId(value: unknown, where: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(`${where}: "${field}" is missing or empty`, where);
  }
  return value;
}

function requirePoints(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(`${where} must be a non-negative integer (got ${JSON.stringify(value)})`, where);
  }
  return value;
}

function requireInstant(value: unknown, where: string): number {
  const instant = parseInstant(value);
  if (Number.isNaN(instant)) {
    fail(
      `${where}: timestamp ${JSON.stringify(value)} does not parse as ISO 8601 with an offset`,
      where,
    );
  }
  return instant;
}

/** Reads the scoring block, applying the spec's defaults and refusing bad point values. */
export function readScoringRules(scoring: unknown): ScoringRules {
  if (scoring === undefined || scoring === null) return { ...DEFAULT_SCORING };
  if (typeof scoring !== 'object' || Array.isArray(scoring))
    fail('"scoring" must be an object', 'scoring');
  const given = scoring as Record<string, unknown>;
  const rules = { ...DEFAULT_SCORING };
  for (const key of Object.keys(DEFAULT_SCORING) as (keyof ScoringRules)[]) {
    if (given[key] !== undefined) rules[key] = requirePoints(given[key], `scoring.${key}`);
  }
  return rules;
}

function arrayField(
  snapshot: Record<string, unknown>,
  field: string,
  required: boolean,
): unknown[] {
  const value = snapshot[field];
  if (value === undefined && !required) return [];
  if (!Array.isArray(value)) fail(`"${field}" must be an array`, field);
  return value;
}

function objectAt(list: unknown[], index: number, field: string): Record<string, unknown> {
  const value = list[index];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${field}[${index}] must be an object`, `${field}[${index}]`);
  }
  return value as Record<string, unknown>;
}

/**
 * Checks a snapshot against the spec's "Bad snapshots" and computes each team's tally from its events
 * (earliest answer per question and earliest check-in per workshop only).
 */
export function tallySnapshot(input: unknown): { rules: ScoringRules; tallies: TeamTally[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail('the snapshot must be a JSON object', 'snapshot');
  }
  const snapshot = input as Record<string, unknown>;
  const rules = readScoringRules(snapshot.scoring);

  const teams = arrayField(snapshot, 'teams', true);
  const teamIds = new Set<string>();
  const teamOfAgent = new Map<string, string>();
  const parsedTeams = teams.map((_, index) => {
    const team = objectAt(teams, index, 'teams');
    const where = `teams[${index}]`;
    const id = requireId(team.id, where, 'id');
    if (teamIds.has(id)) fail(`team id "${id}" is used twice (${where})`, where);
    teamIds.add(id);
    if (typeof team.name !== 'string')
      fail(`${where} (team "${id}"): "name" must be a string`, where);
    if (!Array.isArray(team.members))
      fail(`${where} (team "${id}"): "members" must be an array`, where);
    const memberIds = team.members.map((member, m) =>
      requireId(member, `${where}.members[${m}]`, 'agent id'),
    );
    for (const agentId of memberIds) {
      const other = teamOfAgent.get(agentId);
      if (other !== undefined) {
        fail(`agent "${agentId}" is listed in two teams ("${other}" and "${id}")`, where);
      }
      teamOfAgent.set(agentId, id);
    }
    return { teamId: id, name: team.name, memberIds };
  });

  const workshopPoints = new Map<string, number>();
  const workshops = arrayField(snapshot, 'workshops', false);
  workshops.forEach((_, index) => {
    const workshop = objectAt(workshops, index, 'workshops');
    const where = `workshops[${index}]`;
    const id = requireId(workshop.id, where, 'id');
    workshopPoints.set(id, requirePoints(workshop.points, `${where}.points (workshop "${id}")`));
  });

  // Earliest event per (agent, question) and (agent, workshop); equal instants keep the smaller award so that
  // the input order can never change the result.
  const earliest = new Map<string, { agentId: string; at: number; points: number }>();
  const keep = (key: string, agentId: string, at: number, points: number): void => {
    const current = earliest.get(key);
    if (!current || at < current.at || (at === current.at && points < current.points)) {
      earliest.set(key, { agentId, at, points });
    }
  };

  const answers = arrayField(snapshot, 'answers', false);
  answers.forEach((_, index) => {
    const answer = objectAt(answers, index, 'answers');
    const where = `answers[${index}]`;
    const agentId = requireId(answer.agentId, where, 'agentId');
    const questionId = requireId(answer.questionId, where, 'questionId');
    if (typeof answer.correct !== 'boolean')
      fail(`${where}: "correct" must be true or false`, where);
    const at = requireInstant(answer.at, where);
    keep(`a\u0000${agentId}\u0000${questionId}`, agentId, at, answerPoints(rules, answer.correct));
  });

  const checkins = arrayField(snapshot, 'checkins', false);
  checkins.forEach((_, index) => {
    const checkin = objectAt(checkins, index, 'checkins');
    const where = `checkins[${index}]`;
    const agentId = requireId(checkin.agentId, where, 'agentId');
    const workshopId = requireId(checkin.workshopId, where, 'workshopId');
    const at = requireInstant(checkin.at, where);
    keep(
      `c\u0000${agentId}\u0000${workshopId}`,
      agentId,
      at,
      workshopPoints.get(workshopId) ?? rules.checkinPoints,
    );
  });

  const members = new Map<string, MemberTally>();
  for (const event of earliest.values()) {
    if (!teamOfAgent.has(event.agentId)) continue;
    const tally = members.get(event.agentId) ?? { points: 0, events: 0, lastAt: null };
    tally.points += event.points;
    tally.events += 1;
    tally.lastAt = tally.lastAt === null ? event.at : Math.max(tally.lastAt, event.at);
    members.set(event.agentId, tally);
  }
  return { rules, tallies: parsedTeams.map((team) => tallyTeam(team, members)) };
}

/** The spec's ranking of a snapshot: validated, tallied, ordered and formatted. */
export function rankSnapshot(snapshot: unknown): RankingRow[] {
  const { rules, tallies } = tallySnapshot(snapshot);
  return rankTeams(tallies, rules);
}
