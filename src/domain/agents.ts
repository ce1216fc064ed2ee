/** An agent of the collectivity who installed the app (or wrote to the bot). */
export interface Agent {
  /** Entra object id (`oid`, `from.aadObjectId`); the channel's user id when there is none (local mode). */
  id: string;
  tenantId: string;
  name: string;
  /** Preferred language of the agent's Teams client, 'fr' or 'en'. */
  locale: Locale;
  /** The agent's direction (service), when known from the directory. */
  direction?: string;
  /** False once the app is uninstalled or the connector says the conversation is gone; points are kept. */
  reachable: boolean;
  /** Opaque JSON of the conversation reference for proactive messages; owned by the bot edge. */
  conversationReference?: string;
  registeredAt: string;
  /** Granted by an organiser command in local mode; production organisers come from ORGANISER_IDS. */
  organiser?: boolean;
  /** The agent chose to show their name to their teammates; absent or false: they see "a team member". */
  showNameToTeam?: boolean;
}

export type Locale = 'fr' | 'en';

/**
 * The language to answer in: the client's when it is one we have, else the challenge's (French by default). In
 * local mode the challenge's always wins: the Agents Playground says en-US whoever tries it.
 */
export function localeOf(
  tag: string | undefined,
  options: { fallback?: Locale; localMode?: boolean } = {},
): Locale {
  const fallback = options.fallback ?? 'fr';
  if (options.localMode) return fallback;
  const language = (tag ?? '').toLowerCase();
  if (language.startsWith('en')) return 'en';
  if (language.startsWith('fr')) return 'fr';
  return fallback;
}

/** Whether an agent holds the organiser role. */
export function isOrganiser(
  agent: Pick<Agent, 'id' | 'organiser'>,
  organiserIds: ReadonlySet<string>,
): boolean {
  return organiserIds.has(agent.id) || agent.organiser === true;
}

/**
 * The name a teammate sees for a member of their team: the member's own name when it is the reader themself or when
 * the member chose to show it, else null (the reader is shown "Un membre de l'équipe" / "A team member").
 */
export function nameForTeammate(
  member: { agentId: string; name: string },
  readerId: string,
  showsName: (agentId: string) => boolean,
): string | null {
  return member.agentId === readerId || showsName(member.agentId) ? member.name : null;
}
