import type { SendingHours } from '../domain/announcements';
import type { Logger } from '../log';
import type { HttpRoute } from '../server';
import type { UseCaseDeps } from '../usecases/deps';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import { requireOrganiser, showsOrganiserPages } from '../usecases/organisers';
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
  /** Whether the tab should show the caller the organisers' pages (a hint: their routes check the role). */
  showsOrganiserPages(caller: Caller): Promise<boolean>;
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
  return {
    ...options,
    showsOrganiserPages: (caller) => showsOrganiserPages(deps, caller.agentId),
    requireOrganiser: (caller) => requireOrganiser(deps, caller.agentId),
    get: route('get'),
    post: route('post'),
    del: route('del'),
  };
}
