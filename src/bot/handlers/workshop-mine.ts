import { programmeFor } from '../../usecases/workshop-programme';
import { workshopListCard } from '../cards/workshop-list-card';
import { commandRoute } from '../routing';

/** `mes ateliers` / `my workshops`, or the list's button: the workshops the agent signed up for or came to. */
export const workshopMineRoute = commandRoute({
  kind: 'workshop.mine',
  fromSubmit: () => ({ kind: 'workshop.mine' }),
  async handle(context) {
    const { challenge, items } = await programmeFor(context.deps, context.agent.id, 'mine');
    await context.replyCard(
      workshopListCard(context.locale, items, { view: 'mine', timeZone: challenge.timeZone }),
    );
  },
});
