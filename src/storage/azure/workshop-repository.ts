import { DomainError } from '../../domain/errors';
import { MATERIAL_LIMITS, materialOrder, type WorkshopMaterial } from '../../domain/library';
import type { WorkshopRepository } from '../../domain/ports';
import type { Workshop, WorkshopDraft, WorkshopFormat } from '../../domain/workshops';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  isStale,
  listPartition,
  type TableSet,
} from './tables';

/**
 * Workshops table, one partition per challenge (PK = challenge id), so that a workshop and its code index are
 * created together in one transaction:
 *   RK 'workshop:<id>'  the workshop: title, format, description, host, place, link, start, end, capacity,
 *                       points, code                                  — replaced by a new import, keeps its code
 *   RK 'code:<CODE>'    check-in code lookup (created once with its workshop: 409 = code taken, draw another)
 *   RK 'material:<id>:<NN>'  a link of the workshop's materials in slot NN (00…09): created once (409 = slot
 *                       taken, read again), deleted by its host or an organiser; an import never touches it
 * Sign-ups live in the Signups table (signup-repository.ts), check-ins in the agents' Events partitions.
 */
interface WorkshopRow {
  workshopId: string;
  title: string;
  format: string;
  description: string;
  host: string;
  place?: string;
  link?: string;
  startsAt: string;
  endsAt: string;
  capacity?: number;
  points?: number;
  code: string;
}

const workshopKey = (id: string) => `workshop:${id}`;
const codeKey = (code: string) => `code:${code}`;
/** Slots 00…09: the lowest free one is taken, so concurrent adds collide on a key instead of passing the limit. */
const materialKey = (workshopId: string, slot: number) =>
  `material:${workshopId}:${String(slot).padStart(2, '0')}`;
const materialPrefix = (workshopId?: string) =>
  workshopId === undefined ? 'material:' : `material:${workshopId}:`;

interface MaterialRow {
  materialId: string;
  workshopId: string;
  label: string;
  url: string;
  addedBy: string;
  addedAt: string;
}

function toMaterial(row: MaterialRow): WorkshopMaterial {
  return {
    id: row.materialId,
    workshopId: row.workshopId,
    label: row.label,
    url: row.url,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
  };
}

function rowOf(workshop: Workshop): WorkshopRow {
  // Absent values are left out: a Replace then removes what a new import no longer gives.
  return {
    workshopId: workshop.id,
    title: workshop.title,
    format: workshop.format,
    description: workshop.description,
    host: workshop.host,
    ...(workshop.place ? { place: workshop.place } : {}),
    ...(workshop.link ? { link: workshop.link } : {}),
    startsAt: workshop.startsAt,
    endsAt: workshop.endsAt,
    ...(workshop.capacity !== undefined ? { capacity: workshop.capacity } : {}),
    ...(workshop.points !== undefined ? { points: workshop.points } : {}),
    code: workshop.code,
  };
}

function toWorkshop(challengeId: string, row: WorkshopRow): Workshop {
  return {
    id: row.workshopId,
    challengeId,
    title: row.title,
    format: row.format as WorkshopFormat,
    description: row.description,
    host: row.host,
    ...(row.place ? { place: row.place } : {}),
    ...(row.link ? { link: row.link } : {}),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    ...(typeof row.capacity === 'number' ? { capacity: row.capacity } : {}),
    ...(typeof row.points === 'number' ? { points: row.points } : {}),
    code: row.code,
  };
}

export class TableWorkshopRepository implements WorkshopRepository {
  constructor(private readonly tables: TableSet) {}

  private get client() {
    return this.tables.Workshops;
  }

  async save(challengeId: string, drafts: WorkshopDraft[], newCode: () => string) {
    const saved: { workshop: Workshop; created: boolean }[] = [];
    for (const draft of drafts) saved.push(await this.saveOne(challengeId, draft, newCode));
    return saved;
  }

