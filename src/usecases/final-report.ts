import type { ReportHeadline } from '../domain/report';
import type { Agent } from '../domain/agents';
import { challengeDayAt, dateOfDay } from '../domain/challenge';
import type { RecordedAnswer, RecordedCheckin } from '../domain/ports';
import { formatTwoDecimals, type RankingRow } from '../domain/scoring';
import { compareFrench } from '../domain/text';
import { localDate } from '../domain/time';
import { WORKSHOP_FORMAT_NAMES } from '../domain/workshop-formats';
import { attendanceFigures, type Workshop } from '../domain/workshops';
import type { UseCaseDeps } from './deps';
import { getLeaderboard } from './get-leaderboard';

/**
 * The final report ("bilan") of the running challenge, for organisers: the headline figures the organisers of
 * the real challenge counted by hand ("121 agents from 21 directions, 195 participations, 13 teams"), then the
 * same participation cut by day, by workshop format, by direction and by team, and the podium.
 *
 * A **participation** is one agent taking part once: a day's quiz answered (one or several of its questions, it
 * counts one) or a workshop attended (a counted check-in, by code or recorded by hand). An agent who answers
 * five days' quizzes and attends two workshops makes seven participations.
 */

export type { ReportHeadline } from '../domain/report';

export interface ReportDay {
  /** 1-based day of the challenge; null for a date outside it (an event recorded before or after). */
  day: number | null;
  date: string;
  participants: number;
  participations: number;
  quizParticipations: number;
  workshopParticipations: number;
  quizAnswers: number;
  rightAnswers: number;
}

export interface ReportFormat {
  format: string;
  formatName: { fr: string; en: string };
  workshops: number;
  workshopsHeld: number;
  signedUp: number;
  attended: number;
}

export interface ReportDirection {
  /** Null for agents whose direction is not known ("non renseignée"). */
  direction: string | null;
  registered: number;
  participants: number;
  participations: number;
}

export interface ReportTeam extends RankingRow {
  memberNames: string[];
  participations: number;
}

export interface ReportPodiumRow extends RankingRow {
  /** Whether another team shares this rank. */
  tied: boolean;
  /** Always false: the report is nobody's own view (the shape of a ranking row of the tab). */
  mine: boolean;
}

export interface FinalReport {
  generatedAt: string;
  challenge: { id: string; title: string; startDate: string; days: number };
  minTeamSize: number;
  headline: ReportHeadline;
  byDay: ReportDay[];
  byFormat: ReportFormat[];
  byDirection: ReportDirection[];
  byTeam: ReportTeam[];
  podium: ReportPodiumRow[];
}

type ReportEvent =
  | ({ kind: 'answer'; agentId: string } & RecordedAnswer)
  | ({ kind: 'checkin'; agentId: string } & RecordedCheckin);

