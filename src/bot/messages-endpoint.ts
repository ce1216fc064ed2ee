import type { Activity } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Logger } from '../log';
import type { BotAdapter } from './adapter';
import type { ChallengeBot } from './bot';

/** Checks the parts of an activity the bot relies on; returns what is wrong, or null. */
export function activityProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON activity';
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type === '') return 'activity.type is missing';
  if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//.test(activity.serviceUrl)) {
    return 'activity.serviceUrl must be an http(s) URL';
  }
  const conversation = activity.conversation as Record<string, unknown> | undefined;
  if (typeof conversation?.id !== 'string' || conversation.id === '')
    return 'activity.conversation.id is missing';
  const from = activity.from as Record<string, unknown> | undefined;
  if (typeof from?.id !== 'string' || from.id === '') return 'activity.from.id is missing';
  if (activity.text !== undefined && typeof activity.text !== 'string')
    return 'activity.text must be a string';
  return null;
}

/** POST /api/messages: authenticate the channel, then run the bot; auth failures are 401, never 500. */
export function messagesEndpoint(bot: ChallengeBot, botAdapter: BotAdapter, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: 'bad_activity', message: problem });
      return;
    }
    const activity = req.body as Activity;
    const header = String(req.headers.authorization ?? '');
    // One line per refused request, through the app's logger at its level: botbuilder's own console output for
    // bad tokens is stopped at the gate (see channel-token-gate.ts).
    const refuse = (reason: string) => {
      log.warn('channel token refused', { reason });
      res.send(401, { error: 'unauthorized' });
    };
    let authResult;
    try {
      authResult = await botAdapter.auth.authenticateRequest(activity, header);
    } catch (error) {
      // Whatever botbuilder throws here is a refusal (a forged signature comes back as a plain error, not a 401):
      // the caller gets 401 and no detail.
      refuse(error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'refused');
      return;
    }
    try {
      const invokeResponse = await botAdapter.adapter.runAuthenticated(
        authResult,
        activity,
        (turn) => bot.run(turn),
      );
      if (invokeResponse) {
        res.send(invokeResponse.status ?? 200, invokeResponse.body ?? {});
      } else {
        res.send(200);
      }
    } catch (error) {
      log.error('activity failed', { error, type: activity.type });
      res.send(500, { error: 'internal_error' });
    }
  };
}
