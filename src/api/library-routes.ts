import type { HttpRoute } from '../server';
import { libraryView, materialView } from '../usecases/library';
import { addWorkshopMaterial, removeWorkshopMaterial } from '../usecases/workshop-materials';
import type { ApiContext } from './api-context';
import type { LibraryView, WorkshopMaterialsView } from './views';

/**
 * The éco-gestes library: read by every signed-in agent; a workshop's materials added and removed by its host
 * direction and organisers (the use cases check who calls).
 */
export function libraryRoutes(api: ApiContext): HttpRoute[] {
  const { deps, get, post, del } = api;
  return [
    get('/api/library', async (caller) => ({
      body: (await libraryView(deps, caller.agentId)) satisfies LibraryView,
    })),
    post('/api/workshops/:id/materials', async (caller, req) => {
      const { workshop, material, materials } = await addWorkshopMaterial(deps, {
        callerId: caller.agentId,
        workshopId: String(req.params?.id ?? ''),
        material: req.body,
      });
      return {
        status: 201,
        body: {
          workshopId: workshop.id,
          material: materialView(material),
          materials: materials.map(materialView),
        } satisfies WorkshopMaterialsView,
      };
    }),
    del('/api/workshops/:id/materials/:materialId', async (caller, req) => {
      const { workshop, removed, materials } = await removeWorkshopMaterial(deps, {
        callerId: caller.agentId,
        workshopId: String(req.params?.id ?? ''),
        materialId: String(req.params?.materialId ?? ''),
      });
      return {
        body: {
          workshopId: workshop.id,
          removed,
          materials: materials.map(materialView),
        } satisfies WorkshopMaterialsView,
      };
    }),
  ];
}
