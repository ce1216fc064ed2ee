import type { HttpRoute } from '../server';
import { podiumForOrganiser, previewPodium, publishPodium } from '../usecases/publish-podium';
import type { ApiContext } from './api-context';
import type { PodiumView } from './views';

/**
 * The podium for organisers (the use cases check the role too): `GET` shows it with its audience; `POST`
 * previews it to the caller alone (`{ "preview": true }`) or publishes it to everyone, once per podium.
 */
export function podiumRoutes(api: ApiContext): HttpRoute[] {
  const { deps, leaderboard, requireOrganiser, get, post } = api;
  return [
    get('/api/admin/podium', async (caller) => {
      await requireOrganiser(caller);
      const { podium, audience } = await podiumForOrganiser(deps, {
        by: caller.agentId,
        leaderboard,
      });
      return {
        body: {
          challengeId: podium.challengeId,
          key: podium.key,
          places: podium.places,
          rule: podium.rule,
          audience,
        } satisfies PodiumView,
      };
    }),
    post('/api/admin/podium', async (caller, req) => {
      await requireOrganiser(caller);
      if (req.body?.preview === true) {
        const { sendId } = await previewPodium(deps, { by: caller.agentId, leaderboard });
        return { status: 202, body: { sendId } };
      }
      const published = await publishPodium(deps, { by: caller.agentId, leaderboard });
      // A large audience is handed to the queue as workers take it: answer within seconds either way.
      published.sending.catch((error: unknown) =>
        api.log.error('podium send failed', { error, send: published.sendId }),
      );
      const outcome = await Promise.race([
        published.sending,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000)),
      ]);
      return {
        status: 202,
        body: outcome
          ? { sendId: published.sendId, started: outcome.started, total: outcome.total }
          : { sendId: published.sendId, started: true, state: 'enqueuing' },
      };
    }),
  ];
}
