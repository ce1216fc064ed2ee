import type { TransactionAction } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import type { Signup, SignupRepository } from '../../domain/ports';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  LostRace,
  listPartition,
  safeKey,
  withOptimisticRetry,
  type TableSet,
} from './tables';
import { submitBatch } from './table-wire';

/**
 * Signups table, one partition per workshop (PK = '<challenge>|<workshop>'), so that a seat and the count of
 * seats change together in one transaction:
 *   RK 'seats'          { taken }: seats taken                              — ETag-updated (the capacity guard)
 *   RK 'agent:<agent>'  { agentId, name, at }: one agent's seat             — created once (409 = already there)
 * Two agents taking the last seat both write the count with the ETag they read: one transaction lands, the other
 * gets 412, reads the full count and is refused. An agent's own sign-ups are point reads of their row in each
 * workshop's partition (a programme holds tens of workshops, not thousands).
 */
interface SeatsRow {
  taken: number;
}
interface SignupRow {
  agentId: string;
  name: string;
  at: string;
}

const SEATS = 'seats';
const partitionOf = (challengeId: string, workshopId: string) =>
  `${challengeId}|${safeKey(workshopId)}`;
const agentKey = (agentId: string) => `agent:${safeKey(agentId)}`;

/** A transaction that lost a race (the same row created twice, or deleted meanwhile): read again and decide. */
function retryOn409or404(error: unknown): never {
  throw isConflict(error) || isNotFound(error) ? new LostRace(error) : error;
}

// Many agents may rush for the same workshop at once: each round of a race lets one of them through.
const TRIES = 60;

export class TableSignupRepository implements SignupRepository {
  constructor(private readonly tables: TableSet) {}

  private get client() {
    return this.tables.Signups;
  }

  async signUp(
    challengeId: string,
    workshopId: string,
    signup: Signup,
    check: (taken: number) => void,
  ) {
    const pk = partitionOf(challengeId, workshopId);
    return withOptimisticRetry(async () => {
      const [seats, mine] = await Promise.all([
        getEntityOrNull<SeatsRow>(this.client, pk, SEATS),
        getEntityOrNull<SignupRow>(this.client, pk, agentKey(signup.agentId)),
      ]);
      if (mine) throw new DomainError('already_signed_up', 'the agent already has a seat');
      const taken = seats?.taken ?? 0;
      check(taken);
      const count = { partitionKey: pk, rowKey: SEATS, taken: taken + 1 };
      try {
        await submitBatch(this.client, [
          ['create', { partitionKey: pk, rowKey: agentKey(signup.agentId), ...signup }],
          seats ? ['update', count, 'Merge', { etag: seats.etag }] : ['create', count],
        ]);
      } catch (error) {
        retryOn409or404(error);
      }
      return { taken: taken + 1 };
    }, TRIES);
  }

  async cancel(challengeId: string, workshopId: string, agentId: string) {
    const pk = partitionOf(challengeId, workshopId);
    return withOptimisticRetry(async () => {
      const [seats, mine] = await Promise.all([
        getEntityOrNull<SeatsRow>(this.client, pk, SEATS),
        getEntityOrNull<SignupRow>(this.client, pk, agentKey(agentId)),
      ]);
      if (!mine) throw new DomainError('not_signed_up', 'the agent has no seat');
      const taken = Math.max(0, (seats?.taken ?? 1) - 1);
      const actions: TransactionAction[] = [
        ['delete', { partitionKey: pk, rowKey: agentKey(agentId) }],
      ];
      if (seats)
        actions.push([
          'update',
          { partitionKey: pk, rowKey: SEATS, taken },
          'Merge',
          { etag: seats.etag },
        ]);
      try {
        await submitBatch(this.client, actions);
      } catch (error) {
        retryOn409or404(error);
      }
      return { taken };
    }, TRIES);
  }

  async isSignedUp(challengeId: string, workshopId: string, agentId: string): Promise<boolean> {
    return (
      (await getEntityOrNull(
        this.client,
        partitionOf(challengeId, workshopId),
        agentKey(agentId),
      )) !== null
    );
  }

  async taken(challengeId: string, workshopId: string): Promise<number> {
    return (
      (await getEntityOrNull<SeatsRow>(this.client, partitionOf(challengeId, workshopId), SEATS))
        ?.taken ?? 0
    );
  }

  async list(challengeId: string, workshopId: string): Promise<Signup[]> {
    const rows = await listPartition<SignupRow>(
      this.client,
      partitionOf(challengeId, workshopId),
      'agent:',
    );
    return rows.map((row) => ({ agentId: row.agentId, name: row.name, at: row.at }));
  }
}
