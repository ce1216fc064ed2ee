import { isOrganiser } from '../domain/agents';
import type { SendingHours } from '../domain/announcements';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';
import type { HttpRoute } from '../server';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import type { Authenticator, Caller } from './auth';
import type { CheckinLinkSettings } from './checkin-links';
import { endpoint } from './http';

/** What the composition root gives the API. */
export interface ApiOptions {
  deps: UseCaseDeps;
  auth: Authenticator;
  log: Logger;
  leaderboard: LeaderboardCache;
  /** Where the workshops' QR codes lead. */
  checkinLinks: CheckinLinkSettings;
  /** When announcements may reach agents. */
  sendingHours: SendingHours;
}

type Handle = Parameters<typeof endpoint>[2];

/** What every module of routes stands on: the options, the organiser check, and authenticated JSON routes. */
export interface ApiContext extends ApiOptions {
  /** Whether the caller holds the organiser role. */
  isOrganiser(caller: Caller): Promise<boolean>;
  /** Throws not_organiser (403) unless the caller holds the organiser role. */
  requireOrganiser(caller: Caller): Promise<void>;
  get(path: string, handle: Handle): HttpRoute;
  post(path: string, handle: Handle): HttpRoute;
  del(path: string, handle: Handle): HttpRoute;
}

export function apiContext(options: ApiOptions): ApiContext {
  const { deps, auth, log } = options;
  const route =
    (method: HttpRoute['method']) =>
    (path: string, handle: Handle): HttpRoute => ({
      method,
      path,
      handler: endpoint(auth, log, handle),
    });
  const organises = async (caller: Caller) =>
    deps.organiserIds.has(caller.agentId) ||
    isOrganiser(
      { id: caller.agentId, organiser: (await deps.agents.get(caller.agentId))?.organiser },
      deps.organiserIds,
    );
  return {
    ...options,
    isOrganiser: organises,
    async requireOrganiser(caller) {
      if (!(await organises(caller))) throw new DomainError('not_organiser', 'organisers only');
    },
    get: route('get'),
    post: route('post'),
    del: route('del'),
  };
}
