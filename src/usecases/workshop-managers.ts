import { isOrganiser } from '../domain/agents';
import type { Challenge } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import { isHostOf, type Workshop } from '../domain/workshops';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** Ids longer than this are no ids of ours: refused before any read. */
const MAX_ID_LENGTH = 100;

/**
 * The workshop, once the caller is known to be an organiser or an agent of its host direction: the one rule for
 * whoever manages a workshop (attendance by hand, its materials); workshop_unknown or not_host otherwise.
 */
export async function workshopManagedBy(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops' | 'agents' | 'organiserIds'>,
  callerId: string,
  workshopId: string,
): Promise<{ challenge: Challenge; workshop: Workshop }> {
  const challenge = await currentChallenge(deps);
  const workshop =
    workshopId && workshopId.length <= MAX_ID_LENGTH
      ? await deps.workshops.get(challenge.id, workshopId)
      : null;
  if (!workshop) {
    throw new DomainError('workshop_unknown', 'no such workshop', {
      reference: workshopId.slice(0, 40),
    });
  }
  const caller = await deps.agents.get(callerId);
  const allowed =
    isOrganiser({ id: callerId, organiser: caller?.organiser }, deps.organiserIds) ||
    (caller !== null && isHostOf(caller, workshop));
  if (!allowed) {
    throw new DomainError('not_host', 'the workshop’s host direction and organisers only', {
      workshop: workshop.title,
    });
  }
  return { challenge, workshop };
}
