import { isDomainError } from '../../domain/errors';
import { programmeFor } from '../../usecases/workshop-programme';
import type { AdaptiveCard } from '../cards/adaptive';
import { workshopListCard, type WorkshopListView } from '../cards/workshop-list-card';
import type { HandlerContext } from '../handler-context';
import { errorText } from '../messages';
import { id, oneOf, type CardFields } from '../card-data';
import { commandRoute, type CardData } from '../routing';

/** What a seat button of the list card sends: the workshop, and which list to redraw. */
export const SEAT_FIELDS: CardFields = { workshopId: id(), view: oneOf('upcoming', 'mine') };

/** `ateliers` / `workshops`, or a card's "workshops" button: the programme still to come, numbered. */
export const workshopListRoute = commandRoute({
  kind: 'workshop.list',
  fromSubmit: () => ({ kind: 'workshop.list' }),
  async handle(context) {
    const { challenge, items } = await programmeFor(context.deps, context.agent.id, 'upcoming');
    await context.replyCard(
      workshopListCard(context.locale, items, { view: 'upcoming', timeZone: challenge.timeZone }),
    );
  },
});

/**
 * A seat button of the list card (sign up, cancel): `change` takes or gives back the seat and says so; the same
 * list is then redrawn under that outcome, or under why it was refused.
 */
export async function listAfterSeatChange(
  context: HandlerContext,
  data: CardData,
  change: (workshopId: string) => Promise<string>,
): Promise<AdaptiveCard> {
  const view: WorkshopListView = data.view === 'mine' ? 'mine' : 'upcoming';
  const workshopId = typeof data.workshopId === 'string' ? data.workshopId.slice(0, 80) : '';
  let notice: string;
  try {
    notice = await change(workshopId);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    notice = errorText(context.locale, error);
  }
  const { challenge, items } = await programmeFor(context.deps, context.agent.id, view);
  return workshopListCard(context.locale, items, { view, timeZone: challenge.timeZone, notice });
}
