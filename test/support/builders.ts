import type { Agent } from '../../src/domain/agents';
import type { SendRecord } from '../../src/domain/broadcast';
import type { Challenge } from '../../src/domain/challenge';
import type { RosterEntry } from '../../src/domain/directory';
import type { RecordedAnswer, RecordedCheckin } from '../../src/domain/ports';
import type { DailyQuiz, Question } from '../../src/domain/quiz';
import { DEFAULT_SCORING, type MemberTally } from '../../src/domain/scoring';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  teamNameKey,
  type Team,
  type TeamMember,
} from '../../src/domain/teams';
import type { Workshop } from '../../src/domain/workshops';
import type { UseCaseDeps } from '../../src/usecases/deps';

/**
 * Builders of domain values for tests: sensible defaults, overridden where the test cares. The `given…` helpers
 * put such values in a store (the in-memory twins of src/storage/memory, or Azurite) the way the app would.
 */

let counter = 0;
/** A number no other built value of this run has: ids and codes stay unique across tests of a file. */
const next = () => ++counter;

/** A valid 6-character code (CODE_ALPHABET) made from `n`: distinct numbers give distinct codes. */
export function codeFrom(n: number, prefix = 'Z'): string {
  const base = CODE_ALPHABET.length;
  const digits = Array.from(
    { length: CODE_LENGTH - prefix.length },
    (_, i) => CODE_ALPHABET[Math.floor(n / base ** i) % base],
  );
  return prefix + digits.reverse().join('');
}

export function buildChallenge(overrides: Partial<Challenge> = {}): Challenge {
  return {
    id: 'c1',
    title: 'Défi test',
    startDate: '2026-11-23',
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 12,
    ...overrides,
  };
}

export function buildQuestion(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    text: `Question ${id} ?`,
    choices: [
      { id: 'a', text: 'Réponse A' },
      { id: 'b', text: 'Réponse B' },
      { id: 'c', text: 'Réponse C' },
    ],
    correct: ['b'],
    explanation: `Parce que B, pour ${id}.`,
    source: { title: 'ADEME', url: 'https://www.ademe.fr/' },
    ...overrides,
  };
}

/** Day `day`'s quiz of challenge c1, 09:00–18:00, two questions: j<day>-q1 (b is right), j<day>-q2 (a and c). */
export function buildQuiz(day: number, overrides: Partial<DailyQuiz> = {}): DailyQuiz {
  return {
    id: `j${day}`,
    challengeId: 'c1',
    day,
    sendAt: '09:00',
    closeAt: '18:00',
    questions: [buildQuestion(`j${day}-q1`), buildQuestion(`j${day}-q2`, { correct: ['a', 'c'] })],
    ...overrides,
  };
}

/** A quiz bank file in JSON: each day 09:00–18:00 with the questions of `buildQuiz`, unless given. */
export function quizBankJson(
  days: { day: number; questions?: Question[]; sendAt?: string; closeAt?: string }[],
): string {
  return JSON.stringify({
    title: 'Banque test',
    days: days.map(
      ({ day, sendAt = '09:00', closeAt = '18:00', questions = buildQuiz(day).questions }) => ({
        day,
        sendAt,
        closeAt,
        questions,
      }),
    ),
  });
}

/** One row of a quiz bank CSV file (QUIZ_CSV_COLUMNS), with three choices of which B is right. */
export interface QuizBankCsvRow {
  day: number;
  questionId: string;
  sendAt?: string;
  closeAt?: string;
  correct?: string;
  sourceUrl?: string;
}

const QUIZ_BANK_CSV_HEADER =
  'day,sendAt,closeAt,questionId,theme,text,choiceA,choiceB,choiceC,choiceD,choiceE,choiceF,correct,explanation,sourceTitle,sourceUrl';

