import { t } from '../messages';
import { commandRoute } from '../routing';

/**
 * `devenir organisateur` / `make me organiser`: in local mode only, so a newcomer can try organiser actions
 * without an app registration. Production organisers come from ORGANISER_IDS.
 */
export const organiserClaimRoute = commandRoute({
  kind: 'organiser.claim',
  async handle(context) {
    if (!context.settings.localMode) {
      await context.reply(t(context.locale, 'organiser.refused'));
      return;
    }
    await context.deps.agents.setOrganiser(context.agent.id, true);
    await context.reply(t(context.locale, 'organiser.granted'));
  },
});
