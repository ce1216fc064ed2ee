import type { SendProgress } from '../domain/broadcast';
import { compareFrench } from '../domain/text';
import { localDate } from '../domain/time';
import { WORKSHOP_FORMAT_NAMES } from '../domain/workshop-formats';
import { attendanceFigures } from '../domain/workshops';
import type { UseCaseDeps } from './deps';
import { rosterReach } from './install-app';
import { numberedProgramme } from './workshop-programme';

type Deps = Pick<
  UseCaseDeps,
  | 'challenges'
  | 'agents'
  | 'teams'
  | 'events'
  | 'quizzes'
  | 'workshops'
  | 'signups'
  | 'announcements'
  | 'roster'
  | 'fanOut'
  | 'clock'
>;

interface Group {
  agents: number;
  answeredToday: number;
  points: number;
}

const emptyGroup = (): Group => ({ agents: 0, answeredToday: 0, points: 0 });

/** Whether a send has nothing left to do: stopped, or fully enqueued with every delivery settled. */
export function sendDone(progress: Pick<SendProgress, 'state' | 'pending'>): boolean {
  return (
    progress.state === 'cancelled' || (progress.state === 'enqueued' && progress.pending === 0)
  );
}

/**
 * The organisers' live figures of the running challenge, for one request of the organiser page: agents registered
 * and reachable, who answered and checked in today (challenge time zone), per direction and per team, every send
 * newest first, the workshops' sign-ups and attendance, and the audiences an announcement may go to.
 *
 * It reads every agent and every event (scans): organisers ask for it at most once a minute, agents never.
 */
export async function organiserOverview(deps: Deps) {
  const { challenge, workshops } = await numberedProgramme(deps);
  const now = deps.clock.now();
  const today = localDate(now, challenge.timeZone);
  const isToday = (iso: string) => localDate(Date.parse(iso), challenge.timeZone) === today;

  const [teams, progress, announcements, quizzes, signupLists, reach] = await Promise.all([
    deps.teams.list(challenge.id),
    deps.fanOut.progress(),
    deps.announcements.list(challenge.id),
    deps.quizzes.list(challenge.id),
    Promise.all(workshops.map((w) => deps.signups.list(challenge.id, w.id))),
    reachOfRoster(deps),
  ]);

  // Points per agent and who took part today, from the events (one scan of the challenge).
  const pointsOf = new Map<string, number>();
  const answeredToday = new Set<string>();
  const checkedInToday = new Set<string>();
  const checkins: { agentId: string; workshopId: string }[] = [];
  for await (const event of deps.events.all(challenge.id)) {
    pointsOf.set(event.agentId, (pointsOf.get(event.agentId) ?? 0) + event.points);
    if (event.kind === 'checkin') {
      checkins.push({ agentId: event.agentId, workshopId: event.workshopId });
      if (isToday(event.at)) checkedInToday.add(event.agentId);
    } else if (isToday(event.at)) answeredToday.add(event.agentId);
  }

  let registered = 0;
  let reachable = 0;
  const byDirection = new Map<string | null, Group>();
  const directions = new Set<string>();
  for await (const agent of deps.agents.all()) {
    registered += 1;
    // Reachable: the bot can write to them (a stored conversation, not uninstalled).
    if (agent.reachable && agent.conversationReference) reachable += 1;
    const direction = agent.direction?.trim() || null;
    if (direction) directions.add(direction);
    const group = byDirection.get(direction) ?? emptyGroup();
    group.agents += 1;
    if (answeredToday.has(agent.id)) group.answeredToday += 1;
    group.points += pointsOf.get(agent.id) ?? 0;
    byDirection.set(direction, group);
  }

  const figures = attendanceFigures(
    workshops,
    new Map(workshops.map((w, i) => [w.id, signupLists[i]!.map((s) => s.agentId)])),
    checkins,
  );
  const titleOfAnnouncement = new Map(announcements.map((a) => [a.id, a.title]));
  const workshopTitle = new Map(workshops.map((w) => [w.id, w.title]));
  const quizDay = new Map(quizzes.map((q) => [q.id, q.day]));
  const byName =
    <T>(name: (item: T) => string) =>
    (a: T, b: T) =>
      compareFrench(name(a), name(b));

  return {
    generatedAt: new Date(now).toISOString(),
    today,
    challenge: {
      id: challenge.id,
      title: challenge.title,
      startDate: challenge.startDate,
      days: challenge.days,
    },
    agents: {
      registered,
      reachable,
      answeredToday: answeredToday.size,
      checkedInToday: checkedInToday.size,
    },
    // Agents of no known direction come last.
    directions: [...byDirection]
      .map(([direction, group]) => ({ direction, ...group }))
      .sort((a, b) =>
        a.direction === null
          ? 1
          : b.direction === null
            ? -1
            : compareFrench(a.direction, b.direction),
      ),
    teams: teams
      .map((team) => ({
        id: team.id,
        name: team.name,
        agents: team.members.length,
        answeredToday: team.members.filter((m) => answeredToday.has(m.agentId)).length,
        points: team.members.reduce((sum, m) => sum + (team.tallies[m.agentId]?.points ?? 0), 0),
      }))
      .sort(byName((t) => t.name)),
    sends: [...progress]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((p) => {
        const quiz = p.kind === 'quiz' || p.kind === 'reminder';
        return {
          sendId: p.sendId,
          kind: p.kind,
          title:
            p.kind === 'announcement'
              ? (titleOfAnnouncement.get(p.subject) ?? null)
              : p.kind === 'workshop-reminder'
                ? (workshopTitle.get(p.subject) ?? null)
                : null,
          day: quiz ? (quizDay.get(p.subject) ?? null) : null,
          announcementId: p.kind === 'announcement' ? p.subject : null,
          state: p.state,
          done: sendDone(p),
          createdAt: p.createdAt,
          total: p.total,
          sent: p.sent,
          failed: p.failed,
          skipped: p.skipped,
          pending: p.pending,
          failures: p.failures,
        };
      }),
    workshops: workshops.map((w, i) => ({
      id: w.id,
      number: w.number,
      title: w.title,
      formatName: { ...WORKSHOP_FORMAT_NAMES[w.format] },
      host: w.host,
      start: w.startsAt,
      end: w.endsAt,
      capacity: w.capacity ?? null,
      signedUp: figures.byWorkshop[i]!.signedUp,
      attended: figures.byWorkshop[i]!.attended,
    })),
    audiences: {
      teams: teams.map((t) => ({ id: t.id, name: t.name })).sort(byName((t) => t.name)),
      directions: [...directions].sort(compareFrench),
    },
    reach,
  };
}

/** The directory's roster (empty without Microsoft Graph): who has the app, and who could not be reached. */
async function reachOfRoster(deps: Pick<Deps, 'roster'>) {
  const { byDirection, ...figures } = await rosterReach(deps);
  return {
    ...figures,
    byDirection: byDirection.map(({ direction, total, byReason }) => ({
      direction,
      total,
      byReason,
    })),
  };
}
