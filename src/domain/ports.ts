import type { Agent } from './agents';
import type { Announcement } from './announcements';
import type {
  Delivery,
  DeliveryMessage,
  ReceivedDelivery,
  Recipient,
  SendKind,
  SendProgress,
  SendRecord,
  SendRequest,
  StartedSend,
} from './broadcast';
import type { Challenge } from './challenge';
import type { DirectoryPage, InstallOutcome, RosterEntry, RosterScope } from './directory';
import type { WorkshopMaterial } from './library';
import type { DailyQuiz } from './quiz';
import type { KeptFigures, PurgeStep, RetainedFigures } from './retention';
import type { MemberTally } from './scoring';
import type { Team, TeamMember } from './teams';
import type { Workshop, WorkshopDraft } from './workshops';

/** Storage seen from the use cases. Implementations: src/storage/azure (Azure Tables). */

export interface ChallengeRepository {
  /** The challenge the app currently runs, or null on an empty store. */
  current(): Promise<Challenge | null>;
  get(challengeId: string): Promise<Challenge | null>;
  /** Saves a challenge and makes it the current one. */
  saveAsCurrent(challenge: Challenge): Promise<void>;
}

export interface AgentRegistration {
  id: string;
  tenantId: string;
  name: string;
  locale: Agent['locale'];
  conversationReference: string;
}

export interface AgentRepository {
  get(agentId: string): Promise<Agent | null>;
  /** Creates or refreshes an agent (name, locale, conversation); returns whether the agent is new. */
  register(registration: AgentRegistration, now: string): Promise<{ agent: Agent; isNew: boolean }>;
  markUnreachable(agentId: string): Promise<void>;
  setOrganiser(agentId: string, organiser: boolean): Promise<void>;
  /**
   * The agents holding the organiser role in the store, as a scan found them at most a minute ago (this
   * instance's own `setOrganiser` counted at once). A hint for what a screen shows, never a permission: use cases
   * that need the role read the agent (`requireOrganiser`).
   */
  organisers(): Promise<ReadonlySet<string>>;
  /** Places the agent in a direction (from the directory; the demo sets its own); undefined clears it. */
  setDirection(agentId: string, direction: string | undefined): Promise<void>;
  /** Every agent; a batch job's scan (broadcasts, exports), never on a per-request path. */
  all(): AsyncIterable<Agent>;
  /** Deletes the agent's row (erasure); false when there was none. */
  remove(agentId: string): Promise<boolean>;
}

export interface NewTeam {
  id: string;
  name: string;
  nameKey: string;
  joinCode: string;
  createdAt: string;
}

export interface TeamRepository {
  /** Creates a team with its founder; team_name_taken, already_in_team, or conflict (code taken: retry). */
  create(
    challengeId: string,
    team: NewTeam,
    founder: TeamMember,
    founderTally: MemberTally,
  ): Promise<Team>;
  get(challengeId: string, teamId: string): Promise<Team | null>;
  findByCode(challengeId: string, joinCode: string): Promise<Team | null>;
  teamOf(challengeId: string, agentId: string): Promise<Team | null>;
  /** The id of the agent's team (one point read), or null. */
  teamIdOf(challengeId: string, agentId: string): Promise<string | null>;
  /**
   * Adds a member, re-reading the team on each conflicting write; `check` runs on the fresh team before each
   * try (capacity, rules) and throws to refuse.
   */
  addMember(
    challengeId: string,
    teamId: string,
    member: TeamMember,
    tally: MemberTally,
    check: (team: Team) => void,
  ): Promise<Team>;
  /** Removes the agent from their team (the team is deleted when it empties); returns the team left. */
  removeMember(challengeId: string, agentId: string): Promise<Team | null>;
  /**
   * Copies a member's tally onto their team: a write of that member's own part of the team row, unconditional,
   * so team mates answering at the same moment never wait for one another. Nothing happens when the team is gone;
   * a copy for someone who is not (or no longer) a member is kept apart and never counted.
   */
  applyMemberTally(
    challengeId: string,
    teamId: string,
    agentId: string,
    tally: MemberTally,
  ): Promise<void>;
  /** Every team of the challenge: one partition read, O(teams). */
  list(challengeId: string): Promise<Team[]>;
}

export interface RecordedAnswer {
  questionId: string;
  quizId: string;
  choiceIds: string[];
  correct: boolean;
  points: number;
  at: string;
  /** The organiser who entered it from a paper sheet; absent when the agent answered in Teams. */
  enteredBy?: string;
}

