import { reachableRecipients, type StartedSend } from '../domain/broadcast';
import { agentsOf } from './agents-of';
import { DomainError } from '../domain/errors';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** The reminder of a workshop to everyone signed up, once, whoever asks (the scheduler, 15 minutes before it). */
export async function sendWorkshopReminder(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops' | 'signups' | 'agents' | 'fanOut'>,
  input: { workshopId: string; requestedBy: string },
): Promise<StartedSend> {
  const challenge = await currentChallenge(deps);
  const workshop = await deps.workshops.get(challenge.id, input.workshopId);
  if (!workshop)
    throw new DomainError('workshop_unknown', 'no such workshop', {
      reference: input.workshopId.slice(0, 40),
    });
  return deps.fanOut.start({
    kind: 'workshop-reminder',
    challengeId: challenge.id,
    subject: workshop.id,
    requestedBy: input.requestedBy,
    recipients: async function* () {
      const signups = await deps.signups.list(challenge.id, workshop.id);
      yield* reachableRecipients(
        agentsOf(
          deps,
          signups.map((s) => s.agentId),
        ),
      );
    },
  });
}
