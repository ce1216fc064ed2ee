import type { Agent } from '../domain/agents';
import {
  announcementId,
  nextSendingInstant,
  readAnnouncementDraft,
  sameDirection,
  type Announcement,
  type AnnouncementDraft,
  type Audience,
  type SendingHours,
} from '../domain/announcements';
import {
  reachableRecipients,
  sendIdFor,
  type Recipient,
  type SendProgress,
} from '../domain/broadcast';
import type { Challenge } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import { compareFrench, foldText } from '../domain/text';
import { localDate } from '../domain/time';
import { agentsOf } from './agents-of';
import { currentChallenge } from './current-challenge';
import { requireOrganiser } from './organisers';
import type { UseCaseDeps } from './deps';

/**
 * Organisers' announcements: written once, previewed to their author, sent to an audience through the paced
 * fan-out (one card per agent), followed, and stopped if need be. Never at night: one written outside the sending
 * hours waits for the next opening, and the scheduler starts it then.
 */

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'agents' | 'teams' | 'announcements' | 'fanOut' | 'clock' | 'ids' | 'organiserIds'
>;

/** How an announcement goes, as organisers see it (state 'done' once nothing is left to send). */
export interface AnnouncementStatus {
  id: string;
  title: string;
  audience: Audience;
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
  failures: Record<string, number>;
}

export interface PostedAnnouncement {
  announcement: Announcement;
  /** False when the same announcement was already posted today (by anyone): nothing new is sent. */
  created: boolean;
  audienceSize: number;
  /**
   * The audience being handed to the delivery queue. A large one takes a while (the queue is fed as the workers
   * take from it): edges answer without waiting for it. Its failure is seen by whoever awaits it; should nobody,
   * or should the process stop first, the scheduler resumes an unfinished send within a minute.
   */
  sending: Promise<void>;
}

/** The send being fed, its failure marked as handled: whoever awaits it still sees it. */
function inBackground(sending: Promise<unknown>): Promise<void> {
  const done = sending.then(() => undefined);
  done.catch(() => undefined);
  return done;
}

/** The agents an audience names, as the fan-out reaches them. */
function audienceOf(
  deps: Deps,
  challenge: Challenge,
  audience: Audience,
): () => AsyncIterable<Recipient> {
  switch (audience.kind) {
    case 'all':
      return () => reachableRecipients(deps.agents.all());
    case 'team':
      return async function* () {
        const team = await deps.teams.get(challenge.id, audience.teamId);
        yield* reachableRecipients(
          agentsOf(
            deps,
            (team?.members ?? []).map((m) => m.agentId),
          ),
        );
      };
    case 'direction':
      return () => reachableRecipients(directionAgents(deps, audience.direction));
  }
}

/** The agents of a direction, accents, case and spacing aside (a scan: announcements are rare). */
async function* directionAgents(deps: Deps, direction: string) {
  for await (const agent of deps.agents.all())
    if (sameDirection(agent.direction, direction)) yield agent;
}

/**
 * How many of an audience the bot can reach, in one read: an unknown team or direction is refused (said, never
 * guessed), and a direction is known when any agent, reachable or not, belongs to it.
 */
async function measureAudience(
  deps: Deps,
  challenge: Challenge,
  audience: Audience,
): Promise<number> {
  const reachable = async (agents: AsyncIterable<Agent>) => {
    let seen = 0;
    let count = 0;
    for await (const agent of agents) {
      seen += 1;
      if (agent.reachable && agent.conversationReference) count += 1;
    }
    return { seen, count };
  };
  switch (audience.kind) {
    case 'all':
      return (await reachable(deps.agents.all())).count;
    case 'team': {
      const team = await deps.teams.get(challenge.id, audience.teamId);
      if (!team)
        throw new DomainError('audience_unknown', 'no such team', {
          audience: 'team',
          reference: audience.teamId.slice(0, 64),
        });
      const members = team.members.map((m) => m.agentId);
      return (await reachable(agentsOf(deps, members))).count;
    }
    case 'direction': {
      const { seen, count } = await reachable(directionAgents(deps, audience.direction));
      if (seen === 0)
        throw new DomainError('audience_unknown', 'no agent of that direction', {
          audience: 'direction',
          reference: audience.direction.slice(0, 120),
        });
      return count;
    }
  }
}

