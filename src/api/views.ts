/**
 * The tab's contract: what each GET endpoint of the tab's API answers, as JSON. The tab imports these types (and
 * nothing else of the server), so they stand alone: no import, every field spelled out. routes.ts checks that the
 * use cases' values fit them.
 */

/** GET /api/me: the reader, their own points and team, the challenge, and how the tab signs in. */
export interface MeView {
  agentId: string;
  name: string;
  locale: 'fr' | 'en';
  organiser: boolean;
  /** The reader's own points: shown to them only. */
  points: number;
  team: { id: string; name: string } | null;
  challenge: { id: string; title: string; startDate: string; days: number };
  signIn: 'sso' | 'dev';
}

/** A row of the spec's ranking (shared/spec/scoring.md), and whether it is the reader's team. */
export interface LeaderboardRowView {
  rank: number;
  teamId: string;
  name: string;
  /** Points per member, two decimals ("12.50"). */
  score: string;
  points: number;
  members: number;
  activeMembers: number;
  /** Share of members who took part, two decimals ("0.75"). */
  participationRate: string;
  mine: boolean;
}

/** GET /api/leaderboard: the ranking of every team, and how many teams the podium shows. */
export interface LeaderboardView {
  challenge: { id: string; title: string };
  minTeamSize: number;
  scoring: {
    quizAnswerPoints: number;
    quizCorrectBonus: number;
    checkinPoints: number;
    minTeamSize: number;
  };
  rows: LeaderboardRowView[];
  podiumSize: number;
}

/** GET /api/my-team: the reader's team (members without their points), or null when they are in none. */
export type MyTeamView =
  | { team: null }
  | {
      today: string;
      team: {
        id: string;
        name: string;
        joinCode: string;
        maxSize: number;
        members: { name: string; active: boolean; me: boolean }[];
        pointsByDay: { date: string; points: number }[];
      };
    };

/** Today's quiz as the reader stands with it ('answered' once every question is). */
export interface AgendaQuizView {
  state: 'open' | 'answered' | 'closed' | 'upcoming';
  answered: number;
  total: number;
  /** Local times, HH:MM. */
  sendAt: string;
  closeAt: string;
}

/** A workshop of the agenda, with the reader's seat and check-in. */
export interface AgendaWorkshopView {
  id: string;
  /** Its number in the week's programme ("je m'inscris 3"). */
  number: number;
  title: string;
  format: string;
  /** The format's name in French and English: the tab shows the reader's. */
  formatName: { fr: string; en: string };
  description: string;
  host: string;
  /** ISO instants. */
  start: string;
  end: string;
  place: string | null;
  online: boolean;
  link: string | null;
  capacity: number | null;
  seatsLeft: number | null;
  signedUp: boolean;
  checkedIn: boolean;
  checkin: 'not_open' | 'open' | 'closed';
}

/** GET /api/agenda: today's quiz for the reader, and today's and upcoming workshops. */
export interface AgendaView {
  today: string;
  quiz: AgendaQuizView | null;
  workshops: AgendaWorkshopView[];
}

/** GET /api/admin/overview: the organisers' live figures (organisers only). Filled in by the organiser page. */
export interface OrganiserOverviewView {
  generatedAt: string;
}

/** GET /api/admin/report: the final report ("bilan"), organisers only. Filled in by the report page. */
export interface ReportView {
  generatedAt: string;
}
