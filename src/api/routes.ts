import type { FanOutDeps } from '../broadcast/fan-out';
import type { TableBroadcastRepository } from '../storage/azure/broadcast-repository';
import { isOrganiser } from '../domain/agents';
import { summariseSend } from '../domain/broadcast';
import { DomainError } from '../domain/errors';
import { localDate } from '../domain/time';
import type { Logger } from '../log';
import type { HttpRoute } from '../server';
import { currentChallenge } from '../usecases/current-challenge';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import { sendDailyQuiz } from '../usecases/send-daily-quiz';
import { agendaView, leaderboardView, meView, myTeamView } from '../usecases/tab-views';
import type { Authenticator, Caller } from './auth';
import { endpoint } from './http';

/** The tab's REST API and the organisers' endpoints, all behind the authenticator. */
export function apiRoutes(options: {
  deps: UseCaseDeps;
  auth: Authenticator;
  log: Logger;
  leaderboard: LeaderboardCache;
  fanOut: FanOutDeps;
  broadcasts: TableBroadcastRepository;
}): HttpRoute[] {
  const { deps, auth, log, leaderboard } = options;
  const requireOrganiser = async (caller: Caller) => {
    const agent = await deps.agents.get(caller.agentId);
    if (!isOrganiser({ id: caller.agentId, organiser: agent?.organiser }, deps.organiserIds)) {
      throw new DomainError('not_organiser', 'organisers only');
    }
  };
  const get = (path: string, handle: Parameters<typeof endpoint>[2]): HttpRoute => ({ method: 'get', path, handler: endpoint(auth, log, handle) });
  const post = (path: string, handle: Parameters<typeof endpoint>[2]): HttpRoute => ({ method: 'post', path, handler: endpoint(auth, log, handle) });
  return [
    get('/api/me', async (caller) => ({ body: { ...(await meView(deps, caller)), signIn: auth.mode } })),
    get('/api/leaderboard', async (caller) => ({
      body: await leaderboardView(leaderboard, async () => {
        const challenge = await currentChallenge(deps);
        return (await deps.teams.teamOf(challenge.id, caller.agentId))?.id ?? null;
      }),
    })),
    get('/api/my-team', async (caller) => ({ body: await myTeamView(deps, caller) })),
    get('/api/agenda', async (caller) => ({ body: await agendaView(deps, caller) })),
    post('/api/admin/quiz/send', async (caller, req) => {
      await requireOrganiser(caller);
      const date = typeof req.body?.date === 'string' ? req.body.date : localDate(deps.clock.now(), (await currentChallenge(deps)).timeZone);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DomainError('quiz_unknown', 'date must be YYYY-MM-DD');
      const result = await sendDailyQuiz(deps, options.fanOut, { date, requestedBy: caller.agentId });
      return { status: 202, body: { sendId: result.send.id, started: result.started, state: result.send.state, total: result.send.total } };
    }),
    get('/api/admin/sends', async (caller) => {
      await requireOrganiser(caller);
      const sends = await options.broadcasts.listSends();
      const progress = await Promise.all(sends.map(async (send) => summariseSend(send, await options.broadcasts.listDeliveries(send.id))));
      return { body: { sends: progress } };
    }),
  ];
}
