import type { Agent } from '../domain/agents';
import type { StartedSend } from '../domain/broadcast';
import { DomainError } from '../domain/errors';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** Reads `ids`' agents a few at a time, in order. */
async function* agentsOf(
  deps: Pick<UseCaseDeps, 'agents'>,
  ids: string[],
  parallel = 16,
): AsyncIterable<Agent> {
  for (let i = 0; i < ids.length; i += parallel) {
    const agents = await Promise.all(ids.slice(i, i + parallel).map((id) => deps.agents.get(id)));
    for (const agent of agents) if (agent) yield agent;
  }
}

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
      yield* agentsOf(
        deps,
        signups.map((s) => s.agentId),
      );
    },
  });
}
