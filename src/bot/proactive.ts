import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Messenger, OutgoingActivity } from '../domain/ports';
import type { ChallengeAdapter } from './adapter';

/**
 * The connector client retries 429 and 5xx by itself (up to 3 times, honouring Retry-After). For broadcasts the
 * fan-out owns retries instead, so that every try passes the shared rate limiter and is counted: the client's
 * retry policy is removed from this turn's pipeline. Should botbuilder's internals change, the policy simply
 * stays, and tries are undercounted rather than broken.
 */
export function withoutBuiltInRetries(turn: TurnContext): void {
  const client = turn.turnState.get(
    turn.adapter instanceof Object
      ? ((turn.adapter as { ConnectorClientKey?: symbol }).ConnectorClientKey ?? '')
      : '',
  ) as
    { client?: { pipeline?: { removePolicy(options: { phase: string }): unknown } } } | undefined;
  client?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

/** Proactive messages through botbuilder: continue the agent's stored conversation and send one activity. */
export class BotMessenger implements Messenger {
  constructor(
    private readonly adapter: ChallengeAdapter,
    private readonly appId: string,
  ) {}

  async send(
    conversationReference: string,
    activity: OutgoingActivity,
  ): Promise<string | undefined> {
    let id: string | undefined;
    await this.inConversation(conversationReference, async (turn) => {
      id = (await turn.sendActivity(activity as Partial<Activity>))?.id;
    });
    return id;
  }

  async update(
    conversationReference: string,
    activityId: string,
    activity: OutgoingActivity,
  ): Promise<void> {
    await this.inConversation(conversationReference, async (turn) => {
      await turn.updateActivity({ ...(activity as Partial<Activity>), id: activityId });
    });
  }

  /** Runs `work` in the stored conversation, without the client's own retries, and throws what it threw. */
  private async inConversation(
    conversationReference: string,
    work: (turn: TurnContext) => Promise<void>,
  ): Promise<void> {
    const reference = JSON.parse(conversationReference) as Partial<ConversationReference>;
    let failure: unknown;
    await this.adapter.continueConversationAsync(
      this.appId,
      reference,
      async (turn: TurnContext) => {
        withoutBuiltInRetries(turn);
        // Caught here, not by the adapter's onTurnError, so the worker sees the connector's status.
        try {
          await work(turn);
        } catch (error) {
          failure = error;
        }
      },
    );
    if (failure) throw failure;
  }
}
