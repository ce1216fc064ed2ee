import type { TurnContext } from 'botbuilder';
import type { Agent, Locale } from '../domain/agents';
import type { SendingHours } from '../domain/announcements';
import type { Pacer } from '../domain/ports';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import type { AdaptiveCard } from './cards/adaptive';

/** Settings the bot edge needs beyond the use cases. */
export interface BotSettings {
  /** No app id: channel tokens are not checked, and `devenir organisateur` works. */
  localMode: boolean;
  /** The challenge's language, for clients in another one (and always in local mode); French by default. */
  language?: Locale;
  /** Where the tab is served, for "see the ranking" links; undefined when unknown. */
  publicUrl?: string;
  /** When announcements may go out (one written outside them waits). */
  sendingHours: SendingHours;
  /**
   * The app's one pace, for what the bot sends on its own in a turn (the welcome card when the app is
   * installed): 2,000 installations at once must not go over Teams' limit. Unpaced when absent (unit tests).
   */
  pacer?: Pacer;
}

/** What a handler gets: the turn, the agent who spoke, and the app's use-case dependencies. */
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
