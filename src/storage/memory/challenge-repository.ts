import type { Challenge } from '../../domain/challenge';
import type { ChallengeRepository } from '../../domain/ports';
import { copy } from './copy';

/** In-memory twin of TableChallengeRepository: challenges by id, and which one is current. */
export class MemoryChallengeRepository implements ChallengeRepository {
  private readonly challenges = new Map<string, Challenge>();
  private currentId: string | null = null;

  async current(): Promise<Challenge | null> {
    return this.currentId === null ? null : this.get(this.currentId);
  }

  async get(challengeId: string): Promise<Challenge | null> {
    const challenge = this.challenges.get(challengeId);
    return challenge ? copy(challenge) : null;
  }

  async saveAsCurrent(challenge: Challenge): Promise<void> {
    this.challenges.set(challenge.id, copy(challenge));
    this.currentId = challenge.id;
  }
}