  private async saveOne(challengeId: string, draft: WorkshopDraft, newCode: () => string) {
    // A fresh code collides with a taken one about once in 10^8 workshops: draw again when it does.
    for (let attempt = 1; ; attempt += 1) {
      const existing = await getEntityOrNull<WorkshopRow>(
        this.client,
        challengeId,
        workshopKey(draft.id),
      );
      if (existing) {
        const workshop: Workshop = { ...draft, challengeId, code: existing.code };
        await this.client.updateEntity(
          { partitionKey: challengeId, rowKey: workshopKey(draft.id), ...rowOf(workshop) },
          'Replace',
        );
        return { workshop, created: false };
      }
      const workshop: Workshop = { ...draft, challengeId, code: newCode() };
      try {
        await this.client.submitTransaction([
          [
            'create',
            { partitionKey: challengeId, rowKey: codeKey(workshop.code), workshopId: workshop.id },
          ],
          [
            'create',
            { partitionKey: challengeId, rowKey: workshopKey(workshop.id), ...rowOf(workshop) },
          ],
        ]);
        return { workshop, created: true };
      } catch (error) {
        // The code was taken, or a concurrent import created the workshop: read again and decide.
        if (!isConflict(error) || attempt >= 10) throw error;
      }
    }
  }

  async get(challengeId: string, workshopId: string): Promise<Workshop | null> {
    const row = await getEntityOrNull<WorkshopRow>(
      this.client,
      challengeId,
      workshopKey(workshopId),
    );
    return row ? toWorkshop(challengeId, row) : null;
  }

  async findByCode(challengeId: string, code: string): Promise<Workshop | null> {
    const pointer = await getEntityOrNull<{ workshopId: string }>(
      this.client,
      challengeId,
      codeKey(code),
    );
    return pointer ? this.get(challengeId, pointer.workshopId) : null;
  }

  async list(challengeId: string): Promise<Workshop[]> {
    const rows = await listPartition<WorkshopRow>(this.client, challengeId, 'workshop:');
    return rows.map((row) => toWorkshop(challengeId, row));
  }

  async materials(challengeId: string, workshopId?: string): Promise<WorkshopMaterial[]> {
    const rows = await listPartition<MaterialRow>(
      this.client,
      challengeId,
      materialPrefix(workshopId),
    );
    return materialOrder(rows.map(toMaterial));
  }

  async addMaterial(
    challengeId: string,
    material: WorkshopMaterial,
    check: (existing: WorkshopMaterial[]) => void,
  ): Promise<WorkshopMaterial[]> {
    for (let attempt = 1; ; attempt += 1) {
      const rows = await listPartition<MaterialRow>(
        this.client,
        challengeId,
        materialPrefix(material.workshopId),
      );
      const existing = materialOrder(rows.map(toMaterial));
      check(existing);
      const taken = new Set(rows.map((row) => row.rowKey));
      const slot = Array.from({ length: MATERIAL_LIMITS.perWorkshop }, (_, n) => n).find(
        (n) => !taken.has(materialKey(material.workshopId, n)),
      );
      if (slot === undefined) {
        throw new DomainError('materials_full', 'no free slot for a material', {
          field: 'materials',
          max: MATERIAL_LIMITS.perWorkshop,
        });
      }
      const row: MaterialRow = {
        materialId: material.id,
        workshopId: material.workshopId,
        label: material.label,
        url: material.url,
        addedBy: material.addedBy,
        addedAt: material.addedAt,
      };
      try {
        await this.client.createEntity({
          partitionKey: challengeId,
          rowKey: materialKey(material.workshopId, slot),
          ...row,
        });
        return materialOrder([...existing, toMaterial(row)]);
      } catch (error) {
        // Another add took this slot first: read again, check again (the list may be full now).
        if (!isConflict(error) || attempt >= 20) throw error;
      }
    }
  }

  async removeMaterial(
    challengeId: string,
    workshopId: string,
    materialId: string,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      const rows = await listPartition<MaterialRow>(
        this.client,
        challengeId,
        materialPrefix(workshopId),
      );
      const row = rows.find((r) => r.materialId === materialId);
      if (!row?.rowKey) return false;
      try {
        // Against its ETag: a slot freed and taken again meanwhile holds another material, left alone.
        await this.client.deleteEntity(challengeId, row.rowKey, { etag: row.etag });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        if (!isStale(error) || attempt >= 20) throw error;
      }
    }
  }
}
