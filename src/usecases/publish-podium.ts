import { reachableRecipients, sendIdFor, type Recipient } from '../domain/broadcast';
import { DomainError } from '../domain/errors';
import { buildPodium, type Podium } from '../domain/podium';
import type { ChannelConversation } from '../domain/ports';
import type { UseCaseDeps } from './deps';
import { getLeaderboard, type Leaderboard } from './get-leaderboard';
import { requireOrganiser } from './organisers';

/** Where the ranking comes from: a fresh read by default, or the bot's and the API's `LeaderboardCache`. */
export interface LeaderboardSource {
  get(): Promise<Leaderboard>;
}

/** Who a published podium reaches: reachable agents and the team channels the bot was added to. */
export interface PodiumAudience {
  agents: number;
  channels: number;
}

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'teams' | 'agents' | 'channels' | 'fanOut' | 'organiserIds' | 'ids'
>;

/** A preview's send subject starts with this: one send per preview, never mistaken for the published podium. */
export const PODIUM_PREVIEW_PREFIX = 'preview-';

/** Whether a podium send is an organiser's preview (its card offers to publish) or the published podium. */
export function isPodiumPreview(subject: string): boolean {
  return subject.startsWith(PODIUM_PREVIEW_PREFIX);
}

/** The podium of the running challenge, from the same ranking as the tab; podium_empty before any point. */
export async function podiumOf(
  deps: Pick<UseCaseDeps, 'challenges' | 'teams'>,
  leaderboard?: LeaderboardSource,
): Promise<Podium> {
  const board = leaderboard ? await leaderboard.get() : await getLeaderboard(deps);
  return buildPodium(board.challenge.id, board.rows, board.challenge.scoring);
}

/** A team channel as the fan-out reaches it; its id cannot be taken for an agent's. */
export function channelRecipient(channel: ChannelConversation): Recipient {
  return {
    agentId: `channel:${channel.id}`,
    // A channel is read by many: the challenge's first language.
    locale: 'fr',
    conversationReference: channel.conversationReference,
    channel: true,
  };
}

async function* everyone(deps: Pick<Deps, 'agents' | 'channels'>): AsyncIterable<Recipient> {
  yield* reachableRecipients(deps.agents.all());
  for (const channel of await deps.channels.list()) yield channelRecipient(channel);
}

/** How many agents and team channels a publication would reach now (a scan of the agents: organisers only). */
export async function podiumAudience(
  deps: Pick<UseCaseDeps, 'agents' | 'channels'>,
): Promise<PodiumAudience> {
  let agents = 0;
  for await (const _ of reachableRecipients(deps.agents.all())) agents += 1;
  return { agents, channels: (await deps.channels.list()).length };
}

/** What an organiser sees before publishing: the podium and whom publishing it would reach. */
export async function podiumForOrganiser(
  deps: Deps,
  input: { by: string; leaderboard?: LeaderboardSource },
): Promise<{ podium: Podium; audience: PodiumAudience }> {
  await requireOrganiser(deps, input.by);
  const podium = await podiumOf(deps, input.leaderboard);
  return { podium, audience: await podiumAudience(deps) };
}

/**
 * Sends the podium card to the organiser alone, through the fan-out (a one-recipient send of its own, so that
 * each preview arrives): the card they get offers to publish it.
 */
export async function previewPodium(
  deps: Deps,
  input: { by: string; leaderboard?: LeaderboardSource },
): Promise<{ sendId: string; podium: Podium }> {
  await requireOrganiser(deps, input.by);
  const podium = await podiumOf(deps, input.leaderboard);
  const agent = await deps.agents.get(input.by);
  if (!agent?.reachable || !agent.conversationReference) {
    // Nowhere to send it: the organiser has not installed the bot (or uninstalled it).
    throw new DomainError('agent_unknown', 'the organiser has no conversation with the bot', {
      agentId: input.by,
    });
  }
  const me: Recipient = {
    agentId: agent.id,
    locale: agent.locale,
    conversationReference: agent.conversationReference,
  };
  const { send } = await deps.fanOut.start({
    kind: 'podium',
    challengeId: podium.challengeId,
    subject: `${PODIUM_PREVIEW_PREFIX}${deps.ids.id()}`,
    requestedBy: input.by,
    recipients: async function* () {
      yield me;
    },
  });
  return { sendId: send.id, podium };
}

/**
 * Publishes the podium to every reachable agent and every team channel the bot was added to. The send is keyed
 * by the podium itself: publishing the same podium again (a second click, another organiser) sends nothing more
 * (`started: false`); a podium that changed since is a new send.
 */
export async function publishPodium(
  deps: Deps,
  input: { by: string; leaderboard?: LeaderboardSource },
): Promise<{
  sendId: string;
  podium: Podium;
  /**
   * Everyone being handed to the delivery queue: a large audience takes a while, and edges answer without
   * waiting. `started` is false when this podium was published before (nothing new is sent).
   */
  sending: Promise<{ started: boolean; total: number }>;
}> {
  await requireOrganiser(deps, input.by);
  const podium = await podiumOf(deps, input.leaderboard);
  const sending = deps.fanOut
    .start({
      kind: 'podium',
      challengeId: podium.challengeId,
      subject: podium.key,
      requestedBy: input.by,
      recipients: () => everyone(deps),
    })
    .then(({ send, started }) => ({ started, total: send.total }));
  // Whoever awaits it sees its failure; publishing again resumes an unfinished send (its claim is taken over).
  sending.catch(() => undefined);
  return { sendId: sendIdFor('podium', podium.challengeId, podium.key), podium, sending };
}
