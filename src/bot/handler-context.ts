import type { TurnContext } from 'botbuilder';
import type { Agent, Locale } from '../domain/agents';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import type { AdaptiveCard } from './cards/adaptive';
import type { Command } from './command-parser';

/** Settings the bot edge needs beyond the use cases. */
export interface BotSettings {
  /** No app id: channel tokens are not checked, and `devenir organisateur` works. */
  localMode: boolean;
  /** Where the tab is served, for "see the ranking" links; undefined when unknown. */
  publicUrl?: string;
}

/** What a command handler gets: the turn, the agent who spoke, and the app's use-case dependencies. */
export interface HandlerContext {
  turn: TurnContext;
  agent: Agent;
  locale: Locale;
  deps: UseCaseDeps;
  settings: BotSettings;
  leaderboard: LeaderboardCache;
  reply(text: string): Promise<void>;
  replyCard(card: AdaptiveCard): Promise<void>;
}

/** A route: which commands it takes, and what it does with them. */
export interface Route<K extends Command['kind'] = Command['kind']> {
  kind: K;
  handle(context: HandlerContext, command: Extract<Command, { kind: K }>): Promise<void>;
}

export function route<K extends Command['kind']>(
  kind: K,
  handle: (context: HandlerContext, command: Extract<Command, { kind: K }>) => Promise<void>,
): Route {
  return { kind, handle } as unknown as Route;
}
