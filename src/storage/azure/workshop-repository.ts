import { DomainError } from '../../domain/errors';
import { MATERIAL_LIMITS, materialOrder, type WorkshopMaterial } from '../../domain/library';
import type { WorkshopRepository } from '../../domain/ports';
import {
  nextWorkshopNumber,
  programmeOrder,
  withNumbers,
  type Workshop,
  type WorkshopDraft,
  type WorkshopFormat,
} from '../../domain/workshops';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  isStale,
  listPartition,
  type TableSet,
} from './tables';
import { submitBatch } from './table-wire';

/**
 * Workshops table, one partition per challenge (PK = challenge id), so that a workshop and its code index are
 * created together in one transaction:
 *   RK 'workshop:<id>'  the workshop: title, format, description, host, place, link, start, end, capacity,
 *                       points, code, number        — replaced by a new import (ETag), keeps its code and number
 *   RK 'code:<CODE>'    check-in code lookup (created once with its workshop: 409 = code taken, draw another)
 *   RK 'number:<n>'     workshop id — the workshop's number n, given once: created in the same transaction as the
 *                       number is written on the workshop row (409 = taken by another import meanwhile: take the
 *                       next); never deleted, so a number is never given twice in a challenge
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
  /** Absent on rows written before workshops kept a number: see withNumbers. */
  number?: number;
}

const workshopKey = (id: string) => `workshop:${id}`;
const codeKey = (code: string) => `code:${code}`;
const NUMBER_PREFIX = 'number:';
const numberKey = (n: number) => `${NUMBER_PREFIX}${n}`;
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
    number: workshop.number,
  };
}

/** A workshop as its row says, with no number when the row was written before numbers were kept. */
function toWorkshop(
  challengeId: string,
  row: WorkshopRow,
): Omit<Workshop, 'number'> & { number?: number } {
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
    ...(typeof row.number === 'number' ? { number: row.number } : {}),
  };
}

/**
 * The numbers given in a challenge, as its `number:<n>` rows say: which workshop holds which, and the next one to
 * give. Read once per save and again after a lost race, so an import pays one range read, not one per workshop.
 */
class NumberBook {
  private byWorkshop = new Map<string, number>();
  /** Every number a row holds, whatever it points to: the next one is above them all. */
  private all: number[] = [];
  next = 1;

  constructor(
    private readonly client: TableSet['Workshops'],
    private readonly challengeId: string,
  ) {}

  async read(): Promise<this> {
    const rows = await listPartition<{ workshopId: string }>(
      this.client,
      this.challengeId,
      NUMBER_PREFIX,
    );
    const numbered = rows.map(
      (row) => [row.workshopId, Number(row.rowKey!.slice(NUMBER_PREFIX.length))] as const,
    );
    this.byWorkshop = new Map(numbered);
    this.all = numbered.map(([, n]) => n);
    this.next = nextWorkshopNumber(this.all);
    return this;
  }

  /**
   * The number a `number:` row already gives this workshop though its row has none: an instance of an older
   * version replaced the row without the column (during a rolling deploy). The index row wins: the number stays.
   */
  of(workshopId: string): number | undefined {
    return this.byWorkshop.get(workshopId);
  }

  took(n: number, workshopId: string): void {
    this.byWorkshop.set(workshopId, n);
    this.all.push(n);
    this.next = Math.max(this.next, n + 1);
  }

  given(): number[] {
    return [...this.all];
  }
}

const numberRow = (challengeId: string, n: number, workshopId: string) => ({
  partitionKey: challengeId,
  rowKey: numberKey(n),
  workshopId,
});

export class TableWorkshopRepository implements WorkshopRepository {
  constructor(private readonly tables: TableSet) {}

  private get client() {
    return this.tables.Workshops;
  }

  async save(challengeId: string, drafts: WorkshopDraft[], newCode: () => string) {
    const numbers = await new NumberBook(this.client, challengeId).read();
    // Rows from before numbers get theirs first, as the lists showed them, before the new file moves anything.
    await this.numberOlderRows(challengeId, numbers);
    // New workshops of one import are numbered in programme order: a first import reads n° 1, 2, 3… down the week.
    const saved = new Map<string, { workshop: Workshop; created: boolean }>();
    for (const draft of programmeOrder(drafts))
      saved.set(draft.id, await this.saveOne(challengeId, draft, newCode, numbers));
    return drafts.map((draft) => saved.get(draft.id)!);
  }

