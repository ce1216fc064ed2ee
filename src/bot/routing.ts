/**
 * What a route of the bot is: one entry `{ match, handle }` of the route list (`routes.ts`), for text commands,
 * Action.Submit payloads and Action.Execute verbs alike. Handler modules build theirs with `commandRoute` or
 * `cardActionRoute`, which type the command by its kind and the card action by its verb.
 */
import { cardDataProblem, type CardData, type CardFields } from './card-data';
import type { AdaptiveCard } from './cards/adaptive';
import type {
  ANNOUNCEMENT_DISCARD_VERB,
  ANNOUNCEMENT_EDIT_VERB,
  ANNOUNCEMENT_PREVIEW_VERB,
  ANNOUNCEMENT_SEND_VERB,
} from './cards/announcement-compose-card';
import type {
  ANNOUNCEMENT_CANCEL_VERB,
  ANNOUNCEMENT_REFRESH_VERB,
} from './cards/announcement-report-card';
import type { CHECKIN_VERB } from './cards/checkin-card';
import type { PODIUM_PUBLISH_VERB } from './cards/podium-card';
import type { QUIZ_ANSWER_VERB } from './cards/quiz-card';
import type { WORKSHOP_CANCEL_VERB, WORKSHOP_SIGNUP_VERB } from './cards/workshop-list-card';
import type { Command } from './command-parser';
import type { HandlerContext } from './handler-context';

export type { CardData } from './card-data';

/** The verbs of the cards' Universal Actions (Action.Execute, with an Action.Submit fallback). */
export type CardVerb =
  | typeof QUIZ_ANSWER_VERB
  | typeof CHECKIN_VERB
  | typeof WORKSHOP_SIGNUP_VERB
  | typeof WORKSHOP_CANCEL_VERB
  | typeof PODIUM_PUBLISH_VERB
  | typeof ANNOUNCEMENT_PREVIEW_VERB
  | typeof ANNOUNCEMENT_EDIT_VERB
  | typeof ANNOUNCEMENT_DISCARD_VERB
  | typeof ANNOUNCEMENT_SEND_VERB
  | typeof ANNOUNCEMENT_REFRESH_VERB
  | typeof ANNOUNCEMENT_CANCEL_VERB;

/** What an activity asks of the bot, read once by ChallengeBot before any route sees it. */
export type Incoming =
  /** A chat message, understood as a command. */
  | { type: 'text'; command: Command }
  /** An Action.Submit: `{ action, … }` stands for a command, `{ verb, … }` for a Universal Action's fallback. */
  | { type: 'submit'; data: CardData }
  /** An Action.Execute (an `adaptiveCard/action` invoke); its data carries the verb too. */
  | { type: 'execute'; verb: string; data: CardData };

/** A route that answers in the chat itself; what it throws is told to the agent by the bot. */
export interface ChatRoute {
  answers: 'chat';
  /** Whether this route takes the request; the bot runs the first route of the list that does. */
  match(incoming: Incoming): boolean;
  /**
   * What is malformed in the card data of a request this route takes, or null: the bot refuses a malformed one
   * before registering anyone or running the handler.
   */
  problem(incoming: Incoming): string | null;
  handle(context: HandlerContext, incoming: Incoming): Promise<void>;
}

/** A route that answers with the card replacing the one clicked (in the invoke response, or by an update). */
export interface CardRoute {
  answers: 'card';
  /**
   * 'activity' when the handler needs only who clicked and in which language, as the activity says: the agent's
   * stored row is not read (a card the bot sent them: they are registered). The quiz answer, the hottest path.
   */
  agentFrom?: 'activity';
  /** Whether this route takes the request; the bot runs the first route of the list that does. */
  match(incoming: Incoming): boolean;
  /** What is malformed in the card data of a request this route takes, or null (see ChatRoute). */
  problem(incoming: Incoming): string | null;
  handle(context: HandlerContext, incoming: Incoming): Promise<AdaptiveCard>;
}

/** One entry of the bot's route list: text commands, Action.Submit payloads and card verbs alike. */
export type Route = ChatRoute | CardRoute;

/** The member of `Command` of one kind. */
export type CommandOf<K extends Command['kind']> = Extract<Command, { kind: K }>;

function isCommandOf<K extends Command['kind']>(
  command: Command,
  kind: K,
): command is CommandOf<K> {
  return command.kind === kind;
}

/** A route given a request its own `match` refused: a bug in the bot, never the agent's doing. */
function notTaken(name: string): Error {
  return new Error(`route "${name}" was run for a request it does not take`);
}

/**
 * A chat command: typed (`kind`), or sent by a card's Action.Submit `{ action: kind, … }` when `fromSubmit`
 * reads such a payload into the command; `fields` are the ones `fromSubmit` reads, and what they may hold.
 */
export function commandRoute<K extends Command['kind']>(spec: {
  kind: K;
  fromSubmit?: (data: CardData) => CommandOf<K>;
  fields?: CardFields;
  handle(context: HandlerContext, command: CommandOf<K>): Promise<void>;
}): ChatRoute {
  const commandIn = (incoming: Incoming): CommandOf<K> | null => {
    if (incoming.type === 'text') {
      return isCommandOf(incoming.command, spec.kind) ? incoming.command : null;
    }
    if (incoming.type === 'submit' && spec.fromSubmit && incoming.data.action === spec.kind) {
      return spec.fromSubmit(incoming.data);
    }
    return null;
  };
  return {
    answers: 'chat',
    match: (incoming) => commandIn(incoming) !== null,
    problem: (incoming) =>
      incoming.type === 'submit' ? cardDataProblem(incoming.data, spec.fields ?? {}) : null,
    async handle(context, incoming) {
      const command = commandIn(incoming);
      if (command === null) throw notTaken(spec.kind);
      await spec.handle(context, command);
    },
  };
}

/**
 * A card button: an Action.Execute `verb`, or the Action.Submit `{ verb, … }` that stands for it on older clients.
 * `fields` are the fields of its data the handler reads, and what they may hold.
 */
export function cardActionRoute(spec: {
  verb: CardVerb;
  fields: CardFields;
  agentFrom?: 'activity';
  handle(context: HandlerContext, data: CardData): Promise<AdaptiveCard>;
}): CardRoute {
  const dataIn = (incoming: Incoming): CardData | null => {
    if (incoming.type === 'execute') return incoming.verb === spec.verb ? incoming.data : null;
    if (incoming.type === 'submit') return incoming.data.verb === spec.verb ? incoming.data : null;
    return null;
  };
  return {
    answers: 'card',
    ...(spec.agentFrom ? { agentFrom: spec.agentFrom } : {}),
    match: (incoming) => dataIn(incoming) !== null,
    problem(incoming) {
      const data = dataIn(incoming);
      return data === null ? null : cardDataProblem(data, spec.fields);
    },
    async handle(context, incoming) {
      const data = dataIn(incoming);
      if (data === null) throw notTaken(spec.verb);
      return spec.handle(context, data);
    },
  };
}

/** A text field of card data, or '' when it is missing or not text. */
export function textField(data: CardData, name: string): string {
  const value = data[name];
  return typeof value === 'string' ? value : '';
}
