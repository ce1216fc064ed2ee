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
  /** Whether the reader organises: the tab then shows the organisers' pages (without asking /api/me). */
  organiser: boolean;
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
        /** `name` is null for a teammate who did not choose to show it (the tab says "a team member"). */
        members: { name: string | null; active: boolean; me: boolean }[];
        pointsByDay: { date: string; points: number }[];
        /** Whether the reader shows their name to their teammates (their choice, off by default). */
        showMyName: boolean;
      };
    };

/** Today's quiz as the reader stands with it ('answered' once every question is). */
export interface AgendaQuizView {
  state: 'open' | 'answered' | 'closed' | 'upcoming';
  answered: number;
  total: number;
  /** Local time, HH:MM. */
  sendAt: string;
  /** An organiser's earlier close (HH:MM, today); null: the quiz stays open until the end of the challenge. */
  closeAt: string | null;
  /** The last local date (YYYY-MM-DD) the quiz can be answered. */
  closesOn: string;
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

/** A piece of an announcement's text: shown as text, bold or italic, or a link (https only). */
export interface AnnouncementSpanView {
  text: string;
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

/** A paragraph (its lines) or a list item of an announcement's text. */
export interface AnnouncementBlockView {
  kind: 'paragraph' | 'bullet' | 'numbered';
  number?: number;
  lines: AnnouncementSpanView[][];
}

export type AudienceView =
  { kind: 'all' } | { kind: 'team'; teamId: string } | { kind: 'direction'; direction: string };

/** POST /api/admin/announcements (202). */
export interface PostedAnnouncementView {
  id: string;
  state: 'scheduled' | 'sending' | 'cancelled';
  /** When it goes out: now, or the next opening of the sending hours. */
  sendAt: string;
  audienceSize: number;
  /** The same announcement was already posted today: this is that one, nothing new is sent. */
  duplicate: boolean;
  preview: boolean;
  /** The text as agents will read it. */
  blocks: AnnouncementBlockView[];
}

/** GET /api/admin/announcements/<id>, and each of GET /api/admin/announcements. */
export interface AnnouncementStatusView {
  id: string;
  title: string;
  audience: AudienceView;
  state: 'scheduled' | 'sending' | 'done' | 'cancelled';
  preview: boolean;
  sendAt: string;
  createdAt: string;
  createdBy: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  /** Why deliveries failed, with how many each. */
  failures: Record<string, number>;
}

/** Live figures of one group of agents (a direction or a team) on the organiser page. */
export interface OrganiserGroupView {
  agents: number;
  answeredToday: number;
  /** Points counted so far (answers and check-ins), not prorated. */
  points: number;
}

/** One send (quiz, reminder, workshop reminder, announcement, podium) and how its deliveries go. */
export interface OrganiserSendView {
  sendId: string;
  kind: 'quiz' | 'reminder' | 'announcement' | 'workshop-reminder' | 'podium';
  /** What it carries, in words when known (the announcement's or workshop's title, the quiz's date). */
  title: string | null;
  /** The challenge day of a quiz or its reminder (null for other kinds). */
  day: number | null;
  /** The announcement it carries, for its status and its cancel (null for other kinds). */
  announcementId: string | null;
  state: 'enqueuing' | 'enqueued' | 'cancelled';
  /** True once nothing is pending or the send was stopped. */
  done: boolean;
  createdAt: string;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  /** Failed deliveries per reason ('unreachable', 'throttled', 'http_400'…). */
  failures: Record<string, number>;
}

/** A workshop of the programme with its sign-ups and attendance. */
export interface OrganiserWorkshopView {
  id: string;
  number: number;
  title: string;
  formatName: { fr: string; en: string };
  host: string;
  /** ISO instants. */
  start: string;
  end: string;
  capacity: number | null;
  signedUp: number;
  attended: number;
}

/** GET /api/admin/overview: the organisers' live figures of the challenge, in one request (organisers only). */
export interface OrganiserOverviewView {
  generatedAt: string;
  /** Today's local date in the challenge's time zone (YYYY-MM-DD). */
  today: string;
  challenge: { id: string; title: string; startDate: string; days: number };
  agents: { registered: number; reachable: number; answeredToday: number; checkedInToday: number };
  /** Per direction, by name; `direction` is null for agents whose direction is not known. */
  directions: (OrganiserGroupView & { direction: string | null })[];
  /** Per team, by name. */
  teams: (OrganiserGroupView & { id: string; name: string })[];
  /** Newest first. */
  sends: OrganiserSendView[];
  workshops: OrganiserWorkshopView[];
  /** What the announcement composer offers: every team, and every direction known. */
  audiences: { teams: { id: string; name: string }[]; directions: string[] };
  /** The directory's roster (all zero without Microsoft Graph) and who could not be reached, by direction. */
  reach: {
    members: number;
    installed: number;
    pending: number;
    failed: number;
    byDirection: {
      direction: string | null;
      total: number;
      /** Counts per reason: no_teams, blocked_by_policy, user_gone, not_permitted, error. */
      byReason: Partial<
        Record<'no_teams' | 'blocked_by_policy' | 'user_gone' | 'not_permitted' | 'error', number>
      >;
    }[];
  };
}

/**
 * GET /api/admin/report: the final report ("bilan"), organisers only (also as report.json; report.csv in tables).
 * A participation is one agent taking part once: a day's quiz answered (however many of its questions) or a
 * workshop attended; each counts one.
 */
export interface ReportView {
  /** ISO instant. */
  generatedAt: string;
  challenge: { id: string; title: string; startDate: string; days: number };
  minTeamSize: number;
  headline: {
    /** Agents who installed the app. */
    agentsRegistered: number;
    /** Agents with at least one participation. */
    participants: number;
    /** Directions with at least one participant (unknown directions not counted). */
    directions: number;
    participations: number;
    /** Teams with at least one member. */
    teams: number;
    workshops: number;
    /** Workshops with at least one check-in. */
    workshopsHeld: number;
    quizAnswers: number;
    rightAnswers: number;
    /** Share of right answers, two decimals ("0.67"); null before any answer. */
    rightShare: string | null;
  };
  /** Every day of the challenge (and any other date an event fell on: `day` null), in order. */
  byDay: {
    day: number | null;
    /** YYYY-MM-DD, Paris time. */
    date: string;
    participants: number;
    participations: number;
    quizParticipations: number;
    workshopParticipations: number;
    quizAnswers: number;
    rightAnswers: number;
  }[];
  /** Formats of the programme that have workshops. */
  byFormat: {
    format: string;
    formatName: { fr: string; en: string };
    workshops: number;
    workshopsHeld: number;
    signedUp: number;
    attended: number;
  }[];
  /** Most participations first; `direction` null ("not given") last. */
  byDirection: {
    direction: string | null;
    registered: number;
    participants: number;
    participations: number;
  }[];
  /** Every team, in ranking order, with its members. */
  byTeam: (Omit<LeaderboardRowView, 'mine'> & { memberNames: string[]; participations: number })[];
  /** Every team ranked 5th or better (more than five with ties); `tied` when another team shares the rank. */
  podium: (LeaderboardRowView & { tied: boolean })[];
}

/** An agent a host or organiser may record as present at a workshop (attendance by hand). */
export interface AttendanceCandidateView {
  id: string;
  name: string;
  /** The agent's direction, when the directory gave one. */
  direction: string | null;
  /** Signed up for this workshop (listed first when the search is empty). */
  signedUp: boolean;
  /** Already checked in at this workshop, by code or by hand: recording them again changes nothing. */
  checkedIn: boolean;
}

/**
 * GET /api/workshops/:id/attendance/candidates?search=…: at most 20 agents whose name holds every word of the
 * search (case and accents aside), by name; the workshop's host direction and organisers only (403 not_host).
 */
export interface AttendanceCandidatesView {
  agents: AttendanceCandidateView[];
}

/**
 * POST /api/workshops/:id/attendance with `{ "agentIds": [...] }` (1 to 50): each agent's check-in, counted as one
 * by code and marked as recorded by the caller. Asking again changes nothing.
 */
export interface AttendanceRecordView {
  /** Newly counted, in the order asked, with the points each earned. */
  recorded: { agentId: string; name: string; points: number }[];
  /** Already checked in: nothing changed for them. */
  already: string[];
  /** No such agent: nothing recorded for them (the others are). */
  unknown: string[];
}

/** A place of the podium: its rank (shared by tied teams), team and score ("4.33"). */
export interface PodiumPlaceView {
  rank: number;
  teamId: string;
  name: string;
  score: string;
  points: number;
  members: number;
  tied: boolean;
}

/** GET /api/admin/podium: the podium organisers publish (organisers only), and whom publishing reaches. */
export interface PodiumView {
  challengeId: string;
  /** The same podium keeps its key: publishing it twice is one send. */
  key: string;
  places: PodiumPlaceView[];
  /** What the rule sentence is built from: points divided by the team's size, at least `minTeamSize`. */
  rule: {
    minTeamSize: number;
    quizAnswerPoints: number;
    quizCorrectBonus: number;
    checkinPoints: number;
  };
  audience: { agents: number; channels: number };
}

/** A question of the library: its answer, explanation and source, or null while the reader may still answer it. */
export interface LibraryQuestionView {
  id: string;
  /** The challenge day of its quiz, and that day's date (YYYY-MM-DD). */
  day: number;
  date: string;
  text: string;
  /**
   * Shown once the reader has answered the question, or once its quiz has closed; null before (the answer is in
   * the chat, after answering), so the library never gives away a quiz that still counts.
   */
  answer: {
    /** The text of each right choice. */
    correct: string[];
    explanation: string;
    source: { title: string; url: string; consultedOn: string | null };
  } | null;
}

/** A workshop of the library with its materials (links added by its host direction or organisers). */
export interface LibraryWorkshopView {
  id: string;
  number: number;
  title: string;
  formatName: { fr: string; en: string };
  host: string;
  /** ISO instants. */
  start: string;
  end: string;
  materials: { id: string; label: string; url: string }[];
  /** The reader may add and remove its materials (POST, DELETE /api/workshops/:id/materials). */
  canManage: boolean;
}

/**
 * GET /api/library: the éco-gestes library, for every signed-in agent, during the challenge and after it. The
 * questions of every quiz opened so far (never one of a day still to come), by theme (themes by their French
 * name, "other questions" last; questions by day); the workshops that have materials or that the reader manages,
 * in programme order.
 */
export interface LibraryView {
  challenge: { id: string; title: string };
  /** Today's local date (YYYY-MM-DD). */
  today: string;
  themes: {
    /** The bank's theme, or null for questions without one. */
    theme: string | null;
    name: { fr: string; en: string };
    questions: LibraryQuestionView[];
  }[];
  workshops: LibraryWorkshopView[];
  /** What the add form accepts: a label's characters, and links per workshop. */
  materialLimits: { label: number; perWorkshop: number };
}

/**
 * POST /api/workshops/:id/materials `{ label, url }` (201) and DELETE /api/workshops/:id/materials/:materialId
 * (200, `removed` false when it was not there): the workshop's materials after the change. 400 material_invalid
 * or materials_full (details.field names what to fix), 403 not_host, 404 workshop_unknown.
 */
export interface WorkshopMaterialsView {
  workshopId: string;
  materials: { id: string; label: string; url: string }[];
  /** The material added (POST only). */
  material?: { id: string; label: string; url: string };
  /** Whether a material was removed (DELETE only). */
  removed?: boolean;
}

/** A group's figures on a quiz theme (what the answers teach). */
export interface InsightFiguresView {
  /** Agents of the group who answered the theme (never fewer than 5: smaller groups are not shown). */
  agents: number;
  answers: number;
  right: number;
  /** Share of right answers, two decimals ("0.67"). */
  share: string;
  /** Below 60 % right answers. */
  weak: boolean;
}

/**
 * GET /api/admin/insights (organisers only; `?format=csv` as a CSV file): per quiz theme, weakest first, the share
 * of right answers overall and per direction, each group shown only when at least `minAgents` (5) of its agents
 * answered; smaller directions are merged into "other directions" (`kind: 'others'`), and a theme fewer than 5
 * agents answered shows nothing (`overall: null`). Each theme carries the training offer to propose.
 */
export interface InsightsView {
  generatedAt: string;
  challenge: { id: string; title: string };
  minAgents: number;
  /** "0.60". */
  weakBelow: string;
  answers: number;
  themes: {
    theme: string;
    name: { fr: string; en: string };
    overall: InsightFiguresView | null;
    groups: (
      | ({ kind: 'direction'; direction: string | null } & InsightFiguresView)
      | ({ kind: 'others'; directions: number } & InsightFiguresView)
    )[];
    training: { label: string; url: string };
  }[];
}

/** A day's quiz as the paper sheet and the paper entry screen show it: no right answer on it. */
export interface PaperQuizView {
  quizId: string;
  day: number;
  /** YYYY-MM-DD. */
  date: string;
  state: 'upcoming' | 'open' | 'closed';
  /** The last local date answers count, and an organiser's close time that day (null: until the end of it). */
  closes: { lastDate: string; time: string | null };
  questions: {
    id: string;
    text: string;
    choices: { id: string; text: string }[];
    /** Several choices may be right. */
    several: boolean;
  }[];
}

/** GET /api/admin/paper: every quiz of the challenge, for entering paper sheets (organisers only). */
export interface PaperView {
  challenge: { id: string; title: string };
  quizzes: PaperQuizView[];
}

/**
 * GET /api/admin/quiz/:day/paper/candidates?search=…: at most 20 agents whose name holds every word of the search,
 * each with the questions of that day's quiz they already answered.
 */
export interface PaperCandidatesView {
  agents: { id: string; name: string; direction: string | null; answered: string[] }[];
}

/**
 * POST /api/admin/quiz/:day/paper with `{ agentId, answers: [{ questionId, choiceIds }] }`: the sheet's answers,
 * counted as in Teams and marked as entered by the organiser; 409 already_answered when every one was already.
 */
export interface PaperEntryView {
  agent: { id: string; name: string };
  recorded: { questionId: string; correct: boolean; points: number }[];
  already: string[];
  team: { id: string; name: string } | null;
}

/**
 * DELETE /api/admin/agents/:id (organisers): what the erasure removed — the team the agent left (its ranking now
 * without them), events, seats given back, the wrong-code guard, the agent's record; `erased` false when nothing
 * was left (a second call).
 */
export interface ErasureView {
  agentId: string;
  team: { id: string; name: string; members: number } | null;
  events: number;
  signups: string[];
  checkinGuard: boolean;
  agent: boolean;
  erased: boolean;
}
