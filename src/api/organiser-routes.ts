import type { HttpRoute } from '../server';
import { organiserOverview } from '../usecases/organiser-overview';
import type { ApiContext } from './api-context';
import type { OrganiserOverviewView } from './views';

/** The organiser page's data: the whole page in one request, organisers only (403 not_organiser for agents). */
export function organiserRoutes(api: ApiContext): HttpRoute[] {
  return [
    api.get('/api/admin/overview', async (caller) => {
      await api.requireOrganiser(caller);
      return { body: (await organiserOverview(api.deps)) satisfies OrganiserOverviewView };
    }),
  ];
}
