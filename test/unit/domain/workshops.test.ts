import {
  assertCanSignUp,
  attendanceFigures,
  dueWorkshopReminders,
  findByReference,
  isHostOf,
  nextWorkshopNumber,
  programmeOrder,
  withNumbers,
  workshopNumberOf,
  workshopPoints,
} from '../../../src/domain/workshops';
import { buildWorkshopDraft as draft } from '../../support/content-builders';
import { errorOf } from '../../support/errors';

const MINUTE = 60_000;

describe('reminders', () => {
  const w = { id: 'w', startsAt: '2026-11-24T13:00:00.000Z' };
  const start = Date.parse(w.startsAt);

  it('are due from 15 minutes before the start until the start', () => {
    expect(dueWorkshopReminders([w], start - 15 * MINUTE - 1000)).toEqual([]);
    expect(dueWorkshopReminders([w], start - 15 * MINUTE)).toEqual([w]);
    expect(dueWorkshopReminders([w], start - 1000)).toEqual([w]);
    expect(dueWorkshopReminders([w], start)).toEqual([]);
  });
});

describe('the programme', () => {
  const a = draft('a', '2026-11-24T14:00:00Z', '2026-11-24T15:00:00Z', { title: 'Zoom' });
  const b = draft('b', '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z');
  const c = draft('c', '2026-11-24T14:00:00Z', '2026-11-24T15:00:00Z', { title: 'Écran' });

  it('is ordered by start, then title in French', () => {
    expect(programmeOrder([a, b, c]).map((w) => w.id)).toEqual(['b', 'c', 'a']);
  });

  it('finds a workshop by its stored number, whatever its place in the programme, or by its id', () => {
    // Given numbers that no longer follow the order: c came into the programme last.
    const numbered = [
      { ...a, number: 2 },
      { ...b, number: 1 },
      { ...c, number: 7 },
    ];

    expect(findByReference(numbered, '7')?.id).toBe('c');
    expect(findByReference(numbered, 'n°2')?.id).toBe('a');
    expect(findByReference(numbered, 'n° 2')?.id).toBe('a');
    expect(findByReference(numbered, '#1')?.id).toBe('b');
    expect(findByReference(numbered, 'A')?.id).toBe('a');
    expect(findByReference(numbered, '3')).toBeNull();
    expect(findByReference(numbered, 'zz')).toBeNull();
    expect(findByReference(numbered, 'No. 7')?.id).toBe('c');
    expect(workshopNumberOf('n° 3')).toBe(3);
    expect(workshopNumberOf('a')).toBeNull();
  });

  it('gives a new workshop one more than any number ever given', () => {
    expect(nextWorkshopNumber([])).toBe(1);
    expect(nextWorkshopNumber([3, 1, 2])).toBe(4);
    // A gap left by a removed workshop is not filled: 2 might still be in an agent's old list.
    expect(nextWorkshopNumber([1, 3])).toBe(4);
  });

  it('numbers workshops stored without a number by their place in the programme, as old lists showed them', () => {
    expect(withNumbers([a, b, c]).map((w) => [w.id, w.number])).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ]);
    // Mixed (an import stopped half-way): the numbered keep theirs, the others come after any number given.
    expect(withNumbers([{ ...a, number: 2 }, b, c], [5]).map((w) => [w.id, w.number])).toEqual([
      ['a', 2],
      ['b', 6],
      ['c', 7],
    ]);
  });

  it('gives a check-in the workshop’s points, else the challenge’s', () => {
    expect(workshopPoints({ points: 8 }, 5)).toBe(8);
    expect(workshopPoints({ points: 0 }, 5)).toBe(0);
    expect(workshopPoints({}, 5)).toBe(5);
  });

  it('knows the host direction, whatever the case and accents', () => {
    expect(
      isHostOf(
        { direction: 'direction des systemes d’information' },
        { host: "Direction des systèmes d'information" },
      ),
    ).toBe(true);
    expect(isHostOf({}, { host: 'DSI' })).toBe(false);
    expect(isHostOf({ direction: 'DRH' }, { host: 'DSI' })).toBe(false);
  });
});

describe('sign-up', () => {
  const w = { title: 'Visite', startsAt: '2026-11-24T13:00:00.000Z', capacity: 2 };
  const before = Date.parse(w.startsAt) - 1;

  it('is open until the start while seats are left', () => {
    expect(() => assertCanSignUp(w, 1, before)).not.toThrow();
    expect(errorOf(() => assertCanSignUp(w, 2, before))).toMatchObject({
      code: 'workshop_full',
      details: { max: 2 },
    });
    expect(errorOf(() => assertCanSignUp(w, 0, before + 1)).code).toBe('signup_closed');
    expect(() => assertCanSignUp({ ...w, capacity: undefined }, 500, before)).not.toThrow();
  });
});

describe('attendance figures', () => {
  it('counts sign-ups and attendance per workshop and per format', () => {
    const workshops = [
      { id: 'w1', format: 'atelier' as const },
      { id: 'w2', format: 'atelier' as const },
      { id: 'w3', format: 'visite' as const },
    ];
    const signups = new Map([
      ['w1', ['a1', 'a2', 'a3']],
      ['w3', ['a1']],
    ]);
    const checkins = [
      { agentId: 'a1', workshopId: 'w1' },
      { agentId: 'a4', workshopId: 'w1' },
      { agentId: 'a2', workshopId: 'w2' },
    ];
    expect(attendanceFigures(workshops, signups, checkins)).toEqual({
      byWorkshop: [
        { workshopId: 'w1', signedUp: 3, attended: 2, attendedSignedUp: 1 },
        { workshopId: 'w2', signedUp: 0, attended: 1, attendedSignedUp: 0 },
        { workshopId: 'w3', signedUp: 1, attended: 0, attendedSignedUp: 0 },
      ],
      byFormat: [
        { format: 'atelier', workshops: 2, signedUp: 3, attended: 3 },
        { format: 'visite', workshops: 1, signedUp: 1, attended: 0 },
      ],
    });
  });
});