export interface RecordedCheckin {
  workshopId: string;
  points: number;
  at: string;
  /** Who recorded it by hand (a host or an organiser); absent when the agent checked in themselves. */
  recordedBy?: string;
}

/**
 * What recording an event tells besides the event: the agent's tally after it, and their team as the agent's
 * ledger knows it (kept in step by the team repository), so the caller copies the tally without a read of its own.
 */
export interface RecordedEffect {
  tally: MemberTally;
  /** The agent's team, or null when they are in none. */
  teamId: string | null;
  /** True when the repository already copied the tally onto the team (the embedded store's journal does). */
  teamCopied?: boolean;
}

export interface EventRepository {
  /**
   * Records the agent's first answer to a question and adds its points to the agent's tally, atomically.
   * `recorded` is false when an answer was already there (the stored one is returned, nothing changes).
   * `answers` are all the agent's answers of the challenge once this one is counted.
   */
  recordAnswer(
    challengeId: string,
    agentId: string,
    answer: RecordedAnswer,
  ): Promise<
    RecordedEffect & { recorded: boolean; answer: RecordedAnswer; answers: RecordedAnswer[] }
  >;
  recordCheckin(
    challengeId: string,
    agentId: string,
    checkin: RecordedCheckin,
  ): Promise<RecordedEffect & { recorded: boolean; checkin: RecordedCheckin }>;
  tally(challengeId: string, agentId: string): Promise<MemberTally>;
  answersOf(challengeId: string, agentId: string): Promise<RecordedAnswer[]>;
  /** The agent's answers to these questions (one point read of their ledger: the hot path of a quiz card). */
  answersTo(
    challengeId: string,
    agentId: string,
    questionIds: readonly string[],
  ): Promise<RecordedAnswer[]>;
  /** The agent's check-ins (one partition read). */
  checkinsOf(challengeId: string, agentId: string): Promise<RecordedCheckin[]>;
  /** Every check-in of the challenge, or of one workshop: a filtered scan, for organisers' views, never per agent. */
  checkins(
    challengeId: string,
    workshopId?: string,
  ): AsyncIterable<{ agentId: string } & RecordedCheckin>;
  /** Every counted event of one agent: their points and when (one partition read). */
  eventsOf(challengeId: string, agentId: string): Promise<{ points: number; at: string }[]>;
  /**
   * Deletes every row of the agent's events in the challenge (answers, check-ins, tally: one partition), for an
   * erasure; returns how many answers and check-ins went.
   */
  eraseAgent(challengeId: string, agentId: string): Promise<number>;
  /** Every event of the challenge, for exports and audits (a scan). */
  all(
    challengeId: string,
  ): AsyncIterable<
    | ({ kind: 'answer'; agentId: string } & RecordedAnswer)
    | ({ kind: 'checkin'; agentId: string } & RecordedCheckin)
  >;
}

export interface QuizRepository {
  save(quiz: DailyQuiz): Promise<void>;
  get(challengeId: string, quizId: string): Promise<DailyQuiz | null>;
  list(challengeId: string): Promise<DailyQuiz[]>;
}

export interface WorkshopRepository {
  /**
   * Saves a programme. A new workshop gets a code from `newCode` (a taken code is drawn again) and the next number
   * never given in the challenge (new ones in programme order, concurrent saves never sharing one); a known one is
   * updated in place and keeps its code and number. Returns each workshop as saved, and whether it is new.
   */
  save(
    challengeId: string,
    drafts: WorkshopDraft[],
    newCode: () => string,
  ): Promise<{ workshop: Workshop; created: boolean }[]>;
  get(challengeId: string, workshopId: string): Promise<Workshop | null>;
  findByCode(challengeId: string, code: string): Promise<Workshop | null>;
  /** Every workshop of the challenge: one partition read. */
  list(challengeId: string): Promise<Workshop[]>;
  /**
   * The links added to workshops (the library's materials), oldest first: one workshop's, or every workshop's of
   * the challenge (one range read either way). A new import of the programme leaves them as they are.
   */
  materials(challengeId: string, workshopId?: string): Promise<WorkshopMaterial[]>;
  /**
   * Adds a material to its workshop. `check` runs on the workshop's fresh materials before each try and throws to
   * refuse (a full list, an address already there); concurrent adds never hold more than
   * MATERIAL_LIMITS.perWorkshop. Returns the workshop's materials with the new one.
   */
  addMaterial(
    challengeId: string,
    material: WorkshopMaterial,
    check: (existing: WorkshopMaterial[]) => void,
  ): Promise<WorkshopMaterial[]>;
  /** Removes a material; false when the workshop has no material of that id. */
  removeMaterial(challengeId: string, workshopId: string, materialId: string): Promise<boolean>;
}

