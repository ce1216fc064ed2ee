import {
  type Activity,
  type InvokeResponse,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
} from 'botbuilder';
import { localeOf, type Agent, type Locale } from '../domain/agents';
import { retryAfterOfError } from '../domain/broadcast';
import { isDomainError, statusOf } from '../domain/errors';
import type { Logger } from '../log';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import { registerAgent, unregisterAgent } from '../usecases/register-agent';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/adaptive';
import { welcomeCard } from './cards/welcome-card';
import { isShowableText } from './card-data';
import { MAX_COMMAND_LENGTH, parseCommand } from './command-parser';
import type { BotSettings, HandlerContext } from './handler-context';
import type { CardData, Incoming, Route } from './routing';
import { errorText, t } from './messages';
import { withoutBuiltInRetries } from './proactive';

/** Tries of a message the bot sends on its own when Teams answers 429 (each after its Retry-After). */
const WELCOME_TRIES = 4;

/** What an Action.Submit no route takes is answered with: the help card, as for `aide`. */
const HELP: Incoming = { type: 'text', command: { kind: 'help' } };

/** The invoke answer to an action the bot cannot take: 400, saying why (never what the store holds). */
function badRequest(message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 400,
    type: 'application/vnd.microsoft.error',
    value: { code: 'BadRequest', message },
  };
}

/** The invoke answer to a verb no route takes. */
const UNKNOWN_VERB = badRequest('unknown verb');

/**
 * What is wrong with an `adaptiveCard/action` invoke's value, or null. botbuilder reads `value.action.type` before
 * any check of ours: a value that is not an object made it throw (a 501 for a mangled click).
 */
export function executeValueProblem(value: unknown): string | null {
  if (!isCardData(value)) return 'value must be an object';
  const action = value.action;
  if (!isCardData(action)) return 'value.action must be an object';
  if (action.type !== 'Action.Execute') return 'value.action.type must be Action.Execute';
  if (typeof action.verb !== 'string' || !/^[a-z][a-z.]{0,63}$/.test(action.verb))
    return 'value.action.verb is not a verb';
  if (action.data !== undefined && action.data !== null && !isCardData(action.data))
    return 'value.action.data must be an object';
  return null;
}

/**
 * The Teams bot: registers the agent, reads the activity as a request (text, Action.Submit, Action.Execute),
 * runs the first route of its list that takes it, and tells the agent about what went wrong.
 */
export class ChallengeBot extends TeamsActivityHandler {
  private readonly helpRoute: Route;

