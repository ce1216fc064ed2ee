import { assertCanAddMaterial, readMaterialDraft, type WorkshopMaterial } from '../domain/library';
import type { Workshop } from '../domain/workshops';
import { workshopManagedBy } from './workshop-managers';
import type { UseCaseDeps } from './deps';

/**
 * A workshop's materials: the links its host direction or an organiser adds for the library (slides, a guide, a
 * recording), during the week or after it. Everyone reads them in the library; only they add and remove.
 */

/** Ids longer than this are no ids of ours: refused before any read. */
const MAX_ID_LENGTH = 100;

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'workshops' | 'agents' | 'organiserIds' | 'clock' | 'ids'
>;

/**
 * Adds a link to a workshop's materials (its host direction or an organiser): a plain one-line label and an https
 * address, at most MATERIAL_LIMITS.perWorkshop per workshop, each address once. Bad input writes nothing.
 */
export async function addWorkshopMaterial(
  deps: Deps,
  input: { callerId: string; workshopId: string; material: unknown },
): Promise<{ workshop: Workshop; material: WorkshopMaterial; materials: WorkshopMaterial[] }> {
  const { challenge, workshop } = await workshopManagedBy(deps, input.callerId, input.workshopId);
  const { label, url } = readMaterialDraft(input.material);
  const material: WorkshopMaterial = {
    id: deps.ids.id(),
    workshopId: workshop.id,
    label,
    url,
    addedBy: input.callerId,
    addedAt: new Date(deps.clock.now()).toISOString(),
  };
  const materials = await deps.workshops.addMaterial(challenge.id, material, (existing) =>
    assertCanAddMaterial(existing, url),
  );
  return { workshop, material, materials };
}

/** Removes a link from a workshop's materials (its host direction or an organiser); removing it twice is harmless. */
export async function removeWorkshopMaterial(
  deps: Deps,
  input: { callerId: string; workshopId: string; materialId: string },
): Promise<{ workshop: Workshop; removed: boolean; materials: WorkshopMaterial[] }> {
  const { challenge, workshop } = await workshopManagedBy(deps, input.callerId, input.workshopId);
  const removed =
    input.materialId !== '' && input.materialId.length <= MAX_ID_LENGTH
      ? await deps.workshops.removeMaterial(challenge.id, workshop.id, input.materialId)
      : false;
  return {
    workshop,
    removed,
    materials: await deps.workshops.materials(challenge.id, workshop.id),
  };
}
