import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../log';
import { channelTokenGate, type ChannelTokenGate } from './channel-token-gate';

/** CloudAdapter that runs an activity already authenticated by the endpoint (which owns the HTTP answer). */
export class ChallengeAdapter extends CloudAdapter {
  runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (turn: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface BotAdapter {
  adapter: ChallengeAdapter;
  auth: BotFrameworkAuthentication;
  /** Refuses tokens botbuilder would refuse noisily, before it sees them; null in local mode. */
  gate: ChannelTokenGate | null;
}

/**
 * The botbuilder CloudAdapter. With an app id it validates channel tokens (issuer, audience, signing key,
 * endorsements, serviceUrl claim); without one it runs in local mode and checks nothing.
 */
export function createBotAdapter(config: Config['bot'], log: Logger): BotAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.appTenantId,
    ...config.authOverrides,
  });
  const adapter = new ChallengeAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('bot turn failed', { error, activityType: context.activity?.type });
  };
  return { adapter, auth, gate: channelTokenGate(config) };
}
