import type { CheckinGuardRepository } from '../../domain/ports';

/** In-memory twin of TableCheckinGuardRepository: each agent's recent wrong codes, per challenge. */
export class MemoryCheckinGuardRepository implements CheckinGuardRepository {
  private readonly attempts = new Map<string, number[]>();

  async wrongAttempts(challengeId: string, agentId: string): Promise<number[]> {
    return [...(this.attempts.get(`${challengeId}|${agentId}`) ?? [])];
  }

  async addWrongAttempt(
    challengeId: string,
    agentId: string,
    at: number,
    keep: (attempts: number[]) => number[],
  ): Promise<number[]> {
    const key = `${challengeId}|${agentId}`;
    const kept = keep([...(this.attempts.get(key) ?? []), at]);
    this.attempts.set(key, [...kept]);
    return [...kept];
  }

  async reserveAttempt(
    challengeId: string,
    agentId: string,
    _at: number,
    admit: (attempts: number[]) => number[] | null,
  ): Promise<{ reserved: boolean; attempts: number[] }> {
    // Read and write in one synchronous step: the twin of the table's ETag-conditional write.
    const key = `${challengeId}|${agentId}`;
    const stored = [...(this.attempts.get(key) ?? [])];
    const admitted = admit([...stored]);
    if (admitted === null) return { reserved: false, attempts: stored };
    this.attempts.set(key, [...admitted]);
    return { reserved: true, attempts: [...admitted] };
  }

  async releaseAttempt(challengeId: string, agentId: string, at: number): Promise<void> {
    const key = `${challengeId}|${agentId}`;
    const stored = this.attempts.get(key) ?? [];
    const index = stored.indexOf(at);
    if (index >= 0)
      this.attempts.set(
        key,
        stored.filter((_, i) => i !== index),
      );
  }

  async clear(challengeId: string, agentId: string): Promise<boolean> {
    return this.attempts.delete(`${challengeId}|${agentId}`);
  }
}