  constructor(
    private readonly deps: UseCaseDeps,
    private readonly settings: BotSettings,
    private readonly log: Logger,
    private readonly leaderboard: LeaderboardCache,
    private readonly routes: readonly Route[],
  ) {
    super();
    const help = routes.find((route) => route.match(HELP));
    if (!help)
      throw new Error('the route list must answer `aide`: it answers what no other route takes');
    this.helpRoute = help;

    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.welcomeIfNew(turn);
      await next();
    });
    this.onMembersAdded(async (turn, next) => {
      const botAdded = (turn.activity.membersAdded ?? []).some(
        (m: ChannelAccount) => m.id === turn.activity.recipient?.id,
      );
      if (botAdded) await this.welcomeIfNew(turn);
      if (botAdded) await this.rememberChannel(turn);
      await next();
    });
    this.onMembersRemoved(async (turn, next) => {
      const botRemoved = (turn.activity.membersRemoved ?? []).some(
        (m: ChannelAccount) => m.id === turn.activity.recipient?.id,
      );
      if (botRemoved) await this.forgetChannel(turn);
      await next();
    });
    this.onInstallationUpdateRemove(async (turn, next) => {
      const agentId = agentIdOf(turn);
      if (agentId && isPersonal(turn)) await unregisterAgent(this.deps, agentId);
      await this.forgetChannel(turn);
      await next();
    });
    this.onMessage(async (turn, next) => {
      await this.handleMessage(turn);
      await next();
    });
  }

  private async welcomeIfNew(turn: TurnContext): Promise<void> {
    if (!isPersonal(turn)) return;
    const { agent, isNew } = await this.register(turn);
    if (agent && isNew)
      await this.sendPaced(
        turn,
        MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard(agent.locale))),
      );
  }

  /**
   * A message the bot sends on its own (not an answer to the agent): through the app's one pace, like the
   * fan-out's cards. A 429 keeps its slot (Teams counted it) and the retry, after its Retry-After, takes another
   * one: the connector client's own retries, which would skip the pace, are off for this turn.
   */
  private async sendPaced(turn: TurnContext, activity: Partial<Activity>): Promise<void> {
    const pacer = this.settings.pacer;
    if (!pacer) {
      await turn.sendActivity(activity);
      return;
    }
    withoutBuiltInRetries(turn);
    for (let tries = 1; ; tries += 1) {
      const slot = await pacer.acquire();
      if (!slot) return; // stopping: nothing more is sent
      slot.used();
      try {
        await turn.sendActivity(activity);
        slot.accepted();
        return;
      } catch (error) {
        const status = statusOf(error);
        if ((status !== 429 && status !== 503) || tries >= WELCOME_TRIES) throw error;
        // Capped: a turn must answer in time.
        const wait = Math.min(retryAfterOfError(error, this.deps.clock.now()) ?? 1000, 10_000);
        slot.throttled(wait);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The bot added to a team: how to post in its channel later (the podium goes there too). */
  private async rememberChannel(turn: TurnContext): Promise<void> {
    const team = teamOf(turn.activity);
    if (!team) return;
    await this.deps.channels.save({
      id: channelIdOf(turn.activity),
      ...(team.id ? { teamId: team.id } : {}),
      ...(team.name ? { teamName: team.name.slice(0, 200) } : {}),
      conversationReference: conversationReferenceOf(turn.activity),
      addedAt: new Date(this.deps.clock.now()).toISOString(),
    });
  }

  /** The bot removed from a team (or the app uninstalled there): its channel is written to no more. */
  private async forgetChannel(turn: TurnContext): Promise<void> {
    if (teamOf(turn.activity)) await this.deps.channels.remove(channelIdOf(turn.activity));
  }

  /** Records the agent from what the activity says; in their personal chat, how to write to them later. */
  private async register(turn: TurnContext): Promise<{ agent: Agent | null; isNew: boolean }> {
    const agentId = agentIdOf(turn);
    if (!agentId) return { agent: null, isNew: false };
    const activity = turn.activity;
    return registerAgent(this.deps, {
      id: agentId,
      tenantId: tenantIdOf(activity) ?? 'local',
      name: activity.from?.name ?? '',
      locale: this.localeFor(activity.locale),
      conversationReference: isPersonal(turn) ? conversationReferenceOf(activity) : undefined,
    });
  }

  /** The agent as the activity describes them, unread and unwritten (see CardRoute.agentFrom). */
  private agentOfActivity(turn: TurnContext): Agent | null {
    const id = agentIdOf(turn);
    if (!id) return null;
    return {
      id,
      tenantId: tenantIdOf(turn.activity) ?? 'local',
      name: turn.activity.from?.name ?? '',
      locale: this.localeFor(turn.activity.locale),
      reachable: true,
      registeredAt: '',
    };
  }

  /** A message: an Action.Submit when it carries a value, else words to read as a command. */
  private async handleMessage(turn: TurnContext): Promise<void> {
    const value: unknown = turn.activity.value;
    const locale = this.localeFor(turn.activity.locale);
    let incoming: Incoming;
    if (isCardData(value)) {
      incoming = { type: 'submit', data: value };
    } else if (value !== undefined && value !== null) {
      // No card of ours sends anything but an object: a mangled click, answered in words, and nothing done.
      await turn.sendActivity(t(locale, 'error.badAction'));
      return;
    } else {
      // Mentions of the bot (in channels) are removed; any other markup stays and is refused where it matters.
      const textOnly =
        TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '';
      if (textOnly.length > MAX_COMMAND_LENGTH) {
        await turn.sendActivity(t(locale, 'error.tooLong', { max: MAX_COMMAND_LENGTH }));
        return;
      }
      if (textOnly.trim() === '') {
        await turn.sendActivity(t(locale, 'error.empty'));
        return;
      }
      if (!isShowableText(textOnly)) {
        // Half a character (a lone surrogate) or a control character: no name, code or id holds one.
        await turn.sendActivity(t(locale, 'error.badAction'));
        return;
      }
      incoming = { type: 'text', command: parseCommand(textOnly) };
    }
    const route = this.routes.find((candidate) => candidate.match(incoming));
    if (route?.problem(incoming)) {
      // Refused before anyone is registered or any handler runs: a malformed action writes nothing.
      await turn.sendActivity(t(locale, 'error.badAction'));
      return;
    }
    const card = route
      ? await this.runRoute(turn, route, incoming)
      : await this.runRoute(turn, this.helpRoute, HELP);
    if (card) await this.replaceClickedCard(turn, card);
  }

  /** An `adaptiveCard/action` whose value botbuilder cannot read is refused here, before it tries. */
  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    if (turn.activity.name === 'adaptiveCard/action') {
      const problem = executeValueProblem(turn.activity.value);
      if (problem) return { status: 400, body: badRequest(problem) };
    }
    return super.onInvokeActivity(turn);
  }

  protected override async onAdaptiveCardInvoke(
    turn: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb: unknown = invokeValue?.action?.verb;
    if (typeof verb !== 'string') return UNKNOWN_VERB;
    const data: unknown = invokeValue.action.data;
    const incoming: Incoming = {
      type: 'execute',
      verb,
      data: { ...(data && typeof data === 'object' ? data : {}), verb },
    };
    const route = this.routes.find((candidate) => candidate.match(incoming));
    if (route?.answers !== 'card') return UNKNOWN_VERB;
    const problem = route.problem(incoming);
    if (problem) return badRequest(`malformed card data: ${problem}`);
    const card = await this.runRoute(turn, route, incoming);
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: { ...card } };
  }

  /**
   * Runs a route for the agent who sent the request. A chat route's failure is told to the agent; a card route
   * answers with its card (its handler turns refusals into the card itself, anything else is the turn's error).
   */
  private async runRoute(
    turn: TurnContext,
    route: Route,
    incoming: Incoming,
  ): Promise<AdaptiveCard | undefined> {
    const { agent } =
      route.answers === 'card' && route.agentFrom === 'activity'
        ? { agent: this.agentOfActivity(turn) }
        : await this.register(turn);
    if (!agent) {
      await turn.sendActivity(t(this.localeFor(turn.activity.locale), 'error.generic'));
      return undefined;
    }
    const context = this.contextFor(turn, agent);
    if (route.answers === 'card') return route.handle(context, incoming);
    try {
      await route.handle(context, incoming);
    } catch (error) {
      await this.replyWithError(context, error);
    }
    return undefined;
  }

  /** The Action.Submit fallback replaces the clicked card when Teams said which one it was. */
  private async replaceClickedCard(turn: TurnContext, card: AdaptiveCard): Promise<void> {
    const replyToId = turn.activity.replyToId;
    const attachment = CardFactory.adaptiveCard(card);
    if (replyToId) {
      await turn.updateActivity({ ...MessageFactory.attachment(attachment), id: replyToId });
    } else {
      await turn.sendActivity(MessageFactory.attachment(attachment));
    }
  }

  private localeFor(tag: string | undefined): Locale {
    return localeOf(tag, { fallback: this.settings.language, localMode: this.settings.localMode });
  }

  private contextFor(turn: TurnContext, agent: Agent): HandlerContext {
    return {
      turn,
      agent,
      locale: this.localeFor(turn.activity.locale),
      deps: this.deps,
      settings: this.settings,
      leaderboard: this.leaderboard,
      reply: async (message) => {
        await turn.sendActivity(MessageFactory.text(message));
      },
      replyCard: async (card) => {
        await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      },
    };
  }

  private async replyWithError(context: HandlerContext, error: unknown): Promise<void> {
    if (!isDomainError(error)) this.log.error('bot handler failed', { error });
    await context.reply(errorText(context.locale, error));
  }
}