  /**
   * Writes a number on every workshop row that has none (rows written before numbers were kept), with the rule the
   * lists used meanwhile (withNumbers): the number does not move when it is stored. Each one is a transaction of its
   * `number:` row and the workshop row's ETag, so two imports doing it at once give each workshop one number.
   */
  private async numberOlderRows(challengeId: string, numbers: NumberBook): Promise<void> {
    const rows = await listPartition<WorkshopRow>(this.client, challengeId, 'workshop:');
    const older = programmeOrder(
      rows
        .filter((row) => typeof row.number !== 'number')
        .map((row) => toWorkshop(challengeId, row)),
    );
    for (const { id } of older) {
      for (let attempt = 1; ; attempt += 1) {
        const row = await getEntityOrNull<WorkshopRow>(this.client, challengeId, workshopKey(id));
        if (!row || typeof row.number === 'number') break;
        const kept = numbers.of(id);
        const n = kept ?? numbers.next;
        const merge = { partitionKey: challengeId, rowKey: workshopKey(id), number: n };
        try {
          if (kept !== undefined)
            await this.client.updateEntity(merge, 'Merge', { etag: row.etag });
          else
            await submitBatch(this.client, [
              ['create', numberRow(challengeId, n, id)],
              ['update', merge, 'Merge', { etag: row.etag }],
            ]);
          numbers.took(n, id);
          break;
        } catch (error) {
          // Another import numbered it, or took this number: read again and decide.
          if (!(isConflict(error) || isStale(error)) || attempt >= 20) throw error;
          await numbers.read();
        }
      }
    }
  }

  private async saveOne(
    challengeId: string,
    draft: WorkshopDraft,
    newCode: () => string,
    numbers: NumberBook,
  ) {
    // A fresh code collides with a taken one about once in 10^8 workshops: draw again when it does. A number is
    // taken by a concurrent import more often: read the numbers again and take the next.
    for (let attempt = 1; ; attempt += 1) {
      const existing = await getEntityOrNull<WorkshopRow>(
        this.client,
        challengeId,
        workshopKey(draft.id),
      );
      try {
        if (existing) {
          const kept = typeof existing.number === 'number' ? existing.number : numbers.of(draft.id);
          const number = kept ?? numbers.next;
          const workshop: Workshop = { ...draft, challengeId, code: existing.code, number };
          const entity = {
            partitionKey: challengeId,
            rowKey: workshopKey(draft.id),
            ...rowOf(workshop),
          };
          // Against its ETag: a concurrent import's number or code is never written over.
          if (kept !== undefined)
            await this.client.updateEntity(entity, 'Replace', { etag: existing.etag });
          else
            await submitBatch(this.client, [
              ['create', numberRow(challengeId, number, draft.id)],
              ['update', entity, 'Replace', { etag: existing.etag }],
            ]);
          numbers.took(number, draft.id);
          return { workshop, created: false };
        }
        const workshop: Workshop = {
          ...draft,
          challengeId,
          code: newCode(),
          number: numbers.next,
        };
        await submitBatch(this.client, [
          [
            'create',
            { partitionKey: challengeId, rowKey: codeKey(workshop.code), workshopId: workshop.id },
          ],
          ['create', numberRow(challengeId, workshop.number, workshop.id)],
          [
            'create',
            { partitionKey: challengeId, rowKey: workshopKey(workshop.id), ...rowOf(workshop) },
          ],
        ]);
        numbers.took(workshop.number, workshop.id);
        return { workshop, created: true };
      } catch (error) {
        // The code or the number was taken, or a concurrent import wrote the workshop: read again and decide.
        if (!(isConflict(error) || isStale(error)) || attempt >= 20) throw error;
        await numbers.read();
      }
    }
  }

  async get(challengeId: string, workshopId: string): Promise<Workshop | null> {
    const row = await getEntityOrNull<WorkshopRow>(
      this.client,
      challengeId,
      workshopKey(workshopId),
    );
    if (!row) return null;
    const workshop = toWorkshop(challengeId, row);
    if (typeof workshop.number === 'number') return { ...workshop, number: workshop.number };
    // A row from before numbers: its number depends on the whole programme.
    return (await this.list(challengeId)).find((w) => w.id === workshopId) ?? null;
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
    const workshops = (await listPartition<WorkshopRow>(this.client, challengeId, 'workshop:')).map(
      (row) => toWorkshop(challengeId, row),
    );
    if (workshops.every((w) => typeof w.number === 'number')) return withNumbers(workshops);
    // Rows from before numbers (until the next import stores them): a `number:` row already naming the workshop
    // wins, the others are numbered as withNumbers says, after every number ever given.
    const numbers = await new NumberBook(this.client, challengeId).read();
    return withNumbers(
      workshops.map((w) => {
        const n = w.number ?? numbers.of(w.id);
        return n === undefined ? w : { ...w, number: n };
      }),
      numbers.given(),
    );
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