/** A quiz bank CSV file: the header, then one line per row (a row's line in the file is its index + 2). */
export function quizBankCsv(rows: QuizBankCsvRow[]): string {
  const line = (row: QuizBankCsvRow) =>
    [
      row.day,
      row.sendAt ?? '09:00',
      row.closeAt ?? '18:00',
      row.questionId,
      'energie-donnees',
      `"Question ${row.questionId}, vraiment ?"`,
      'Oui',
      'Non',
      'Peut-être',
      '',
      '',
      '',
      row.correct ?? 'b',
      '"Parce que."',
      'ADEME',
      row.sourceUrl ?? 'https://www.ademe.fr/',
    ].join(',');
  return [QUIZ_BANK_CSV_HEADER, ...rows.map(line)].join('\n');
}

/** An agent as the store keeps them, reachable, not an organiser. */
export function buildAgent(overrides: Partial<Agent> = {}): Agent {
  const n = next();
  return {
    id: `agent-${n}`,
    tenantId: 'tenant-test',
    name: `Agent ${n}`,
    locale: 'fr',
    reachable: true,
    conversationReference: JSON.stringify({ conversation: { id: `a:personal-${n}` } }),
    registeredAt: '2026-11-16T09:00:00.000Z',
    organiser: false,
    ...overrides,
  };
}

export function buildTally(overrides: Partial<MemberTally> = {}): MemberTally {
  return { points: 0, events: 0, lastAt: null, ...overrides };
}

/**
 * A team of challenge c1. `members` is a count (members `<id>-m1`, `<id>-m2`…) or the members themselves; the
 * founder is the first. Tallies are empty unless given.
 */
export function buildTeam(
  overrides: Partial<Omit<Team, 'members'>> & { members?: number | TeamMember[] } = {},
): Team {
  const n = next();
  const { members = 1, ...rest } = overrides;
  const id = rest.id ?? `team-${n}`;
  return {
    id,
    challengeId: 'c1',
    name: `Équipe ${n}`,
    joinCode: codeFrom(n, 'T'),
    tallies: {},
    createdAt: '2026-11-16T09:00:00.000Z',
    ...rest,
    members:
      typeof members === 'number'
        ? Array.from({ length: members }, (_, i) => ({
            agentId: `${id}-m${i + 1}`,
            name: `Membre ${i + 1} de ${id}`,
          }))
        : members,
  };
}

/** A two-hour workshop of challenge c1 on Tuesday 24 November 2026, 14:00 Paris time, in room 1, no capacity. */
/**
 * The claim of the first day's quiz send, taken by `owner` at `at` (epoch ms) with the usual 30 s lease, still
 * enqueuing: what another instance leaves behind while it works, or when it died.
 */
export function buildSendClaim(
  owner: string,
  at: number,
  overrides: Partial<SendRecord> = {},
): SendRecord {
  return {
    id: 'quiz.c1.j1',
    kind: 'quiz',
    challengeId: 'c1',
    subject: 'j1',
    state: 'enqueuing',
    owner,
    leaseUntil: at + 30_000,
    total: 0,
    createdAt: new Date(at).toISOString(),
    requestedBy: 'scheduler',
    ...overrides,
  };
}