export interface Signup {
  agentId: string;
  name: string;
  at: string;
}

export interface SignupRepository {
  /**
   * Takes a seat for the agent. `check` runs on the fresh count of seats taken before each try and throws to
   * refuse (a full workshop); already_signed_up when the agent has a seat. Concurrent takers of the last seat:
   * exactly one wins.
   */
  signUp(
    challengeId: string,
    workshopId: string,
    signup: Signup,
    check: (taken: number) => void,
  ): Promise<{ taken: number }>;
  /** Gives the agent's seat back; not_signed_up when they had none. */
  cancel(challengeId: string, workshopId: string, agentId: string): Promise<{ taken: number }>;
  isSignedUp(challengeId: string, workshopId: string, agentId: string): Promise<boolean>;
  /** Seats taken (a point read). */
  taken(challengeId: string, workshopId: string): Promise<number>;
  /** Who signed up (one partition read). */
  list(challengeId: string, workshopId: string): Promise<Signup[]>;
}

/** Wrong check-in codes per agent, kept in the store so that every instance sees the same count. */
export interface CheckinGuardRepository {
  wrongAttempts(challengeId: string, agentId: string): Promise<number[]>;
  /** Adds a wrong attempt at `at`; `keep` trims the list to what still counts. Returns the kept list. */
  addWrongAttempt(
    challengeId: string,
    agentId: string,
    at: number,
    keep: (attempts: number[]) => number[],
  ): Promise<number[]>;
  /**
   * Takes a guess slot before a code is checked, in one conditional write: `admit` gets the stored attempts and
   * returns the list to store (with `at`), or null when the agent must wait. Concurrent reservations each see the
   * others', so no more codes are checked than the rule admits, whichever instance takes them.
   */
  reserveAttempt(
    challengeId: string,
    agentId: string,
    at: number,
    admit: (attempts: number[]) => number[] | null,
  ): Promise<{ reserved: boolean; attempts: number[] }>;
  /** Gives back a reserved slot (the code was right): one attempt at `at` is removed. */
  releaseAttempt(challengeId: string, agentId: string, at: number): Promise<void>;
  /** Forgets the agent's wrong attempts (erasure); false when there were none. */
  clear(challengeId: string, agentId: string): Promise<boolean>;
}

/** Organisers' announcements of a challenge, one row each (what they say, to whom, and how their send goes). */
export interface AnnouncementRepository {
  /** Records a new announcement; `created` is false when one with this id exists (it is returned instead). */
  create(announcement: Announcement): Promise<{ created: boolean; announcement: Announcement }>;
  get(challengeId: string, id: string): Promise<Versioned<Announcement> | null>;
  /**
   * Writes changes if nobody wrote since `etag` (any version when omitted); the new etag, or null when someone
   * did (or the announcement is gone).
   */
  update(
    challengeId: string,
    id: string,
    changes: Partial<Omit<Announcement, 'id' | 'challengeId'>>,
    etag?: string,
  ): Promise<string | null>;
  /** Every announcement of the challenge, oldest first (one partition read). */
  list(challengeId: string): Promise<Announcement[]>;
}

/** A team channel where the app was added: the bot posts the podium there. */
export interface ChannelConversation {
  /** The channel's conversation id (the team's General channel when the app is added to a team). */
  id: string;
  teamId?: string;
  teamName?: string;
  /** Conversation reference JSON, owned by the bot edge. */
  conversationReference: string;
  addedAt: string;
}

/** The team channels the bot was added to (kept when added, forgotten when removed). */
export interface ChannelRepository {
  save(channel: ChannelConversation): Promise<void>;
  remove(id: string): Promise<void>;
  list(): Promise<ChannelConversation[]>;
}

/** An agent's choice to show their name to their teammates (off by default): a column of their Agents row. */
export interface AgentNameSharing {
  /** Records the choice; false when there is no such agent (nothing is written). */
  setShowNameToTeam(agentId: string, show: boolean): Promise<boolean>;
}

/**
 * The retention purge's side of the store (src/storage/azure/retention-store.ts): anonymous figures kept per
 * challenge, and each kind of personal row of an ended challenge found and deleted. Batch scans only.
 */
