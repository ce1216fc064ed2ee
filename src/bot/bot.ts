import {
  type Activity,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
} from 'botbuilder';
import { localeOf, type Agent, type Locale } from '../domain/agents';
import { isDomainError } from '../domain/errors';
import type { Logger } from '../log';
import { registerAgent, unregisterAgent } from '../usecases/register-agent';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './cards/adaptive';
import { welcomeCard } from './cards/welcome-card';
import { MAX_COMMAND_LENGTH, parseCommand, type Command } from './command-parser';
import type { BotSettings, HandlerContext, Route } from './handler-context';
import { errorText, t } from './messages';

/** A card action the bot understands, answered with the card that replaces the one clicked. */
export interface CardActionRoute {
  verb: string;
  handle(context: HandlerContext, data: Record<string, unknown>): Promise<AdaptiveCard>;
}

/** Reads an Action.Submit payload as the command it stands for. */
function commandFromSubmit(value: Record<string, unknown>): Command | null {
  const field = (name: string) => (typeof value[name] === 'string' ? (value[name] as string) : '');
  switch (value.action) {
    case 'help':
      return { kind: 'help' };
    case 'team.create':
      return { kind: 'team.create', name: field('name') };
    case 'team.join':
      return { kind: 'team.join', code: field('code') };
    case 'team.show':
      return { kind: 'team.show' };
    case 'quiz.show':
      return { kind: 'quiz.show' };
    case 'workshop.list':
      return { kind: 'workshop.list' };
    case 'workshop.mine':
      return { kind: 'workshop.mine' };
    default:
      return null;
  }
}

/** The Teams bot: registers agents, routes commands and card actions to one handler each. */
export class ChallengeBot extends TeamsActivityHandler {
  private readonly routes = new Map<Command['kind'], Route>();
  private readonly cardActions = new Map<string, CardActionRoute>();

  constructor(
    private readonly deps: UseCaseDeps,
    private readonly settings: BotSettings,
    private readonly log: Logger,
    private readonly leaderboard: LeaderboardCache,
    routes: Route[],
    cardActions: CardActionRoute[] = [],
  ) {
    super();
    for (const r of routes) this.routes.set(r.kind, r);
    for (const action of cardActions) this.cardActions.set(action.verb, action);

    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.welcomeIfNew(turn);
      await next();
    });
    this.onMembersAdded(async (turn, next) => {
      const botAdded = (turn.activity.membersAdded ?? []).some((m: ChannelAccount) => m.id === turn.activity.recipient?.id);
      if (botAdded) await this.welcomeIfNew(turn);
      await next();
    });
    this.onInstallationUpdateRemove(async (turn, next) => {
      const agentId = agentIdOf(turn);
      if (agentId && isPersonal(turn)) await unregisterAgent(this.deps, agentId);
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
    if (agent && isNew) {
      await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard(agent.locale))));
    }
  }

  /** Records the agent and, in their personal chat, how to write to them later. */
  private async register(turn: TurnContext): Promise<{ agent: Agent | null; isNew: boolean }> {
    const agentId = agentIdOf(turn);
    if (!agentId) return { agent: null, isNew: false };
    const activity = turn.activity;
    const known = await this.deps.agents.get(agentId);
    const reference = isPersonal(turn) ? conversationReferenceOf(activity) : undefined;
    const locale = localeOf(activity.locale);
    const name = (activity.from?.name ?? '').slice(0, 120);
    if (
      known &&
      known.reachable &&
      (reference === undefined || known.conversationReference === reference) &&
      known.locale === locale &&
      (known.name === name || !name)
    ) {
      return { agent: known, isNew: false };
    }
    return registerAgent(this.deps, {
      id: agentId,
      tenantId: activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? 'local',
      name: name || known?.name || 'Agent',
      locale,
      conversationReference: reference ?? known?.conversationReference ?? '',
    });
  }

  private async handleMessage(turn: TurnContext): Promise<void> {
    const locale = localeOf(turn.activity.locale);
    const value = turn.activity.value;
    let command: Command | null;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      command = commandFromSubmit(value as Record<string, unknown>);
      if (!command) {
        const verb = (value as Record<string, unknown>).verb;
        const action = typeof verb === 'string' ? this.cardActions.get(verb) : undefined;
        if (action) {
          // Action.Submit fallback of a Universal Action: same handler, the result comes as a new card.
          await this.runCardAction(turn, action, value as Record<string, unknown>, 'reply');
          return;
        }
        command = { kind: 'help' };
      }
    } else {
      // Mentions of the bot (in channels) are removed; any other markup stays and is refused where it matters.
      const textOnly = TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '';
      if (textOnly.length > MAX_COMMAND_LENGTH) {
        await turn.sendActivity(t(locale, 'error.tooLong', { max: MAX_COMMAND_LENGTH }));
        return;
      }
      if (textOnly.trim() === '') {
        await turn.sendActivity(t(locale, 'error.empty'));
        return;
      }
      command = parseCommand(textOnly);
    }
    const { agent } = await this.register(turn);
    if (!agent) {
      await turn.sendActivity(t(locale, 'error.generic'));
      return;
    }
    const routeFor = this.routes.get(command.kind) ?? this.routes.get('unknown')!;
    const context = this.contextFor(turn, agent);
    try {
      await routeFor.handle(context, command as never);
    } catch (error) {
      await this.replyWithError(context, error);
    }
  }

  protected override async onAdaptiveCardInvoke(
    turn: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue?.action?.verb;
    const action = typeof verb === 'string' ? this.cardActions.get(verb) : undefined;
    if (!action) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown verb' } as never };
    }
    const data = invokeValue.action.data && typeof invokeValue.action.data === 'object' ? invokeValue.action.data : {};
    const card = await this.runCardAction(turn, action, { ...data, verb }, 'invoke');
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never };
  }

  private async runCardAction(
    turn: TurnContext,
    action: CardActionRoute,
    data: Record<string, unknown>,
    mode: 'invoke' | 'reply',
  ): Promise<AdaptiveCard | undefined> {
    const locale = localeOf(turn.activity.locale);
    const { agent } = await this.register(turn);
    if (!agent) {
      await turn.sendActivity(t(locale, 'error.generic'));
      return undefined;
    }
    const context = this.contextFor(turn, agent);
    const card = await action.handle(context, data);
    if (mode === 'reply') {
      // The fallback path replaces the clicked card when Teams told us which one it was.
      const replyToId = turn.activity.replyToId;
      const attachment = CardFactory.adaptiveCard(card);
      if (replyToId) {
        await turn.updateActivity({ ...MessageFactory.attachment(attachment), id: replyToId });
      } else {
        await turn.sendActivity(MessageFactory.attachment(attachment));
      }
    }
    return card;
  }

  private contextFor(turn: TurnContext, agent: Agent): HandlerContext {
    const locale: Locale = localeOf(turn.activity.locale);
    return {
      turn,
      agent,
      locale,
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
  return JSON.stringify(reference);
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