export function buildWorkshop(overrides: Partial<Workshop> = {}): Workshop {
  const n = next();
  return {
    id: `w${n}`,
    challengeId: 'c1',
    title: `Atelier ${n}`,
    format: 'atelier',
    description: 'Un atelier pour essayer.',
    host: 'DSI',
    place: 'Salle 1',
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-24T15:00:00.000Z',
    code: codeFrom(n, 'W'),
    number: n,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Given: values put in a store.

type Store = Pick<
  UseCaseDeps,
  'challenges' | 'agents' | 'teams' | 'events' | 'quizzes' | 'workshops'
>;

/** A running challenge: saved and made the current one. */
export async function givenChallenge(
  deps: Pick<Store, 'challenges'>,
  overrides: Partial<Challenge> = {},
): Promise<Challenge> {
  const challenge = buildChallenge(overrides);
  await deps.challenges.saveAsCurrent(challenge);
  return challenge;
}

/** Day `day`'s quiz, saved. */
export async function givenQuiz(
  deps: Pick<Store, 'quizzes'>,
  day: number,
  overrides: Partial<DailyQuiz> = {},
): Promise<DailyQuiz> {
  const quiz = buildQuiz(day, overrides);
  await deps.quizzes.save(quiz);
  return quiz;
}

/** An agent who installed the app (and an organiser, when `organiser` says so). */
export async function givenAgent(
  deps: Pick<Store, 'agents'>,
  overrides: Partial<Agent> = {},
): Promise<Agent> {
  const agent = buildAgent(overrides);
  const { agent: registered } = await deps.agents.register(
    {
      id: agent.id,
      tenantId: agent.tenantId,
      name: agent.name,
      locale: agent.locale,
      conversationReference: agent.conversationReference ?? '',
    },
    agent.registeredAt,
  );
  if (agent.organiser) await deps.agents.setOrganiser(agent.id, true);
  if (agent.direction) await deps.agents.setDirection(agent.id, agent.direction);
  return {
    ...registered,
    ...(agent.organiser ? { organiser: true } : {}),
    ...(agent.direction ? { direction: agent.direction } : {}),
  };
}

/** A team founded by its first member and joined by the others, with their tallies (see `buildTeam`). */
export async function givenTeam(
  deps: Pick<Store, 'teams'>,
  overrides: Parameters<typeof buildTeam>[0] = {},
): Promise<Team> {
  const team = buildTeam(overrides);
  const [founder, ...others] = team.members;
  if (!founder) throw new Error('givenTeam: a team has at least its founder');
  const tallyOf = (agentId: string) => team.tallies[agentId] ?? buildTally();
  let stored = await deps.teams.create(
    team.challengeId,
    {
      id: team.id,
      name: team.name,
      nameKey: teamNameKey(team.name),
      joinCode: team.joinCode,
      createdAt: team.createdAt,
    },
    founder,
    tallyOf(founder.agentId),
  );
  for (const member of others) {
    stored = await deps.teams.addMember(
      team.challengeId,
      team.id,
      member,
      tallyOf(member.agentId),
      () => undefined,
    );
  }
  return stored;
}

/** A workshop of the programme, with the check-in code it is built with. */
export async function givenWorkshop(
  deps: Pick<Store, 'workshops'>,
  overrides: Partial<Workshop> = {},
): Promise<Workshop> {
  const { challengeId, code, ...draft } = buildWorkshop(overrides);
  const [saved] = await deps.workshops.save(challengeId, [draft], () => code);
  if (!saved) throw new Error('givenWorkshop: nothing saved');
  return saved.workshop;
}

/** An answer the agent gave, counted on their tally and their team's, as answering does. */
export async function givenAnswer(
  deps: Pick<Store, 'events' | 'teams'>,
  agentId: string,
  overrides: Partial<RecordedAnswer> & { challengeId?: string } = {},
): Promise<MemberTally> {
  const { challengeId = 'c1', ...given } = overrides;
  const answer: RecordedAnswer = {
    questionId: 'j1-q1',
    quizId: 'j1',
    choiceIds: ['b'],
    correct: true,
    points: 2,
    at: '2026-11-23T09:30:00.000Z',
    ...given,
  };
  const { tally } = await deps.events.recordAnswer(challengeId, agentId, answer);
  const teamId = await deps.teams.teamIdOf(challengeId, agentId);
  if (teamId) await deps.teams.applyMemberTally(challengeId, teamId, agentId, tally);
  return tally;
}

/** A check-in the agent made, counted on their tally and their team's, as checking in does. */
export async function givenCheckin(
  deps: Pick<Store, 'events' | 'teams'>,
  agentId: string,
  checkin: RecordedCheckin & { challengeId?: string },
): Promise<MemberTally> {
  const { challengeId = 'c1', ...given } = checkin;
  const { tally } = await deps.events.recordCheckin(challengeId, agentId, given);
  const teamId = await deps.teams.teamIdOf(challengeId, agentId);
  if (teamId) await deps.teams.applyMemberTally(challengeId, teamId, agentId, tally);
  return tally;
}

/** A person of the roster as a sync writes them: present, the app not yet installed. */
export function buildRosterEntry(overrides: Partial<RosterEntry> = {}): RosterEntry {
  const n = next();
  return {
    userId: `user-${n}`,
    name: `Personne ${n}`,
    direction: 'Direction des finances',
    install: 'pending',
    updatedAt: '2026-11-16T06:00:00.000Z',
    ...overrides,
  };
}