/** An organiser's draft read, its audience known (an unknown team or direction refused) and counted. */
async function readForOrganiser(
  deps: Deps,
  input: { by: string; draft: unknown },
): Promise<{ draft: AnnouncementDraft; challenge: Challenge; audienceSize: number }> {
  await requireOrganiser(deps, input.by);
  const draft = readAnnouncementDraft(input.draft);
  const challenge = await currentChallenge(deps);
  const audienceSize = await measureAudience(deps, challenge, draft.audience);
  return { draft, challenge, audienceSize };
}

/** The audiences offered: every team of the challenge and every direction known among agents. */
export interface AudienceChoices {
  teams: { id: string; name: string }[];
  directions: string[];
}

/** The teams and directions an announcement can go to (organisers only). */
export async function announcementChoices(
  deps: Deps,
  input: { by: string },
): Promise<AudienceChoices> {
  await requireOrganiser(deps, input.by);
  const challenge = await currentChallenge(deps);
  const teams = (await deps.teams.list(challenge.id))
    .map((team) => ({ id: team.id, name: team.name }))
    .sort((a, b) => compareFrench(a.name, b.name));
  // A direction is written by hand in the directory: one entry per folded spelling, the first one seen kept.
  const directions = new Map<string, string>();
  for await (const agent of deps.agents.all()) {
    const direction = agent.direction?.trim();
    if (direction && !directions.has(foldText(direction)))
      directions.set(foldText(direction), direction);
  }
  return {
    teams,
    directions: [...directions.values()].sort(compareFrench),
  };
}

/** A draft ready to send: read, its audience known and counted, and when it would go out. */
export interface CheckedAnnouncement {
  draft: AnnouncementDraft;
  challenge: Challenge;
  audienceSize: number;
  /** When a send confirmed now would start (now, or the next opening of the sending hours). */
  sendAt: number;
  timeZone: string;
}

/**
 * Checks an announcement as `postAnnouncement` will (organisers only; the draft's fields and limits; a known,
 * non-empty audience) without keeping or sending anything: the preview an organiser confirms.
 */
export async function checkAnnouncement(
  deps: Deps,
  input: { by: string; draft: unknown; hours: SendingHours },
): Promise<CheckedAnnouncement> {
  const { draft, challenge, audienceSize } = await readForOrganiser(deps, input);
  if (audienceSize === 0)
    throw new DomainError('audience_empty', 'nobody in this audience can be reached', {
      audience: draft.audience.kind,
    });
  return {
    draft,
    challenge,
    audienceSize,
    sendAt: nextSendingInstant(deps.clock.now(), challenge.timeZone, input.hours),
    timeZone: challenge.timeZone,
  };
}

/**
 * Posts an announcement (organisers only): checks it, counts its audience (none: said, nothing kept or sent),
 * keeps it once (the same one twice the same day is the first one), and starts its send when the hour allows —
 * else it waits for the next opening of the sending hours. A preview goes to its author alone, at once.
 * `reportCard` is the author's card to update in place with the delivery report (bot only).
 */
