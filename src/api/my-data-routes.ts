import type { HttpRoute } from '../server';
import { agentData } from '../usecases/agent-data';
import { eraseAgent } from '../usecases/erase-agent';
import { setNameShownToTeam } from '../usecases/team-name-sharing';
import type { ApiContext } from './api-context';
import { download } from './http';
import type { ErasureView } from './views';

/**
 * The agent's rights over their data: `GET /api/me/data` downloads everything kept about the caller (theirs
 * only: the id is the signed-in caller's, never a parameter); `DELETE /api/admin/agents/:id` lets an organiser
 * erase one agent (idempotent: a second call erases nothing and says so); `POST /api/me/team-name` `{ show }`
 * records whether the caller's teammates see their name (off by default).
 */
export function myDataRoutes(api: ApiContext): HttpRoute[] {
  const { deps, auth, log, del, post } = api;
  return [
    {
      method: 'get',
      path: '/api/me/data',
      handler: download(auth, log, async (caller) => ({
        fileName: 'mes-donnees.json',
        contentType: 'application/json; charset=utf-8',
        text: `${JSON.stringify(await agentData(deps, caller.agentId), null, 2)}\n`,
      })),
    },
    post('/api/me/team-name', async (caller, req) => {
      const show: unknown = req.body?.show;
      if (typeof show !== 'boolean')
        return {
          status: 400,
          body: { error: 'invalid_request', message: 'show must be true or false' },
        };
      return { body: await setNameShownToTeam(deps, { agentId: caller.agentId, show }) };
    }),
    del('/api/admin/agents/:id', async (caller, req) => {
      const erasure = await eraseAgent(deps, {
        by: caller.agentId,
        agentId: String(req.params?.id ?? ''),
      });
      // Who erased whom is kept in the log, as the erasure's only trace (ids, no names).
      log.info('agent erased', {
        by: caller.agentId,
        agent: erasure.agentId,
        erased: erasure.erased,
      });
      return { body: erasure satisfies ErasureView };
    }),
  ];
}
