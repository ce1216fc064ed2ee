import type { Challenge } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import type { UseCaseDeps } from './deps';

/** The running challenge, or a challenge_missing error. */
export async function currentChallenge(deps: Pick<UseCaseDeps, 'challenges'>): Promise<Challenge> {
  const challenge = await deps.challenges.current();
  if (!challenge) throw new DomainError('challenge_missing', 'no challenge is set up');
  return challenge;
}
