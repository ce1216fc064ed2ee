import type { CheckinGuardRepository } from '../../domain/ports';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  LostRace,
  safeKey,
  withOptimisticRetry,
  type TableSet,
} from './tables';

/**
 * CheckinGuards table, one partition per agent and challenge (PK = '<challenge>|<agent>'):
 *   RK 'wrong'  { attempts }: the instants (JSON, epoch ms) of the agent's recent check-in guesses, trimmed to
 *               what the guess limit still counts                                             — ETag-updated
 * In the store, not in memory: every instance must refuse the sixth guess, whichever instance took the five.
 * A guess takes its slot here (an ETag-conditional write) before its code is checked, and a right code gives
 * it back: 100 guesses sent at once each see the slots the others took, so no more than the limit are checked.
 * Racing writers on one row cost a re-read each; once the slots are full they only read, so the race ends.
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

  async reserveAttempt(
    challengeId: string,
    agentId: string,
    _at: number,
    admit: (attempts: number[]) => number[] | null,
  ): Promise<{ reserved: boolean; attempts: number[] }> {
    const pk = partitionOf(challengeId, agentId);
    return withOptimisticRetry(async () => {
      const row = await getEntityOrNull<GuardRow>(this.client, pk, ROW);
      const stored = row ? (JSON.parse(row.attempts) as number[]) : [];
      const admitted = admit([...stored]);
      if (admitted === null) return { reserved: false, attempts: stored };
      await this.write(pk, admitted, row?.etag);
      return { reserved: true, attempts: admitted };
    });
  }

  async releaseAttempt(challengeId: string, agentId: string, at: number): Promise<void> {
    const pk = partitionOf(challengeId, agentId);
    await withOptimisticRetry(async () => {
      const row = await getEntityOrNull<GuardRow>(this.client, pk, ROW);
      const stored = row ? (JSON.parse(row.attempts) as number[]) : [];
      const index = stored.indexOf(at);
      if (!row || index < 0) return;
      await this.write(
        pk,
        stored.filter((_, i) => i !== index),
        row.etag,
      );
    });
  }

  async clear(challengeId: string, agentId: string): Promise<boolean> {
    try {
      await this.client.deleteEntity(partitionOf(challengeId, agentId), ROW);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Replaces the row read at `etag`, or creates it when none was read; a lost race is read again. */
  private async write(pk: string, attempts: number[], etag: string | undefined): Promise<void> {
    const entity = { partitionKey: pk, rowKey: ROW, attempts: JSON.stringify(attempts) };
    if (etag) {
      await this.client.updateEntity(entity, 'Replace', { etag });
      return;
    }
    try {
      await this.client.createEntity(entity);
    } catch (error) {
      throw isConflict(error) ? new LostRace(error) : error;
    }
  }
}
