import { DomainError } from '../../domain/errors';
import { MATERIAL_LIMITS, materialOrder, type WorkshopMaterial } from '../../domain/library';
import type { WorkshopRepository } from '../../domain/ports';
import {
  nextWorkshopNumber,
  programmeOrder,
  type Workshop,
  type WorkshopDraft,
} from '../../domain/workshops';
import { byKey, copy } from './copy';

/** How many codes a new workshop draws before giving up, as the table does. */
const CODE_DRAWS = 10;

/** The workshop as a table row keeps it: empty places and links, absent capacities and points are left out. */
function stored(workshop: Workshop): Workshop {
  const { place, link, capacity, points, ...rest } = copy(workshop);
  return {
    ...rest,
    ...(place ? { place } : {}),
    ...(link ? { link } : {}),
    ...(typeof capacity === 'number' ? { capacity } : {}),
    ...(typeof points === 'number' ? { points } : {}),
  };
}

/** One challenge's programme: the twin of its Workshops partition. */
interface Programme {
  workshops: Map<string, Workshop>;
  /** Check-in code → workshop id; codes are unique within the challenge and never given back. */
  codes: Map<string, string>;
  /** Number → workshop id: the `number:<n>` rows, never given back, so a number is never given twice. */
  numbers: Map<number, string>;
  /** Workshop id → its materials by slot (0…9), apart from the workshops as in the table: imports leave them. */
  materials: Map<string, Map<number, WorkshopMaterial>>;
}

/**
 * In-memory twin of TableWorkshopRepository: a known workshop is replaced and keeps its code and number; a new one
 * draws codes until one is free and gets the next number never given, new ones of a save in programme order.
 */
export class MemoryWorkshopRepository implements WorkshopRepository {
  private readonly challenges = new Map<string, Programme>();

  private of(challengeId: string): Programme {
    let programme = this.challenges.get(challengeId);
    if (!programme) {
      programme = {
        workshops: new Map(),
        codes: new Map(),
        numbers: new Map(),
        materials: new Map(),
      };
      this.challenges.set(challengeId, programme);
    }
    return programme;
  }

  async save(challengeId: string, drafts: WorkshopDraft[], newCode: () => string) {
    const programme = this.of(challengeId);
    const saved = new Map<string, { workshop: Workshop; created: boolean }>();
    for (const draft of programmeOrder(drafts)) {
      const existing = programme.workshops.get(draft.id);
      if (existing) {
        const workshop: Workshop = {
          ...copy(draft),
          challengeId,
          code: existing.code,
          number: existing.number,
        };
        programme.workshops.set(draft.id, stored(workshop));
        saved.set(draft.id, { workshop, created: false });
        continue;
      }
      const code = drawFreeCode(programme, newCode);
      const number = nextWorkshopNumber(programme.numbers.keys());
      const workshop: Workshop = { ...copy(draft), challengeId, code, number };
      programme.workshops.set(draft.id, stored(workshop));
      programme.codes.set(code, draft.id);
      programme.numbers.set(number, draft.id);
      saved.set(draft.id, { workshop, created: true });
    }
    return drafts.map((draft) => saved.get(draft.id)!);
  }

  async get(challengeId: string, workshopId: string): Promise<Workshop | null> {
    const workshop = this.challenges.get(challengeId)?.workshops.get(workshopId);
    return workshop ? copy(workshop) : null;
  }

  async findByCode(challengeId: string, code: string): Promise<Workshop | null> {
    const workshopId = this.challenges.get(challengeId)?.codes.get(code);
    return workshopId === undefined ? null : this.get(challengeId, workshopId);
  }

  async list(challengeId: string): Promise<Workshop[]> {
    const workshops = [...(this.challenges.get(challengeId)?.workshops.values() ?? [])];
    return workshops.sort((a, b) => byKey(a.id, b.id)).map(copy);
  }

  async materials(challengeId: string, workshopId?: string): Promise<WorkshopMaterial[]> {
    const all = this.challenges.get(challengeId)?.materials ?? new Map();
    const lists = workshopId === undefined ? [...all.values()] : [all.get(workshopId)];
    return materialOrder(lists.flatMap((slots) => [...(slots?.values() ?? [])]).map(copy));
  }

  async addMaterial(
    challengeId: string,
    material: WorkshopMaterial,
    check: (existing: WorkshopMaterial[]) => void,
  ): Promise<WorkshopMaterial[]> {
    const all = this.of(challengeId).materials;
    const slots = all.get(material.workshopId) ?? new Map<number, WorkshopMaterial>();
    check(materialOrder([...slots.values()].map(copy)));
    const slot = Array.from({ length: MATERIAL_LIMITS.perWorkshop }, (_, n) => n).find(
      (n) => !slots.has(n),
    );
    if (slot === undefined) {
      throw new DomainError('materials_full', 'no free slot for a material', {
        field: 'materials',
        max: MATERIAL_LIMITS.perWorkshop,
      });
    }
    slots.set(slot, copy(material));
    all.set(material.workshopId, slots);
    return materialOrder([...slots.values()].map(copy));
  }

  async removeMaterial(
    challengeId: string,
    workshopId: string,
    materialId: string,
  ): Promise<boolean> {
    const slots = this.challenges.get(challengeId)?.materials.get(workshopId);
    const slot = [...(slots?.entries() ?? [])].find(([, m]) => m.id === materialId)?.[0];
    if (slots === undefined || slot === undefined) return false;
    slots.delete(slot);
    return true;
  }
}

function drawFreeCode(programme: Programme, newCode: () => string): string {
  for (let draw = 1; draw <= CODE_DRAWS; draw += 1) {
    const code = newCode();
    if (!programme.codes.has(code)) return code;
  }
  // The table gives up with its last 409 after as many draws.
  throw new Error(`no free check-in code after ${CODE_DRAWS} draws`);
}
