import { DomainError } from '../../../src/domain/errors';
import { assertCanSignUp, type WorkshopDraft } from '../../../src/domain/workshops';
import { TableCheckinGuardRepository } from '../../../src/storage/azure/checkin-guard-repository';
import { TableSignupRepository } from '../../../src/storage/azure/signup-repository';
import type { TableSet } from '../../../src/storage/azure/tables';
import { TableWorkshopRepository } from '../../../src/storage/azure/workshop-repository';
import { freshTables } from '../../support/storage';

/** The workshop tables against a real Azurite: codes drawn again when taken, seats counted under races. */
let tables: TableSet;
beforeAll(async () => {
  tables = await freshTables();
});

const draft = (id: string, overrides: Partial<WorkshopDraft> = {}): WorkshopDraft => ({
  id,
  title: `Atelier ${id}`,
  format: 'atelier',
  description: 'd',
  host: 'DSI',
  place: 'Salle 1',
  startsAt: '2026-11-24T13:00:00.000Z',
  endsAt: '2026-11-24T15:00:00.000Z',
  ...overrides,
});

describe('TableWorkshopRepository', () => {
  it('draws another code when one is taken, keeps codes on a new import, and finds a workshop by its code', async () => {
    const workshops = new TableWorkshopRepository(tables);
    const codes = ['AAAAAA', 'AAAAAA', 'BBBBBB'];
    const saved = await workshops.save(
      'c1',
      [draft('w1'), draft('w2', { capacity: 10, link: 'https://visio.example.org/x' })],
      () => codes.shift()!,
    );
    expect(saved.map((s) => [s.workshop.id, s.workshop.code, s.created])).toEqual([
      ['w1', 'AAAAAA', true],
      ['w2', 'BBBBBB', true],
    ]);
    const again = await workshops.save('c1', [draft('w2', { title: 'Renommé' })], () => 'CCCCCC');
    expect(again).toEqual([
      {
        workshop: expect.objectContaining({ id: 'w2', code: 'BBBBBB', title: 'Renommé' }),
        created: false,
      },
    ]);
    // What the new import no longer gives is gone (capacity, link).
    const w2 = await workshops.findByCode('c1', 'BBBBBB');
    expect(w2).toEqual({
      ...draft('w2', { title: 'Renommé' }),
      challengeId: 'c1',
      code: 'BBBBBB',
      number: 2,
    });
    expect(await workshops.findByCode('c1', 'CCCCCC')).toBeNull();
    expect(await workshops.findByCode('c2', 'AAAAAA')).toBeNull();
    expect((await workshops.list('c1')).map((w) => w.id).sort()).toEqual(['w1', 'w2']);
  });
});

describe('TableSignupRepository', () => {
  const workshop = { title: 'Visite', startsAt: '2026-11-24T13:00:00.000Z', capacity: 3 };
  const check = (taken: number) =>
    assertCanSignUp(workshop, taken, Date.parse('2026-11-20T10:00:00Z'));
  const signup = (agentId: string) => ({ agentId, name: agentId, at: '2026-11-20T10:00:00.000Z' });

  it('gives the last seats to exactly as many agents as there are seats, however many rush at once', async () => {
    const signups = new TableSignupRepository(tables);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => signups.signUp('c1', 'visite', signup(`a${i}`), check)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(
      refused.every((r) => r.reason instanceof DomainError && r.reason.code === 'workshop_full'),
    ).toBe(true);
    expect(await signups.taken('c1', 'visite')).toBe(3);
    expect(await signups.list('c1', 'visite')).toHaveLength(3);
  });

  it('takes one seat per agent, even when the agent clicks twice at once, and gives it back once', async () => {
    const signups = new TableSignupRepository(tables);
    const twice = await Promise.allSettled([
      signups.signUp('c1', 'fresque', signup('a1'), () => undefined),
      signups.signUp('c1', 'fresque', signup('a1'), () => undefined),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((twice.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe(
      'already_signed_up',
    );
    expect(await signups.isSignedUp('c1', 'fresque', 'a1')).toBe(true);
    const cancels = await Promise.allSettled([
      signups.cancel('c1', 'fresque', 'a1'),
      signups.cancel('c1', 'fresque', 'a1'),
    ]);
    expect(cancels.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await signups.taken('c1', 'fresque')).toBe(0);
    expect(await signups.isSignedUp('c1', 'fresque', 'a1')).toBe(false);
  });
});

describe('TableCheckinGuardRepository', () => {
  it('keeps every wrong attempt of concurrent tries, trimmed by the rule', async () => {
    const guards = new TableCheckinGuardRepository(tables);
    await Promise.all(
      [1, 2, 3, 4].map((at) => guards.addWrongAttempt('c1', 'a1', at, (all) => all)),
    );
    expect((await guards.wrongAttempts('c1', 'a1')).sort()).toEqual([1, 2, 3, 4]);
    expect(
      await guards.addWrongAttempt('c1', 'a1', 5, (all) => all.filter((at) => at > 2)),
    ).toEqual(expect.arrayContaining([3, 4, 5]));
    expect(await guards.wrongAttempts('c1', 'someone-else')).toEqual([]);
  });
});