export interface RetentionStore {
  /** The id of every challenge stored, the current one included. */
  challengeIds(): Promise<string[]>;
  /** What was kept of a challenge, or null before its purge began. */
  figures(challengeId: string): Promise<KeptFigures | null>;
  /** Writes the figures unless some are there already (a rerun keeps the first); returns what is stored. */
  keepFigures(figures: RetainedFigures): Promise<KeptFigures>;
  /** Records that every step of the challenge's purge is done. */
  markPurged(challengeId: string, at: string): Promise<void>;
  /** Deletes (or, `dryRun`, only counts) one step's rows of the challenge; returns how many. Rerun: 0. */
  purge(challengeId: string, step: PurgeStep, options: { dryRun: boolean }): Promise<number>;
}

/** Every repository of the challenge's data, as the use cases receive them (the fan-out's own are apart). */
export interface Repositories {
  announcements: AnnouncementRepository;
  channels: ChannelRepository;
  challenges: ChallengeRepository;
  agents: AgentRepository & AgentNameSharing;
  teams: TeamRepository;
  events: EventRepository;
  quizzes: QuizRepository;
  workshops: WorkshopRepository;
  signups: SignupRepository;
  checkinGuards: CheckinGuardRepository;
  roster: RosterRepository;
}

export interface Clock {
  now(): number;
}

export interface IdGenerator {
  /** A unique id (for teams, sends). */
  id(): string;
  /** A number in [0, 1) for codes. */
  random(): number;
}

// The fan-out: one message to many agents. FanOut is what use cases call (src/broadcast/fan-out.ts); the fan-out
// stands on a BroadcastRepository and a DeliveryQueue (src/storage/azure, src/storage/memory) and reaches agents
// through a Messenger with payloads built by the bot edge (src/bot/proactive.ts, src/bot/broadcast-payloads.ts).

/** A row with the version it was read at: a write back with that version is refused if someone wrote since. */
export type Versioned<T> = T & { etag: string };

/** Sends (claimed once, even with several instances) and their deliveries, one row per recipient. */
export interface BroadcastRepository {
  /**
   * Claims a send: the first to record it owns it; a claim whose lease has run out is taken over.
   * Returns the record and whether this caller now owns it.
   */
  claim(send: SendRecord, now: number): Promise<{ owned: boolean; send: SendRecord }>;
  /** Extends the owner's lease, or records the send as fully enqueued; false when the claim was lost. */
  updateClaim(
    sendId: string,
    owner: string,
    changes: Partial<Pick<SendRecord, 'leaseUntil' | 'state' | 'total'>>,
  ): Promise<boolean>;
  getSend(sendId: string): Promise<SendRecord | null>;
  /** Marks a send cancelled (once: a second cancel keeps the first's time and author); null if unknown. */
  cancel(sendId: string, by: string, at: string): Promise<SendRecord | null>;
  /** Every send, oldest first. */
  listSends(): Promise<SendRecord[]>;
  /**
   * Records recipients as 'pending'; those already recorded are left as they are. Returns the version of each
   * row it created, when the store says it (agent id → etag).
   */
  createPending(
    sendId: string,
    agentIds: readonly string[],
    now: string,
  ): Promise<ReadonlyMap<string, string>>;
  getDelivery(sendId: string, agentId: string): Promise<Versioned<Delivery> | null>;
  /** Writes a delivery's new state if nobody changed it since `etag`; the new etag, or null if they did. */
  updateDelivery(delivery: Delivery, etag: string): Promise<string | null>;
  listDeliveries(sendId: string): Promise<Delivery[]>;
  /** Says this instance is alive at `now`; returns how many instances were seen within `windowMs`. */
  heartbeat(instanceId: string, now: number, windowMs: number): Promise<number>;
}

/**
 * The queue that spreads a send's recipients over every instance's workers. A taken message is hidden, and comes
 * back if its taker dies before deleting it: at-least-once, so the delivery row must make the card at-most-once.
 * `Handle` is the queue's own way to find a message again; the fan-out only hands it back.
 */
