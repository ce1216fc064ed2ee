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
}
