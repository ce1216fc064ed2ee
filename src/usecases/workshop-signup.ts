import type { Challenge } from '../domain/challenge';
import { DomainError, isDomainError } from '../domain/errors';
import { assertCanSignUp, type Workshop } from '../domain/workshops';
import type { UseCaseDeps } from './deps';
import { numberedProgramme, resolveWorkshop, type WorkshopReference } from './workshop-programme';

export interface SignupOutcome {
  challenge: Challenge;
  workshop: Workshop;
  number: number;
  /** Seats left after this change; null when the workshop has no capacity. */
  seatsLeft: number | null;
}

type Deps = Pick<UseCaseDeps, 'challenges' | 'workshops' | 'signups' | 'clock'>;

async function find(deps: Deps, ref: WorkshopReference) {
  const { challenge, workshops } = await numberedProgramme(deps);
  const workshop = resolveWorkshop(workshops, ref);
  return { challenge, workshop, number: workshop.number };
}

const seatsLeft = (workshop: Workshop, taken: number) =>
  workshop.capacity !== undefined ? Math.max(0, workshop.capacity - taken) : null;

/** The store's refusal, named after the workshop for the agent's reply. */
function named(error: unknown, workshop: Workshop): unknown {
  return isDomainError(error) && error.details.workshop === undefined
    ? new DomainError(
        error.code,
        error.message,
        { ...error.details, workshop: workshop.title },
        { cause: error },
      )
    : error;
}

/** An agent takes a seat in a workshop (before it starts, while seats are left). Earns no points. */
export async function signUpForWorkshop(
  deps: Deps,
  input: { agentId: string; agentName: string } & WorkshopReference,
): Promise<SignupOutcome> {
  const { challenge, workshop, number } = await find(deps, input);
  const now = deps.clock.now();
  assertCanSignUp(workshop, 0, now);
  try {
    const { taken } = await deps.signups.signUp(
      challenge.id,
      workshop.id,
      { agentId: input.agentId, name: input.agentName, at: new Date(now).toISOString() },
      (fresh) => assertCanSignUp(workshop, fresh, now),
    );
    return { challenge, workshop, number, seatsLeft: seatsLeft(workshop, taken) };
  } catch (error) {
    throw named(error, workshop);
  }
}

/** An agent gives their seat back (before the workshop starts). */
export async function cancelWorkshopSignup(
  deps: Deps,
  input: { agentId: string } & WorkshopReference,
): Promise<SignupOutcome> {
  const { challenge, workshop, number } = await find(deps, input);
  if (deps.clock.now() >= Date.parse(workshop.startsAt)) {
    throw new DomainError('signup_closed', 'the workshop has started', {
      workshop: workshop.title,
    });
  }
  try {
    const { taken } = await deps.signups.cancel(challenge.id, workshop.id, input.agentId);
    return { challenge, workshop, number, seatsLeft: seatsLeft(workshop, taken) };
  } catch (error) {
    throw named(error, workshop);
  }
}