export interface DeliveryQueue<Handle = unknown> {
  /** Creates the queue when missing. */
  ensure(): Promise<void>;
  enqueue(messages: readonly DeliveryMessage[]): Promise<void>;
  /** Takes up to `count` messages, hidden from others for `visibilitySeconds`. */
  receive(count: number, visibilitySeconds: number): Promise<ReceivedDelivery<Handle>[]>;
  /** Removes a message for good (already gone: nothing to do). */
  delete(message: ReceivedDelivery<Handle>): Promise<void>;
  /** Hides a message for `seconds` more: how a delivery waits for its next try. */
  retryLater(message: ReceivedDelivery<Handle>, seconds: number): Promise<void>;
  /** Messages waiting, roughly (visible or not). */
  approximateLength(): Promise<number>;
}

/** Sends of one message to many agents, as the use cases see them. */
export interface FanOut {
  /** Starts a send exactly once, whoever asks and however often; a send whose starter died is resumed. */
  start(request: SendRequest): Promise<StartedSend>;
  /** Every send so far with its delivery figures (organisers' view, `cli status`). */
  progress(): Promise<SendProgress[]>;
  /** One send's delivery figures, or null when there is no such send. */
  progressOf(sendId: string): Promise<SendProgress | null>;
  /** Stops a send: nothing more goes out (what is on its way finishes); null when there is no such send. */
  cancel(sendId: string, by: string): Promise<SendProgress | null>;
}

/** The right to make one request to the connector, taken from the app's one pace (the fan-out's limiter). */
export interface PacedSlot {
  /** The request leaves now: it counts against the rate, whatever the answer (Teams counts 429s too). */
  used(): void;
  /** No request left after all: the slot goes to the next caller. */
  refund(): void;
  /** Teams accepted the request: it weighs against sustained throttling. */
  accepted(): void;
  /** Teams answered 429 with this Retry-After: sustained, it makes the whole instance wait. */
  throttled(retryAfterMs: number): void;
}

/** The app's one pace for what it sends on its own: a slot before each request; null when stopping. */
export interface Pacer {
  acquire(): Promise<PacedSlot | null>;
}

/** An activity for the connector; built by the bot edge, opaque to the fan-out. */
export type OutgoingActivity = Record<string, unknown>;

/** Sends one activity to an agent's stored conversation; returns the new activity's id. */
export interface Messenger {
  send(conversationReference: string, activity: OutgoingActivity): Promise<string | undefined>;
  /** Replaces an activity the bot sent before (a card updated in place). */
  update(
    conversationReference: string,
    activityId: string,
    activity: OutgoingActivity,
  ): Promise<void>;
}

/** What a send carries to one recipient; null when they need nothing (a reminder to someone who answered). */
export type PayloadBuilder = (
  send: SendRecord,
  recipient: Recipient,
) => Promise<OutgoingActivity | null>;

/** One payload builder per kind of send. */
export type PayloadBuilders = Record<SendKind, PayloadBuilder>;

// The directory (Microsoft Graph, src/graph/): who the agents are, their direction, and the app's installation.

/** The collectivity's directory, app-only. */
export interface Directory {
  /**
   * The roster's people, page by page. For the tenant, a delta query: from `deltaLink` only what changed since
   * (removals included), and a new delta link on the last page. For a group, every transitive member each time.
   */
  roster(scope: RosterScope, deltaLink?: string): AsyncIterable<DirectoryPage>;
  /** The ids of a group's transitive members (the organisers' group). */
  groupMembers(groupId: string): AsyncIterable<string>;
  /** Installs the challenge's Teams app in the user's personal scope; 'already' when it is there. */
  installApp(userId: string): Promise<InstallOutcome>;
}

/** The roster, one row per person, and where the last delta query stopped. */
export interface RosterRepository {
  get(userId: string): Promise<Versioned<RosterEntry> | null>;
  /** Writes these rows whole (a sync's page at a time). */
  putMany(entries: readonly RosterEntry[]): Promise<void>;
  /** Writes changes if nobody wrote since `etag`; the new etag, or null when someone did (or the row is gone). */
  update(
    userId: string,
    changes: Partial<Omit<RosterEntry, 'userId'>>,
    etag: string,
  ): Promise<string | null>;
  /** Every row (a batch job's scan). */
  all(): AsyncIterable<RosterEntry>;
  /** The delta link a scope's last sync ended with, or null. */
  deltaLink(scope: string): Promise<string | null>;
  saveDeltaLink(scope: string, link: string): Promise<void>;
  /** The agents the organisers' group made organisers (not those of ORGANISER_IDS or `devenir organisateur`). */
  groupOrganisers(): Promise<string[]>;
  setGroupOrganiser(agentId: string, fromGroup: boolean): Promise<void>;
}