export async function postAnnouncement(
  deps: Deps,
  input: {
    by: string;
    draft: unknown;
    preview?: boolean;
    hours: SendingHours;
    reportCard?: Announcement['reportCard'];
  },
): Promise<PostedAnnouncement> {
  if (input.preview) {
    const { draft, challenge } = await readForOrganiser(deps, input);
    const now = deps.clock.now();
    const author = await deps.agents.get(input.by);
    if (!author?.reachable || !author.conversationReference)
      throw new DomainError(
        'audience_empty',
        'the bot cannot reach you yet: open it in Teams once',
      );
    const announcement: Announcement = {
      ...draft,
      // A preview is its author's alone, each one its own send.
      id: `p${deps.ids
        .id()
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 40)}`,
      challengeId: challenge.id,
      preview: true,
      createdBy: input.by,
      createdAt: new Date(now).toISOString(),
      sendAt: new Date(now).toISOString(),
      state: 'sending',
    };
    await deps.announcements.create(announcement);
    const sending = startSend(deps, challenge, announcement, async function* () {
      yield {
        agentId: author.id,
        locale: author.locale,
        conversationReference: author.conversationReference!,
      };
    });
    return { announcement, created: true, audienceSize: 1, sending: inBackground(sending) };
  }
  const { draft, challenge, audienceSize, sendAt } = await checkAnnouncement(deps, input);
  // Read after the check: a send due now has sendAt <= now.
  const sentNow = deps.clock.now();
  const id = announcementId(challenge.id, draft, localDate(sentNow, challenge.timeZone));
  const { created, announcement } = await deps.announcements.create({
    ...draft,
    id,
    challengeId: challenge.id,
    preview: false,
    createdBy: input.by,
    createdAt: new Date(sentNow).toISOString(),
    sendAt: new Date(sendAt).toISOString(),
    state: sendAt <= sentNow ? 'sending' : 'scheduled',
    sendId: sendIdFor('announcement', challenge.id, id),
    ...(input.reportCard ? { reportCard: input.reportCard } : {}),
  });
  const sending =
    created && announcement.state === 'sending'
      ? startSend(deps, challenge, announcement, audienceOf(deps, challenge, draft.audience))
      : Promise.resolve();
  return { announcement, created, audienceSize, sending: inBackground(sending) };
}

/** Starts (or resumes: the fan-out claims each send once) an announcement's send. */
async function startSend(
  deps: Deps,
  challenge: Challenge,
  announcement: Announcement,
  recipients: () => AsyncIterable<Recipient>,
): Promise<void> {
  await deps.fanOut.start({
    kind: 'announcement',
    challengeId: challenge.id,
    subject: announcement.id,
    requestedBy: announcement.createdBy,
    recipients,
  });
}

/**
 * The scheduler's part, every minute: starts the announcements whose hour has come, and resumes any whose send
 * was not fully fed (its starter died mid-way; the fan-out takes its claim over once the lease has run out).
 */
export async function startDueAnnouncements(deps: Deps): Promise<number> {
  const challenge = await deps.challenges.current();
  if (!challenge) return 0;
  const now = deps.clock.now();
  let started = 0;
  for (const announcement of await deps.announcements.list(challenge.id)) {
    if (announcement.preview || announcement.state === 'cancelled' || announcement.cancelledAt)
      continue;
    if (announcement.state === 'scheduled') {
      if (Date.parse(announcement.sendAt) > now) continue;
      // Marked first, against the version read (an organiser's cancel may cross it): a crash after this line
      // leaves a 'sending' announcement, resumed below at the next minute.
      const fresh = await deps.announcements.get(challenge.id, announcement.id);
      if (!fresh || fresh.state !== 'scheduled' || fresh.cancelledAt) continue;
      const marked = await deps.announcements.update(
        challenge.id,
        announcement.id,
        { state: 'sending' },
        fresh.etag,
      );
      if (marked === null) continue; // changed meanwhile: looked at again next minute
    } else {
      const progress = await deps.fanOut.progressOf(
        announcement.sendId ?? sendIdFor('announcement', challenge.id, announcement.id),
      );
      if (progress && progress.state !== 'enqueuing') continue;
    }
    await startSend(
      deps,
      challenge,
      announcement,
      audienceOf(deps, challenge, announcement.audience),
    );
    started += 1;
  }
  return started;
}

