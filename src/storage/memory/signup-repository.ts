import { DomainError } from '../../domain/errors';
import type { Signup, SignupRepository } from '../../domain/ports';
import { byKey, copy } from './copy';

/** One workshop's seats: the twin of its Signups partition. */
interface Seats {
  taken: number;
  signups: Map<string, Signup>;
}

/**
 * In-memory twin of TableSignupRepository: one seat per agent (already_signed_up), `check` on the count of seats
 * taken before the seat is given, not_signed_up when cancelling a seat the agent does not have.
 */
export class MemorySignupRepository implements SignupRepository {
  private readonly workshops = new Map<string, Seats>();

  private seatsOf(challengeId: string, workshopId: string): Seats | undefined {
    return this.workshops.get(`${challengeId}|${workshopId}`);
  }

  async signUp(
    challengeId: string,
    workshopId: string,
    signup: Signup,
    check: (taken: number) => void,
  ) {
    const key = `${challengeId}|${workshopId}`;
    const seats = this.workshops.get(key) ?? { taken: 0, signups: new Map<string, Signup>() };
    if (seats.signups.has(signup.agentId))
      throw new DomainError('already_signed_up', 'the agent already has a seat');
    check(seats.taken);
    seats.signups.set(signup.agentId, copy(signup));
    seats.taken += 1;
    this.workshops.set(key, seats);
    return { taken: seats.taken };
  }

  async cancel(challengeId: string, workshopId: string, agentId: string) {
    const seats = this.seatsOf(challengeId, workshopId);
    if (!seats?.signups.has(agentId))
      throw new DomainError('not_signed_up', 'the agent has no seat');
    seats.signups.delete(agentId);
    seats.taken = Math.max(0, seats.taken - 1);
    return { taken: seats.taken };
  }

  async isSignedUp(challengeId: string, workshopId: string, agentId: string): Promise<boolean> {
    return this.seatsOf(challengeId, workshopId)?.signups.has(agentId) ?? false;
  }

  async taken(challengeId: string, workshopId: string): Promise<number> {
    return this.seatsOf(challengeId, workshopId)?.taken ?? 0;
  }

  async list(challengeId: string, workshopId: string): Promise<Signup[]> {
    const signups = [...(this.seatsOf(challengeId, workshopId)?.signups.values() ?? [])];
    return signups
      .sort((a, b) => byKey(a.agentId, b.agentId))
      .map(({ agentId, name, at }) => ({ agentId, name, at }));
  }
}
