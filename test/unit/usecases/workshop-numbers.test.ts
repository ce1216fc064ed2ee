import fc from 'fast-check';
import type { WorkshopDraft } from '../../../src/domain/workshops';
import { memoryDeps } from '../../../src/storage/memory';
import { MemoryWorkshopRepository } from '../../../src/storage/memory/workshop-repository';
import { importProgramme } from '../../../src/usecases/import-workshops';
import { programmeFor } from '../../../src/usecases/workshop-programme';
import { cancelWorkshopSignup, signUpForWorkshop } from '../../../src/usecases/workshop-signup';
import { givenChallenge } from '../../support/builders';
import { clockAt } from '../../support/clock';
import { buildWorkshopDraft, jsonProgramme, programmeEntry } from '../../support/content-builders';

/**
 * Issue 13: a workshop's number is given once and kept, so a number an agent has seen keeps meaning the same
 * workshop after the organisers import the programme again.
 */
const FRIDAY = '2026-11-20T10:00:00+01:00';

const fresque = programmeEntry({ title: 'Fresque du numérique', start: '2026-11-24 14:00' });
const visite = programmeEntry({
  title: 'Visite du datacenter',
  start: '2026-11-25 10:00',
  end: '2026-11-25 11:30',
});
const messagerie = programmeEntry({
  title: 'Alléger sa messagerie',
  start: '2026-11-26 09:00',
  end: '2026-11-26 10:00',
});
/** Added later, on the Monday: before every other workshop in the programme's order. */
const ouverture = programmeEntry({
  title: 'Conférence d’ouverture',
  format: 'conference',
  start: '2026-11-23 09:00',
  end: '2026-11-23 10:00',
});

async function aChallenge() {
  const clock = clockAt(FRIDAY);
  const deps = memoryDeps({ clock });
  const challenge = await givenChallenge(deps);
  const importing = (entries: Record<string, unknown>[]) =>
    importProgramme(deps, challenge, { text: jsonProgramme(entries), format: 'json' }, clock.now());
  return { deps, importing };
}

const numbersOf = async (deps: ReturnType<typeof memoryDeps>) =>
  Object.fromEntries((await deps.workshops.list('c1')).map((w) => [w.title, w.number]));

describe('workshop numbers', () => {
  it('are given down the week on a first import', async () => {
    // given
    const { deps, importing } = await aChallenge();

    // when
    await importing([messagerie, visite, fresque]);

    // then
    expect(await numbersOf(deps)).toEqual({
      'Fresque du numérique': 1,
      'Visite du datacenter': 2,
      'Alléger sa messagerie': 3,
    });
  });

  it('stay with their workshop when a new one comes earlier in the programme, which gets the next number', async () => {
    // given the programme an agent has read
    const { deps, importing } = await aChallenge();
    await importing([fresque, visite, messagerie]);

    // when the organisers add the opening talk, first of the week
    const again = await importing([ouverture, fresque, visite, messagerie]);

    // then
    expect(again.created.map((w) => [w.title, w.number])).toEqual([['Conférence d’ouverture', 4]]);
    expect(await numbersOf(deps)).toEqual({
      'Conférence d’ouverture': 4,
      'Fresque du numérique': 1,
      'Visite du datacenter': 2,
      'Alléger sa messagerie': 3,
    });
    // and the agent's list shows them in the week's order, each with its own number
    const { items } = await programmeFor(deps, 'a1', 'upcoming');
    expect(items.map((i) => i.number)).toEqual([4, 1, 2, 3]);
  });

  it('make "je me désinscris 2" typed from an old list give back the seat it meant', async () => {
    // given an agent signed up for the visit, n° 2 in the list they read
    const { deps, importing } = await aChallenge();
    await importing([fresque, visite, messagerie]);
    await signUpForWorkshop(deps, { agentId: 'a1', agentName: 'Agent 1', reference: '2' });
    await signUpForWorkshop(deps, { agentId: 'a1', agentName: 'Agent 1', reference: '1' });
    await importing([ouverture, fresque, visite, messagerie]);

    // when they cancel n° 2 after the programme changed
    const outcome = await cancelWorkshopSignup(deps, { agentId: 'a1', reference: '2' });

    // then the visit is cancelled, named so, and the fresque keeps its seat
    expect(outcome).toMatchObject({ workshop: { title: 'Visite du datacenter' }, number: 2 });
    const signedUpTo = (await programmeFor(deps, 'a1', 'mine')).items.map((i) => i.workshop.title);
    expect(signedUpTo).toEqual(['Fresque du numérique']);
  });

  it('say clearly when no workshop has the number typed', async () => {
    // given
    const { deps, importing } = await aChallenge();
    await importing([fresque]);

    // when
    const cancelling = cancelWorkshopSignup(deps, { agentId: 'a1', reference: 'n° 9' });

    // then
    await expect(cancelling).rejects.toMatchObject({
      code: 'workshop_unknown',
      details: { number: 9 },
    });
  });
});

describe('the numbering rule, over any sequence of imports (property)', () => {
  /** A pool of workshops an organiser may put in a programme, at various places in the week. */
  const pool: WorkshopDraft[] = Array.from({ length: 12 }, (_, i) =>
    buildWorkshopDraft(
      `w${i}`,
      `2026-11-${23 + (i % 5)}T${String(8 + ((i * 7) % 9)).padStart(2, '0')}:00:00Z`,
      `2026-11-${23 + (i % 5)}T${String(9 + ((i * 7) % 9)).padStart(2, '0')}:00:00Z`,
      { title: `Atelier ${String.fromCharCode(90 - i)}` },
    ),
  );
  /** One import: some workshops of the pool, in any order, some moved to another time. */
  const anImport = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: pool.length - 1 }), fc.boolean()), {
      selector: ([i]) => i,
      minLength: 1,
      maxLength: pool.length,
    })
    .map((picks) =>
      picks.map(([i, moved]) => {
        const draft = pool[i]!;
        if (!moved) return draft;
        const hour = (t: string) => new Date(Date.parse(t) - 24 * 3_600_000).toISOString();
        return { ...draft, startsAt: hour(draft.startsAt), endsAt: hour(draft.endsAt) };
      }),
    );

  it('never changes the number of a kept workshop and never gives a number twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anImport, { minLength: 1, maxLength: 6 }), async (imports) => {
        const workshops = new MemoryWorkshopRepository();
        const given = new Map<string, number>();
        let code = 0;
        for (const drafts of imports) {
          const saved = await workshops.save(
            'c1',
            drafts,
            () => `C${String(code++).padStart(5, '0')}`,
          );
          for (const { workshop, created } of saved) {
            const before = given.get(workshop.id);
            if (before !== undefined) expect(workshop.number).toBe(before);
            expect(created).toBe(before === undefined);
            given.set(workshop.id, workshop.number);
          }
          const stored = await workshops.list('c1');
          const numbers = stored.map((w) => w.number);
          expect(new Set(numbers).size).toBe(numbers.length);
          for (const w of stored) expect(w.number).toBe(given.get(w.id));
          // A new number is always above every number given before: a number never comes back.
          const news = saved.filter((s) => s.created).map((s) => s.workshop.number);
          const old = [...given.entries()]
            .filter(([id]) => !saved.some((s) => s.created && s.workshop.id === id))
            .map(([, n]) => n);
          for (const n of news) expect(n).toBeGreaterThan(Math.max(0, ...old));
        }
      }),
      { numRuns: 150 },
    );
  });
});