/** The final report of the running challenge, read from the stores (scans: an organiser's view, never per agent). */
export async function finalReport(
  deps: Pick<
    UseCaseDeps,
    'challenges' | 'teams' | 'agents' | 'events' | 'workshops' | 'quizzes' | 'signups' | 'clock'
  >,
): Promise<FinalReport> {
  // The same ranking as the tab and the podium card: one rule, one place.
  const board = await getLeaderboard(deps);
  const { challenge } = board;
  const [agents, events, workshops, quizzes] = await Promise.all([
    collect(deps.agents.all()),
    collect(deps.events.all(challenge.id)),
    deps.workshops.list(challenge.id),
    deps.quizzes.list(challenge.id),
  ]);
  const signups = new Map<string, string[]>(
    await Promise.all(
      workshops.map(
        async (w) =>
          [w.id, (await deps.signups.list(challenge.id, w.id)).map((s) => s.agentId)] as [
            string,
            string[],
          ],
      ),
    ),
  );

  const zone = challenge.timeZone;
  const quizDays = new Map(quizzes.map((q) => [q.id, q.day]));
  const workshopById = new Map(workshops.map((w) => [w.id, w]));
  const directionOf = new Map(agents.map((a) => [a.id, directionName(a)]));

  // One participation per (agent, quiz) and per (agent, workshop), dated by the quiz's day or the workshop's
  // start: a late answer or a check-in just after midnight still counts for the day it belongs to.
  const participations = new Map<
    string,
    { agentId: string; date: string; kind: 'quiz' | 'workshop' }
  >();
  for (const event of events) {
    const key =
      event.kind === 'answer'
        ? `q|${event.agentId}|${event.quizId}`
        : `w|${event.agentId}|${event.workshopId}`;
    if (participations.has(key)) continue;
    participations.set(key, {
      agentId: event.agentId,
      date: dateOfEvent(event),
      kind: event.kind === 'answer' ? 'quiz' : 'workshop',
    });
  }
  function dateOfEvent(event: ReportEvent): string {
    if (event.kind === 'answer') {
      const day = quizDays.get(event.quizId);
      if (day !== undefined) return dateOfDay(challenge, day);
    } else {
      const workshop = workshopById.get(event.workshopId);
      if (workshop) return localDate(Date.parse(workshop.startsAt), zone);
    }
    return localDate(Date.parse(event.at), zone);
  }

  const answers = events.filter((e) => e.kind === 'answer');
  const checkins = events.filter((e) => e.kind === 'checkin');
  const participantIds = new Set([...participations.values()].map((p) => p.agentId));
  const participationsOf = countBy([...participations.values()], (p) => p.agentId);

  // Days: every day of the challenge, even an empty one, and any other date an event fell on.
  const days = new Map<string, ReportDay>();
  const dayRow = (date: string): ReportDay => {
    let row = days.get(date);
    if (!row) {
      row = {
        day: challengeDayAt(challenge, Date.parse(`${date}T12:00:00Z`)),
        date,
        participants: 0,
        participations: 0,
        quizParticipations: 0,
        workshopParticipations: 0,
        quizAnswers: 0,
        rightAnswers: 0,
      };
      days.set(date, row);
    }
    return row;
  };
  for (let day = 1; day <= challenge.days; day += 1) dayRow(dateOfDay(challenge, day));
  const activeByDate = new Map<string, Set<string>>();
  for (const p of participations.values()) {
    const row = dayRow(p.date);
    row.participations += 1;
    if (p.kind === 'quiz') row.quizParticipations += 1;
    else row.workshopParticipations += 1;
    const active = activeByDate.get(p.date) ?? new Set<string>();
    active.add(p.agentId);
    activeByDate.set(p.date, active);
  }
  for (const answer of answers) {
    const row = dayRow(dateOfEvent(answer));
    row.quizAnswers += 1;
    if (answer.correct) row.rightAnswers += 1;
  }
  for (const [date, active] of activeByDate) dayRow(date).participants = active.size;
  const byDay = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));

  // Formats: the programme's attendance figures, with the workshops actually held.
  const attendance = attendanceFigures(workshops, signups, checkins);
  const held = new Set(
    attendance.byWorkshop.filter((w) => w.attended > 0).map((w) => w.workshopId),
  );
  const byFormat = attendance.byFormat.map((row) => ({
    format: row.format,
    formatName: { ...WORKSHOP_FORMAT_NAMES[row.format] },
    workshops: row.workshops,
    workshopsHeld: workshops.filter((w: Workshop) => w.format === row.format && held.has(w.id))
      .length,
    signedUp: row.signedUp,
    attended: row.attended,
  }));

  // Directions: registered agents and participants alike (a participant the store does not know is "not given").
  const directions = new Map<string | null, ReportDirection>();
  const directionRow = (direction: string | null): ReportDirection => {
    let row = directions.get(direction);
    if (!row) {
      row = { direction, registered: 0, participants: 0, participations: 0 };
      directions.set(direction, row);
    }
    return row;
  };
  for (const agent of agents) directionRow(directionName(agent)).registered += 1;
  for (const agentId of participantIds) {
    const row = directionRow(directionOf.get(agentId) ?? null);
    row.participants += 1;
    row.participations += participationsOf.get(agentId) ?? 0;
  }
  const byDirection = [...directions.values()].sort(
    (a, b) =>
      // "Not given" last, whatever its size: it is not a direction.
      Number(a.direction === null) - Number(b.direction === null) ||
      b.participations - a.participations ||
      b.participants - a.participants ||
      compareFrench(a.direction ?? '', b.direction ?? ''),
  );

  const teamById = new Map(board.teams.map((team) => [team.id, team]));
  const byTeam = board.rows.map((row) => {
    const members = teamById.get(row.teamId)?.members ?? [];
    return {
      ...row,
      memberNames: members.map((m) => m.name),
      participations: members.reduce((sum, m) => sum + (participationsOf.get(m.agentId) ?? 0), 0),
    };
  });
  const rankCounts = countBy(board.rows, (row) => row.rank);
  const podium = board.podium.map((row) => ({
    ...row,
    tied: (rankCounts.get(row.rank) ?? 0) > 1,
    mine: false,
  }));

  const rightAnswers = answers.filter((a) => a.correct).length;
  return {
    generatedAt: new Date(deps.clock.now()).toISOString(),
    challenge: {
      id: challenge.id,
      title: challenge.title,
      startDate: challenge.startDate,
      days: challenge.days,
    },
    minTeamSize: challenge.scoring.minTeamSize,
    headline: {
      agentsRegistered: agents.length,
      participants: participantIds.size,
      directions: new Set(
        [...participantIds].map((id) => directionOf.get(id) ?? null).filter((d) => d !== null),
      ).size,
      participations: participations.size,
      teams: board.rows.length,
      workshops: workshops.length,
      workshopsHeld: held.size,
      quizAnswers: answers.length,
      rightAnswers,
      rightShare: answers.length > 0 ? formatTwoDecimals(rightAnswers, answers.length) : null,
    },
    byDay,
    byFormat,
    byDirection,
    byTeam,
    podium,
  };
}

/** The agent's direction as written, or null when the directory gave none. */
function directionName(agent: Pick<Agent, 'direction'>): string | null {
  const name = agent.direction?.trim();
  return name ? name : null;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function countBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