/**
 * How to write to the agent later, without the id of the activity at hand: it changes with every message and
 * would make every message rewrite the agent's row.
 */
export function conversationReferenceOf(activity: Activity): string {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  // Data minimisation: a proactive send needs the user's ids, not their display name (kept, once, on the agent's
  // row); the reference is stored, and copied into every queued delivery.
  const user = reference.user;
  const ids = user && {
    id: user.id,
    ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}),
  };
  return JSON.stringify(ids ? { ...reference, user: ids } : reference);
}

function isCardData(value: unknown): value is CardData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tenant the activity comes from: on the conversation, or in Teams' channel data. */
function tenantIdOf(activity: Activity): string | undefined {
  const onConversation = activity.conversation?.tenantId;
  if (onConversation !== undefined && onConversation !== null) return onConversation;
  const channelData: unknown = activity.channelData;
  if (!isCardData(channelData) || !isCardData(channelData.tenant)) return undefined;
  const id = channelData.tenant.id;
  return typeof id === 'string' ? id : undefined;
}

/** The team of a channel activity (Teams' channel data), or undefined outside a team. */
function teamOf(activity: Activity): { id?: string; name?: string } | undefined {
  const channelData: unknown = activity.channelData;
  if (!isCardData(channelData)) return undefined;
  const team = channelData.team;
  if (!isCardData(team)) return undefined;
  return {
    id: typeof team.id === 'string' ? team.id : undefined,
    name: typeof team.name === 'string' ? team.name : undefined,
  };
}

/** A channel's conversation id, without the `;messageid=` Teams adds when the activity is a reply in a thread. */
function channelIdOf(activity: Activity): string {
  return String(activity.conversation?.id ?? '').split(';')[0]!;
}

function agentIdOf(turn: TurnContext): string | undefined {
  const from = turn.activity.from;
  const id = from?.aadObjectId || from?.id;
  return id ? String(id).slice(0, 200) : undefined;
}

function isPersonal(turn: TurnContext): boolean {
  const type = turn.activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}
