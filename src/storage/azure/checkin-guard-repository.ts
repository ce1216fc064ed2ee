import type { CheckinGuardRepository } from '../../domain/ports';
import {
  getEntityOrNull,
  isConflict,
  LostRace,
  safeKey,
  withOptimisticRetry,
  type TableSet,
} from './tables';

/**
 * CheckinGuards table, one partition per agent and challenge (PK = '<challenge>|<agent>'):
 *   RK 'wrong'  { attempts }: the instants (JSON, epoch ms) of the agent's recent wrong check-in codes, trimmed to
 *               what the guess limit still counts                                             — ETag-updated
 * In the store, not in memory: every instance must refuse the sixth guess, whichever instance took the five.
 */
interface GuardRow {
  attempts: string;
}

const ROW = 'wrong';
const partitionOf = (challengeId: string, agentId: string) => `${challengeId}|${safeKey(agentId)}`;

export class TableCheckinGuardRepository implements CheckinGuardRepository {
  constructor(private readonly tables: TableSet) {}

  private get client() {
    return this.tables.CheckinGuards;
  }

  async wrongAttempts(challengeId: string, agentId: string): Promise<number[]> {
    const row = await getEntityOrNull<GuardRow>(
      this.client,
      partitionOf(challengeId, agentId),
      ROW,
    );
    return row ? (JSON.parse(row.attempts) as number[]) : [];
  }

  async addWrongAttempt(
    challengeId: string,
    agentId: string,
    at: number,
    keep: (attempts: number[]) => number[],
  ) {
    const pk = partitionOf(challengeId, agentId);
    return withOptimisticRetry(async () => {
      const row = await getEntityOrNull<GuardRow>(this.client, pk, ROW);
      const attempts = keep([...(row ? (JSON.parse(row.attempts) as number[]) : []), at]);
      const entity = { partitionKey: pk, rowKey: ROW, attempts: JSON.stringify(attempts) };
      if (row) {
        await this.client.updateEntity(entity, 'Replace', { etag: row.etag });
      } else {
        try {
          await this.client.createEntity(entity);
        } catch (error) {
          // Another instance recorded this agent's first wrong code meanwhile: add to theirs.
          throw isConflict(error) ? new LostRace(error) : error;
        }
      }
      return attempts;
    });
  }
}
