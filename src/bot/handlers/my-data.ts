import { agentData } from '../../usecases/agent-data';
import { myDataCard } from '../cards/my-data-card';
import { commandRoute } from '../routing';

/** `mes données` / `my data`: what the app keeps about the agent, and where to download it all. */
export const myDataRoute = commandRoute({
  kind: 'my.data',
  fromSubmit: () => ({ kind: 'my.data' }),
  async handle(context) {
    const data = await agentData(context.deps, context.agent.id);
    await context.replyCard(
      myDataCard(
        context.locale,
        {
          answers: data.answers.length,
          checkins: data.checkins.length,
          signups: data.signups.length,
          team: data.team?.name ?? null,
        },
        { publicUrl: context.settings.publicUrl },
      ),
    );
  },
});
