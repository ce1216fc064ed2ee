import { programmeFor } from '../../usecases/workshop-programme';
import { workshopListCard } from '../cards/workshop-list-card';
import { route } from '../handler-context';

/** `ateliers` / `workshops`: the programme still to come, numbered, with a sign-up button each. */
export const workshopListRoute = route('workshop.list', async (context) => {
  const { challenge, items } = await programmeFor(context.deps, context.agent.id, 'upcoming');
  await context.replyCard(workshopListCard(context.locale, items, { view: 'upcoming', timeZone: challenge.timeZone }));
});

/** `mes ateliers` / `my workshops`: the workshops the agent signed up for or checked in at. */
export const workshopMineRoute = route('workshop.mine', async (context) => {
  const { challenge, items } = await programmeFor(context.deps, context.agent.id, 'mine');
  await context.replyCard(workshopListCard(context.locale, items, { view: 'mine', timeZone: challenge.timeZone }));
});
