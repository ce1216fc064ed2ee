import { safeKey } from './tables';

/*
 * The keys the Events and Teams tables share: an agent's ledger (Events) names their team, and reads the
 * membership row (Teams) when it does not say yet. Here, so that neither repository imports the other.
 */

/** The Events partition of one agent in one challenge. */
export const eventsPartitionOf = (challengeId: string, agentId: string) =>
  `${challengeId}|${safeKey(agentId)}`;

/** The RowKey of the agent's ledger in their Events partition: tally, copy of the answers, team id. */
export const LEDGER = 'tally';

/** The RowKey of an agent's membership in the Teams partition of a challenge. */
export const teamMemberKey = (agentId: string) => `member:${safeKey(agentId)}`;
