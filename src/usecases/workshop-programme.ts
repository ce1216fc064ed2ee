import { checkinRuleOf, type Challenge } from '../domain/challenge';
import { checkinState, type CheckinState } from '../domain/checkin';
import { DomainError } from '../domain/errors';
import { localDate } from '../domain/time';
import {
  findByReference,
  workshopNumberOf,
  programmeOrder,
  type Workshop,
} from '../domain/workshops';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';

/** A workshop as one agent sees it in the programme. */
export interface ProgrammeItem {
  workshop: Workshop;
  /** Its number, kept from its first import on: "je m'inscris 3". */
  number: number;
  signedUp: boolean;
  /** Seats left; null when the workshop has no capacity. */
  seatsLeft: number | null;
  checkedIn: boolean;
  checkin: CheckinState;
}

/** Which workshops a view shows. */
export type ProgrammeFilter = 'upcoming' | 'today-and-upcoming' | 'mine';

/** The running challenge's workshops in programme order, each with its stored number. */
export async function numberedProgramme(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops'>,
): Promise<{ challenge: Challenge; workshops: Workshop[] }> {
  const challenge = await currentChallenge(deps);
  return { challenge, workshops: programmeOrder(await deps.workshops.list(challenge.id)) };
}

/** Where an agent points at a workshop: its number or id as typed, or the id a card or the tab sends. */
export type WorkshopReference = { reference: string } | { workshopId: string };

/** The workshop an agent means, or a workshop_unknown error. */
export function resolveWorkshop(workshops: readonly Workshop[], ref: WorkshopReference): Workshop {
  const workshop =
    'workshopId' in ref
      ? workshops.find((w) => w.id === ref.workshopId)
      : findByReference(workshops, ref.reference);
  if (!workshop) {
    const typed = 'workshopId' in ref ? ref.workshopId : ref.reference;
    const details: Record<string, string | number> = { reference: typed.slice(0, 40) };
    // A number no workshop has (mistyped, or from a list older than a removal): the reply says so plainly.
    const number = 'reference' in ref ? workshopNumberOf(ref.reference) : null;
    if (number !== null) details.number = number;
    throw new DomainError('workshop_unknown', 'no such workshop', details);
  }
  return workshop;
}

/**
 * The programme as one agent sees it: the workshops `filter` keeps, each with the agent's seat and check-in and
 * the seats left (point reads of the shown workshops only).
 */
export async function programmeFor(
  deps: Pick<UseCaseDeps, 'challenges' | 'workshops' | 'signups' | 'events' | 'clock'>,
  agentId: string,
  filter: ProgrammeFilter,
): Promise<{ challenge: Challenge; items: ProgrammeItem[] }> {
  const { challenge, workshops } = await numberedProgramme(deps);
  const now = deps.clock.now();
  const today = localDate(now, challenge.timeZone);
  const checkedIn = new Set(
    (await deps.events.checkinsOf(challenge.id, agentId)).map((c) => c.workshopId),
  );
  const rule = checkinRuleOf(challenge);
  const shown = workshops
    .map((workshop) => ({ workshop, number: workshop.number }))
    .filter(({ workshop }) =>
      filter === 'upcoming'
        ? Date.parse(workshop.endsAt) > now
        : filter === 'today-and-upcoming'
          ? localDate(Date.parse(workshop.endsAt), challenge.timeZone) >= today
          : true,
    );
  const items = await Promise.all(
    shown.map(async ({ workshop, number }) => {
      const [signedUp, taken] = await Promise.all([
        deps.signups.isSignedUp(challenge.id, workshop.id, agentId),
        workshop.capacity !== undefined
          ? deps.signups.taken(challenge.id, workshop.id)
          : Promise.resolve(0),
      ]);
      return {
        workshop,
        number,
        signedUp,
        seatsLeft: workshop.capacity !== undefined ? Math.max(0, workshop.capacity - taken) : null,
        checkedIn: checkedIn.has(workshop.id),
        checkin: checkinState(workshop, now, rule),
      };
    }),
  );
  return {
    challenge,
    items: filter === 'mine' ? items.filter((i) => i.signedUp || i.checkedIn) : items,
  };
}
