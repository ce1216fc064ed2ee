import fc from 'fast-check';
import type { WorkshopDraft } from '../../../src/domain/workshops';
import { listPartition, type TableSet } from '../../../src/storage/azure/tables';
import { TableWorkshopRepository } from '../../../src/storage/azure/workshop-repository';
import { buildWorkshopDraft } from '../../support/content-builders';
import { freshTables } from '../../support/storage';

/**
 * Workshop numbers against a real Azurite (issue 13): given once through insert-once `number:<n>` rows, kept by
 * every later import, never given twice even when two imports run at once, and rows written before numbers were
 * kept numbered as the old lists showed them.
 */
let tables: TableSet;
beforeAll(async () => {
  tables = await freshTables();
});

let challengeSeq = 0;
const aChallenge = () => `c-numbers-${(challengeSeq += 1)}`;

const draft = (id: string, day: number, hour: number, title = id): WorkshopDraft =>
  buildWorkshopDraft(
    id,
    `2026-11-${day}T${String(hour).padStart(2, '0')}:00:00Z`,
    `2026-11-${day}T${String(hour + 1).padStart(2, '0')}:00:00Z`,
    { title },
  );

/** Fresh check-in codes, distinct across the file (the alphabet has no O, 0, I, 1). */
let codeSeq = 0;
const newCode = () => {
  codeSeq += 1;
  return `N${codeSeq
    .toString(36)
    .toUpperCase()
    .replace(/[O0I1]/g, 'X')
    .padStart(5, 'A')}`;
};

/** The `number:<n>` rows of a challenge, as number → workshop id. */
async function numberRows(challengeId: string): Promise<Map<number, string>> {
  const rows = await listPartition<{ workshopId: string }>(
    tables.Workshops,
    challengeId,
    'number:',
  );
  return new Map(rows.map((r) => [Number(r.rowKey!.slice('number:'.length)), r.workshopId]));
}

/** Every workshop has one number, no two share one, and the index rows say the same. */
async function expectConsistent(challengeId: string) {
  const workshops = await new TableWorkshopRepository(tables).list(challengeId);
  const numbers = workshops.map((w) => w.number);
  expect(new Set(numbers).size).toBe(numbers.length);
  const index = await numberRows(challengeId);
  expect(Object.fromEntries([...index].map(([n, id]) => [id, n]))).toEqual(
    Object.fromEntries(workshops.map((w) => [w.id, w.number])),
  );
  return workshops;
}

describe('workshop numbers in the Workshops table', () => {
  it('are given in programme order, kept by a new import, and the next one goes to a new workshop', async () => {
    const c = aChallenge();
    const repo = new TableWorkshopRepository(tables);
    await repo.save(c, [draft('b', 25, 9), draft('a', 24, 9), draft('c', 26, 9)], newCode);

    const again = await repo.save(
      c,
      [draft('early', 23, 8), draft('a', 24, 10, 'moved'), draft('b', 25, 9)],
      newCode,
    );

    expect(again.map((s) => [s.workshop.id, s.workshop.number, s.created])).toEqual([
      ['early', 4, true],
      ['a', 1, false],
      ['b', 2, false],
    ]);
    expect((await repo.get(c, 'a'))?.number).toBe(1);
    expect((await repo.get(c, 'c'))?.number).toBe(3);
    await expectConsistent(c);
  });

  it('never gives two workshops the same number when two imports run at once', async () => {
    const c = aChallenge();
    const first = [draft('k1', 24, 9), draft('k2', 24, 11)];
    await new TableWorkshopRepository(tables).save(c, first, newCode);
    // Two organisers import two different versions of the programme at the same moment: some workshops in both,
    // some new in one only, some new in both.
    const one = [...first, draft('x1', 23, 8), draft('x2', 25, 9), draft('both', 26, 9)];
    const two = [draft('y1', 23, 7), ...first, draft('both', 26, 9), draft('y2', 27, 9)];

    const [a, b] = await Promise.all([
      new TableWorkshopRepository(tables).save(c, one, newCode),
      new TableWorkshopRepository(tables).save(c, two, newCode),
    ]);

    const workshops = await expectConsistent(c);
    expect(workshops.map((w) => w.id).sort()).toEqual(
      ['both', 'k1', 'k2', 'x1', 'x2', 'y1', 'y2'].sort(),
    );
    expect(Object.fromEntries(workshops.map((w) => [w.id, w.number]))).toMatchObject({
      k1: 1,
      k2: 2,
    });
    // Each import reports the number the store kept.
    for (const s of [...a, ...b])
      expect(s.workshop.number).toBe(workshops.find((w) => w.id === s.workshop.id)!.number);
    expect(
      workshops
        .map((w) => w.number)
        .sort((x, y) => x - y)
        .slice(2),
    ).toEqual([3, 4, 5, 6, 7]);
  });

  it('numbers rows written before numbers as the old lists did, on read and for good on the next import', async () => {
    const c = aChallenge();
    // Rows as the app wrote them before issue 13: no number column, no number rows.
    const legacy = [draft('l-wed', 25, 9), draft('l-mon', 23, 9), draft('l-tue', 24, 9)];
    for (const d of legacy) {
      const code = newCode();
      await tables.Workshops.createEntity({
        partitionKey: c,
        rowKey: `code:${code}`,
        workshopId: d.id,
      });
      const { id, ...fields } = d;
      await tables.Workshops.createEntity({
        partitionKey: c,
        rowKey: `workshop:${id}`,
        workshopId: id,
        ...fields,
        code,
      });
    }
    const repo = new TableWorkshopRepository(tables);
    const shown = Object.fromEntries((await repo.list(c)).map((w) => [w.id, w.number]));
    expect(shown).toEqual({ 'l-mon': 1, 'l-tue': 2, 'l-wed': 3 });
    expect((await repo.get(c, 'l-wed'))?.number).toBe(3);

    // Two imports at once, one adding a workshop first in the week: the old ones keep the numbers shown.
    await Promise.all([
      repo.save(c, [draft('new-sun', 22, 9), draft('l-tue', 24, 9)], newCode),
      new TableWorkshopRepository(tables).save(c, [draft('l-wed', 25, 10)], newCode),
    ]);

    const workshops = await expectConsistent(c);
    expect(Object.fromEntries(workshops.map((w) => [w.id, w.number]))).toEqual({
      ...shown,
      'new-sun': 4,
    });
    const stored = await listPartition<{ number?: number }>(tables.Workshops, c, 'workshop:');
    expect(stored.every((row) => typeof row.number === 'number')).toBe(true);
  });

  it('keeps every kept workshop’s number over any sequence of imports, two at a time (property)', async () => {
    const pool = Array.from({ length: 8 }, (_, i) =>
      draft(`p${i}`, 23 + (i % 4), 8 + ((i * 5) % 7)),
    );
    const anImport = fc.subarray(pool, { minLength: 1 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(anImport, anImport), { minLength: 1, maxLength: 3 }),
        async (rounds) => {
          const c = aChallenge();
          const seen = new Map<string, number>();
          for (const [one, two] of rounds) {
            await Promise.all([
              new TableWorkshopRepository(tables).save(c, one, newCode),
              new TableWorkshopRepository(tables).save(c, two, newCode),
            ]);
            const workshops = await expectConsistent(c);
            for (const w of workshops) {
              if (seen.has(w.id)) expect(w.number).toBe(seen.get(w.id));
              seen.set(w.id, w.number);
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 60_000);
});
