import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Messenger, OutgoingActivity } from '../broadcast/worker';
import type { ChallengeAdapter } from './adapter';

/** Proactive messages through botbuilder: continue the agent's stored conversation and send one activity. */
export class BotMessenger implements Messenger {
  constructor(
    private readonly adapter: ChallengeAdapter,
    private readonly appId: string,
  ) {}

  async send(conversationReference: string, activity: OutgoingActivity): Promise<string | undefined> {
    const reference = JSON.parse(conversationReference) as Partial<ConversationReference>;
    let id: string | undefined;
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (turn: TurnContext) => {
      // Caught here, not by the adapter's onTurnError, so the worker sees the connector's status.
      try {
        const response = await turn.sendActivity(activity as Partial<Activity>);
        id = response?.id;
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
    return id;
  }
}