export function statusOf(
  announcement: Announcement,
  progress: SendProgress | null,
): AnnouncementStatus {
  const figures = progress ?? {
    total: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    pending: 0,
    failures: {},
    state: 'enqueuing' as const,
  };
  const state: AnnouncementStatus['state'] =
    announcement.state === 'cancelled' || announcement.cancelledAt || figures.state === 'cancelled'
      ? 'cancelled'
      : announcement.state === 'scheduled'
        ? 'scheduled'
        : figures.state === 'enqueued' && figures.pending === 0
          ? 'done'
          : 'sending';
  return {
    id: announcement.id,
    title: announcement.title,
    audience: announcement.audience,
    state,
    preview: announcement.preview,
    sendAt: announcement.sendAt,
    createdAt: announcement.createdAt,
    createdBy: announcement.createdBy,
    total: figures.total,
    sent: figures.sent,
    failed: figures.failed,
    skipped: figures.skipped,
    pending: figures.pending,
    failures: figures.failures,
  };
}

async function announcementOf(deps: Deps, id: string): Promise<[Challenge, Announcement]> {
  const challenge = await currentChallenge(deps);
  const found = await deps.announcements.get(challenge.id, id);
  if (!found)
    throw new DomainError('announcement_unknown', 'no such announcement', {
      reference: id.slice(0, 40),
    });
  const { etag: _etag, ...announcement } = found;
  return [challenge, announcement];
}

/** Where an announcement stands (organisers only). */
export async function announcementStatus(
  deps: Deps,
  input: { by: string; id: string },
): Promise<AnnouncementStatus> {
  await requireOrganiser(deps, input.by);
  const [challenge, announcement] = await announcementOf(deps, input.id);
  return statusOf(
    announcement,
    await deps.fanOut.progressOf(sendIdFor('announcement', challenge.id, announcement.id)),
  );
}

/** Every announcement of the challenge, newest first, previews left out (organisers only). */
export async function listAnnouncements(
  deps: Deps,
  input: { by: string },
): Promise<AnnouncementStatus[]> {
  await requireOrganiser(deps, input.by);
  const challenge = await currentChallenge(deps);
  const announcements = (await deps.announcements.list(challenge.id)).filter((a) => !a.preview);
  const statuses = await Promise.all(
    announcements.map(async (a) =>
      statusOf(a, await deps.fanOut.progressOf(sendIdFor('announcement', challenge.id, a.id))),
    ),
  );
  return statuses.reverse();
}

/**
 * Stops an announcement: a scheduled one never starts; a sending one sends nothing more (what went out stays
 * reported). Cancelling twice is harmless; cancelling one that is over is refused (send_finished).
 */
export async function cancelAnnouncement(
  deps: Deps,
  input: { by: string; id: string },
): Promise<AnnouncementStatus> {
  await requireOrganiser(deps, input.by);
  const [challenge, announcement] = await announcementOf(deps, input.id);
  const sendId = sendIdFor('announcement', challenge.id, announcement.id);
  const before = statusOf(announcement, await deps.fanOut.progressOf(sendId));
  if (before.state === 'cancelled') return before;
  if (before.state === 'done')
    throw new DomainError('send_finished', 'this announcement was already sent to everyone', {
      sent: before.sent,
    });
  // The mark on the announcement is what every path reads: the scheduler does not start it, and should its send
  // start anyway (the scheduler crossing this cancel), each card is skipped as it is built.
  const at = new Date(deps.clock.now()).toISOString();
  await deps.announcements.update(challenge.id, announcement.id, {
    ...(announcement.state === 'scheduled' ? { state: 'cancelled' as const } : {}),
    cancelledAt: at,
    cancelledBy: input.by,
  });
  const progress = await deps.fanOut.cancel(sendId, input.by);
  return statusOf(
    {
      ...announcement,
      state: announcement.state === 'scheduled' ? 'cancelled' : announcement.state,
    },
    progress,
  );
}
