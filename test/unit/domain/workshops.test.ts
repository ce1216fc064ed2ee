import {
  assertCanSignUp,
  attendanceFigures,
  dueWorkshopReminders,
  findByReference,
  isHostOf,
  programmeOrder,
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

  it('is ordered by start, then title in French, which numbers it', () => {
    expect(programmeOrder([a, b, c]).map((w) => w.id)).toEqual(['b', 'c', 'a']);
  });

  it('finds a workshop by its number or its id', () => {
    expect(findByReference([a, b, c], '2')?.id).toBe('c');
    expect(findByReference([a, b, c], 'n°3')?.id).toBe('a');
    expect(findByReference([a, b, c], '#1')?.id).toBe('b');
    expect(findByReference([a, b, c], 'A')?.id).toBe('a');
    expect(findByReference([a, b, c], '4')).toBeNull();
    expect(findByReference([a, b, c], 'zz')).toBeNull();
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
