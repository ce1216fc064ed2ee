import { isOrganiser } from '../domain/agents';
import { dateOfDay } from '../domain/challenge';
import { quizClose, type QuizState } from '../domain/quiz';
import { localDate } from '../domain/time';
import { WORKSHOP_FORMAT_NAMES } from '../domain/workshop-formats';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';
import { teammateNames } from './team-name-sharing';
import { todaysQuizProgress } from './quiz-progress';
import { workshopsOverview, type CheckinLinkOf } from './workshop-admin';
import { programmeFor, type ProgrammeItem } from './workshop-programme';

/**
 * What the tab shows, each view holding only what its reader may see (privacy: no other team's members). The
 * API checks these values against the tab's contract (src/api/views.ts).
 */

/** The reader: who they are, their points and team, and the challenge; `name` is the sign-in's, when known. */
export async function meView(deps: UseCaseDeps, reader: { agentId: string; name: string }) {
  const challenge = await currentChallenge(deps);
  const [agent, team, tally] = await Promise.all([
    deps.agents.get(reader.agentId),
    deps.teams.teamOf(challenge.id, reader.agentId),
    deps.events.tally(challenge.id, reader.agentId),
  ]);
  return {
    agentId: reader.agentId,
    name: agent?.name || reader.name,
    locale: agent?.locale ?? 'fr',
    organiser: isOrganiser({ id: reader.agentId, organiser: agent?.organiser }, deps.organiserIds),
    points: tally.points,
    team: team ? { id: team.id, name: team.name } : null,
    challenge: {
      id: challenge.id,
      title: challenge.title,
      startDate: challenge.startDate,
      days: challenge.days,
    },
  };
}

/** The reader's team: its code, who took part (named when they chose so), and its points day by day. */
export async function myTeamView(deps: UseCaseDeps, agentId: string) {
  const challenge = await currentChallenge(deps);
  const team = await deps.teams.teamOf(challenge.id, agentId);
  if (!team) return { team: null };
  const [events, names, reader] = await Promise.all([
    Promise.all(team.members.map((m) => deps.events.eventsOf(challenge.id, m.agentId))),
    // Teammates' names only by their own choice (privacy: "a team member" otherwise).
    teammateNames(deps, team.members, agentId),
    deps.agents.get(agentId),
  ]);
  const byDay = new Map<string, number>();
  for (let day = 1; day <= challenge.days; day += 1) byDay.set(dateOfDay(challenge, day), 0);
  for (const event of events.flat()) {
    const date = localDate(Date.parse(event.at), challenge.timeZone);
    byDay.set(date, (byDay.get(date) ?? 0) + event.points);
  }
  return {
    today: localDate(deps.clock.now(), challenge.timeZone),
    team: {
      id: team.id,
      name: team.name,
      joinCode: team.joinCode,
      maxSize: challenge.maxTeamSize,
      // Who took part, not how much: individual points are for each agent alone.
      members: team.members.map((m, i) => ({
        name: names[i] ?? null,
        active: events[i]!.length > 0,
        me: m.agentId === agentId,
      })),
      showMyName: reader?.showNameToTeam === true,
      pointsByDay: [...byDay.entries()].sort().map(([date, points]) => ({ date, points })),
    },
  };
}

/** The reader's day: today's quiz and their progress in it, and today's and upcoming workshops. */
export async function agendaView(deps: UseCaseDeps, agentId: string) {
  const progress = await todaysQuizProgress(deps, agentId);
  let quiz: {
    state: QuizState | 'answered';
    answered: number;
    total: number;
    sendAt: string;
    closeAt: string | null;
    closesOn: string;
  } | null = null;
  if (progress) {
    const total = progress.quiz.questions.length;
    const answered = progress.quiz.questions.filter((q) => progress.answers.has(q.id)).length;
    const state =
      answered === total ? 'answered' : progress.state === 'open' ? 'open' : progress.state;
    const close = quizClose(progress.challenge, progress.quiz);
    quiz = {
      state,
      answered,
      total,
      sendAt: progress.quiz.sendAt,
      closeAt: close.time,
      closesOn: close.lastDate,
    };
  }
  const { challenge, items } = await programmeFor(deps, agentId, 'today-and-upcoming');
  return {
    today: localDate(deps.clock.now(), challenge.timeZone),
    quiz,
    workshops: items.map(workshopItemView),
  };
}

/** A workshop of the agenda: what it is, when, where, and the reader's seat and check-in. */
function workshopItemView(item: ProgrammeItem) {
  const { workshop } = item;
  return {
    id: workshop.id,
    number: item.number,
    title: workshop.title,
    format: workshop.format,
    // The tab imports no domain code: it gets the format's name in both languages and shows the reader's.
    formatName: WORKSHOP_FORMAT_NAMES[workshop.format],
    description: workshop.description,
    host: workshop.host,
    start: workshop.startsAt,
    end: workshop.endsAt,
    place: workshop.place ?? null,
    online: workshop.link !== undefined,
    link: workshop.link ?? null,
    capacity: workshop.capacity ?? null,
    seatsLeft: item.seatsLeft,
    signedUp: item.signedUp,
    checkedIn: item.checkedIn,
    checkin: item.checkin,
  };
}

/** The organisers' workshop view: codes with their link and QR code, and attendance per workshop and format. */
export async function adminWorkshopsView(deps: UseCaseDeps, linkOf: CheckinLinkOf) {
  const overview = await workshopsOverview(deps, linkOf);
  return {
    workshops: overview.workshops.map(({ workshop, number, link, qrSvg, points, figures }) => ({
      id: workshop.id,
      number,
      title: workshop.title,
      format: workshop.format,
      host: workshop.host,
      start: workshop.startsAt,
      end: workshop.endsAt,
      place: workshop.place ?? null,
      link: workshop.link ?? null,
      capacity: workshop.capacity ?? null,
      points,
      code: workshop.code,
      checkinLink: link,
      qrSvg,
      signedUp: figures.signedUp,
      attended: figures.attended,
      attendedSignedUp: figures.attendedSignedUp,
    })),
    byFormat: overview.byFormat,
    totals: overview.totals,
  };
}
