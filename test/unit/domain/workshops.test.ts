import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../src/domain/errors';
import {
  assertCanSignUp,
  attendanceFigures,
  checkinDeepLink,
  checkinState,
  checkinWindow,
  DEFAULT_GUESS_LIMIT,
  dueWorkshopReminders,
  findByReference,
  guessesLeft,
  guessLockedUntil,
  isHostOf,
  parseWorkshopsCsv,
  parseWorkshopsJson,
  programmeOrder,
  readFormat,
  recentWrongAttempts,
  workshopIdFor,
  workshopPoints,
  type ImportContext,
  type WorkshopDraft,
} from '../../../src/domain/workshops';
import { buildChallenge } from '../../support/builders';

const SHIPPED_PROGRAMME = join(__dirname, '../../../src/content/workshops.fr.json');
const MINUTE = 60_000;
// The Friday before the challenge week of buildChallenge() (Monday 23 November 2026).
const BEFORE_THE_WEEK = Date.parse('2026-11-20T12:00:00+01:00');
const context: ImportContext = { challenge: buildChallenge(), now: BEFORE_THE_WEEK };

function errorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** The problem lines of an invalid_import error ("line N: …"). */
function problemLines(action: () => unknown): string[] {
  const error = errorOf(action);
  expect(error.code).toBe('invalid_import');
  const [head, ...lines] = error.message.split('\n');
  expect(head).toContain(`${lines.length} problem(s)`);
  return lines;
}

function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Fresque du numérique',
    format: 'atelier',
    description: 'Comprendre les impacts du numérique en jouant.',
    host: 'Mission développement durable',
    place: 'Tiers-lieu La Fabrique',
    start: '2026-11-24 14:00',
    end: '2026-11-24 17:00',
    ...overrides,
  };
}

const json = (entries: Record<string, unknown>[]) => JSON.stringify({ workshops: entries }, null, 2);

/** 1-based line of the `nth` line of `text` holding `needle`. */
function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  throw new Error(`"${needle}" #${nth} not found`);
}

function draft(id: string, start: string, end: string, overrides: Partial<WorkshopDraft> = {}): WorkshopDraft {
  return {
    id,
    title: id,
    format: 'atelier',
    description: 'd',
    host: 'Direction du numérique',
    place: 'Salle 1',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    ...overrides,
  };
}

describe('the shipped programme src/content/workshops.fr.json', () => {
  const { workshops, warnings } = parseWorkshopsJson(readFileSync(SHIPPED_PROGRAMME, 'utf8'), context);

  it('is a valid import file: about a dozen workshops over the five days, mixed formats, no overlap', () => {
    expect(warnings).toEqual([]);
    expect(workshops.length).toBeGreaterThanOrEqual(12);
    const days = new Set(workshops.map((w) => w.startsAt.slice(0, 10)));
    expect([...days].sort()).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(new Set(workshops.map((w) => w.format)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(workshops.map((w) => w.id)).size).toBe(workshops.length);
    expect(workshops.some((w) => w.link && !w.place)).toBe(true); // remote only
    expect(workshops.some((w) => w.link && w.place)).toBe(true); // hybrid
    expect(workshops.some((w) => w.points !== undefined && w.points !== 5)).toBe(true);
    expect(workshops.find((w) => w.title === 'Fresque du numérique')).toMatchObject({
      format: 'atelier',
      startsAt: '2026-11-23T13:00:00.000Z', // 14:00 in Paris, winter time
      capacity: 14,
      points: 8,
    });
  });
});

describe('parseWorkshopsJson', () => {
  it('reads Paris local times, an end given as a time alone, French field names and format aliases', () => {
    const text = JSON.stringify([
      entry({ id: 'fresque', capacity: 14, points: '8' }),
      { titre: 'Atelier : alléger sa messagerie', type: 'Workshop', description: 'Désabonnements.', direction: 'DSI', lien: 'https://visio.example.org/m', début: '2026-03-29 10:00', fin: '11:30' },
    ]);
    const { workshops, warnings } = parseWorkshopsJson(text, { ...context, challenge: buildChallenge({ startDate: '2026-03-23', days: 7 }), now: Date.parse('2026-03-01T00:00:00Z') });
    expect(workshops[0]).toEqual({
      id: 'fresque',
      title: 'Fresque du numérique',
      format: 'atelier',
      description: 'Comprendre les impacts du numérique en jouant.',
      host: 'Mission développement durable',
      place: 'Tiers-lieu La Fabrique',
      startsAt: '2026-11-24T13:00:00.000Z',
      endsAt: '2026-11-24T16:00:00.000Z',
      capacity: 14,
      points: 8,
    });
    // 29 March 2026 is the day clocks go forward in Paris: 10:00 is 08:00 UTC.
    expect(workshops[1]).toMatchObject({
      id: '2026-03-29-1000-atelier-alleger-sa-messagerie',
      format: 'atelier',
      link: 'https://visio.example.org/m',
      startsAt: '2026-03-29T08:00:00.000Z',
      endsAt: '2026-03-29T09:30:00.000Z',
    });
    expect(workshops[1]!.place).toBeUndefined();
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('outside the challenge')]);
  });

  it('reports every broken workshop with the line it starts on, and imports nothing', () => {
    const text = json([
      entry(),
      entry({ title: '' }),
      entry({ title: 'Débat', format: 'karaoké' }),
      entry({ title: 'Visite', start: '2026-11-24 14:00', end: '2026-11-24 13:00' }),
      entry({ title: 'Expo', capacity: 'beaucoup', points: -2 }),
      entry({ title: 'En ligne', place: '', link: 'http://visio.example.org' }),
      entry({ title: 'Nulle part', place: '' }),
      entry({ title: 'Date', start: '24/11/2026 14:00' }),
    ]);
    const starts = (n: number) => lineOf(text, '"title"', n) - 1; // each object opens on the line before its title
    expect(problemLines(() => parseWorkshopsJson(text, context))).toEqual([
      `line ${starts(2)}: title is missing or longer than 120 characters`,
      `line ${starts(3)}: "Débat": format "karaoké" must be one of conference, atelier, projection, debat, exposition, visite, autre`,
      `line ${starts(4)}: "Visite": ends (2026-11-24 13:00) before or when it starts (2026-11-24 14:00)`,
      `line ${starts(5)}: "Expo": capacity "beaucoup" must be a whole number from 1 to 10000, or empty`,
      `line ${starts(5)}: "Expo": points "-2" must be a whole number from 0 to 100, or empty`,
      `line ${starts(6)}: "En ligne": online link must be an https:// address of at most 500 characters`,
      `line ${starts(7)}: "Nulle part": give a place, an online link, or both`,
      `line ${starts(8)}: "Date": start "24/11/2026 14:00" must be a local date and time like 2026-11-24 14:00`,
    ]);
  });

  it('finds the lines of a bare array, of compact files, and of entries that are not objects', () => {
    const compact = `[${JSON.stringify(entry())},\n ${JSON.stringify(entry({ title: '' }))},\n "oops"]`;
    expect(problemLines(() => parseWorkshopsJson(compact, context))).toEqual([
      'line 2: title is missing or longer than 120 characters',
      'line 3: workshop 3 must be an object',
    ]);
    // A "workshops" key nested deeper, or strings holding brackets, do not fool the line finder.
    const tricky = JSON.stringify({ note: { workshops: ['x'] }, comment: 'a [ and a {', workshops: [entry(), entry({ format: '?' })] }, null, 2);
    expect(problemLines(() => parseWorkshopsJson(tricky, context))).toEqual([
      `line ${lineOf(tricky, '"title"', 2) - 1}: "Fresque du numérique": format "?" must be one of conference, atelier, projection, debat, exposition, visite, autre`,
    ]);
  });

  it('refuses a file that is not JSON (with the line), not a programme, or empty', () => {
    expect(problemLines(() => parseWorkshopsJson('{\n  "workshops": [\n    {,}\n  ]\n}', context))).toEqual([
      expect.stringMatching(/^line 3: not valid JSON/),
    ]);
    expect(problemLines(() => parseWorkshopsJson('{"title": "x"}', context))).toEqual([
      'line 1: expected an array of workshops, or an object with a "workshops" array',
    ]);
    expect(problemLines(() => parseWorkshopsJson('[]', context))).toEqual(['line 1: the file has no workshop']);
    expect(problemLines(() => parseWorkshopsJson(json([entry({ title: { fr: 'x' } })]), context))).toEqual([
      'line 3: workshop 1: "title" must be text or a number',
    ]);
  });

  it('refuses a workshop that has already ended, saying when; one already imported is left as it is', () => {
    const text = json([entry({ start: '2026-11-24 09:00', end: '2026-11-24 10:00' }), entry({ title: 'Plus tard', start: '2026-11-24 14:00', end: '15:00' })]);
    const atTen = { ...context, now: Date.parse('2026-11-24T10:00:00+01:00') };
    expect(problemLines(() => parseWorkshopsJson(text, atTen))).toEqual([
      'line 3: "Fresque du numérique" has already ended (2026-11-24 10:00): a past workshop cannot be imported',
    ]);
    const id = workshopIdFor('2026-11-24', '09:00', 'Fresque du numérique');
    const existing = new Map([[id, { id, startsAt: '2026-11-24T08:00:00.000Z' }]]);
    const again = parseWorkshopsJson(text, { ...atTen, existing });
    expect(again.workshops.map((w) => w.title)).toEqual(['Plus tard']);
    expect(again.warnings).toEqual([{ line: 3, message: '"Fresque du numérique" has already ended (2026-11-24 10:00): left as it is' }]);
  });

  it('refuses to change the points of a workshop whose check-in has opened', () => {
    const text = json([entry({ id: 'fresque', points: 10 })]);
    const existing = new Map([['fresque', { id: 'fresque', startsAt: '2026-11-24T13:00:00.000Z', points: 8 }]]);
    const opened = { ...context, existing, now: Date.parse('2026-11-24T13:45:00+01:00') };
    expect(problemLines(() => parseWorkshopsJson(text, opened))).toEqual([
      'line 3: "Fresque du numérique": points cannot change once its check-in has opened',
    ]);
    // Before the check-in opens, the points may still change.
    expect(parseWorkshopsJson(text, { ...opened, now: Date.parse('2026-11-24T13:44:59+01:00') }).workshops[0]!.points).toBe(10);
  });

  it('accepts overlapping workshops but reports each overlap, saying when the place is the same', () => {
    const text = json([
      entry({ title: 'A', start: '2026-11-24 14:00', end: '16:00' }),
      entry({ title: 'B', start: '2026-11-24 15:00', end: '17:00', place: 'Salle du Conseil' }),
      entry({ title: 'C', start: '2026-11-24 15:30', end: '16:30', place: ' tiers-lieu LA fabrique ' }),
      entry({ title: 'D', start: '2026-11-24 17:00', end: '18:00', place: 'Salle du Conseil' }),
    ]);
    const { workshops, warnings } = parseWorkshopsJson(text, context);
    expect(workshops).toHaveLength(4);
    const line = (n: number) => lineOf(text, '"title"', n) - 1;
    expect(warnings).toEqual([
      { line: line(2), message: '"B" overlaps "A" (line ' + line(1) + ')' },
      { line: line(3), message: '"C" overlaps "A" (line ' + line(1) + '), at the same place' },
      { line: line(3), message: '"C" overlaps "B" (line ' + line(2) + ')' },
    ]);
  });

  it('refuses an id used twice and a malformed id', () => {
    const text = json([entry({ id: 'w1' }), entry({ id: 'w1', title: 'Autre' }), entry({ id: 'pas bon', title: 'Trois' })]);
    const line = (n: number) => lineOf(text, '"title"', n) - 1;
    expect(problemLines(() => parseWorkshopsJson(text, context))).toEqual([
      `line ${line(2)}: "Autre": id "w1" is already used on line ${line(1)}`,
      `line ${line(3)}: "Trois": id "pas bon" must be 1–64 letters, digits, - or _`,
    ]);
  });
});

describe('parseWorkshopsCsv', () => {
  const header = 'titre;format;description;direction;lieu;lien;début;fin;capacité;points';
  const good = [
    header,
    'Fresque du numérique;Atelier;Comprendre en jouant.;Mission développement durable;Tiers-lieu La Fabrique;;2026-11-23 14:00;2026-11-23 17:00;14;8',
    'Projection-débat;projection-débat;"Un film, puis un échange ; apportez votre déjeuner.";Direction de la culture;Médiathèque;;2026-11-24 12:15;13:45;;',
  ].join('\n');

  it('reads a semicolon-separated file with French column names', () => {
    const { workshops, warnings } = parseWorkshopsCsv(good, context);
    expect(warnings).toEqual([]);
    expect(workshops.map((w) => [w.title, w.format, w.capacity, w.points])).toEqual([
      ['Fresque du numérique', 'atelier', 14, 8],
      ['Projection-débat', 'projection', undefined, undefined],
    ]);
    expect(workshops[1]!.description).toBe('Un film, puis un échange ; apportez votre déjeuner.');
  });

  it('reports every broken row with its line, and imports nothing', () => {
    const broken = [
      good,
      'Trop court;atelier;x',
      'Visite;visite;Salles serveurs.;DSI;Datacenter;;2026-11-25 25:00;2026-11-25 16:00;12;',
      '',
      'Débat;débat;Échange.;DRH;;;2026-11-26 16:30;17:30;;',
      'Conférence;conférence;Accessibilité.;Communication;Salle 2.14;;2026-11-25 14:00;15:30;0;',
    ].join('\n');
    expect(problemLines(() => parseWorkshopsCsv(broken, context))).toEqual([
      'line 4: 3 fields, expected 10',
      'line 5: "Visite": start "2026-11-25 25:00" must be a local date and time like 2026-11-24 14:00',
      'line 7: "Débat": give a place, an online link, or both',
      'line 8: "Conférence": capacity "0" must be a whole number from 1 to 10000, or empty',
    ]);
  });

  it('reports a quoted field never closed, missing columns and an empty file', () => {
    expect(problemLines(() => parseWorkshopsCsv(`${good}\n"Atelier;atelier;x;DSI;Salle;;2026-11-25 09:00;10:00;;`, context))).toContain(
      'line 4: a quoted field is never closed',
    );
    expect(problemLines(() => parseWorkshopsCsv('title;format\nA;atelier', context))).toEqual([
      'line 1: missing column(s): description, host, start, end, place',
    ]);
    expect(problemLines(() => parseWorkshopsCsv('', context))).toEqual(['line 1: the file is empty']);
    expect(problemLines(() => parseWorkshopsCsv(header, context))).toEqual(['line 1: the file has no workshop']);
  });
});

describe('formats', () => {
  it.each([
    ['Conférence', 'conference'],
    ['talk', null],
    ['projection-débat', 'projection'],
    ['Projection débat', 'projection'],
    ['DÉBAT', 'debat'],
    ['expo', 'exposition'],
    ['Visit', 'visite'],
    ['autre', 'autre'],
  ])('reads %p as %p', (typed, format) => {
    expect(readFormat(typed)).toBe(format);
  });
});

describe('the check-in window', () => {
  const workshop = { startsAt: '2026-11-24T13:00:00.000Z', endsAt: '2026-11-24T15:00:00.000Z' };
  const opens = Date.parse('2026-11-24T12:45:00.000Z');
  const closes = Date.parse('2026-11-24T15:30:00.000Z');

  it('opens 15 minutes before the start and closes 30 minutes after the end, both instants included', () => {
    expect(checkinWindow(workshop)).toEqual({ opensAt: opens, closesAt: closes });
    expect(checkinState(workshop, opens - 1000)).toBe('not_open');
    expect(checkinState(workshop, opens)).toBe('open');
    expect(checkinState(workshop, closes)).toBe('open');
    expect(checkinState(workshop, closes + 1000)).toBe('closed');
  });

  it('follows the challenge’s own rule when it has one', () => {
    const rule = { beforeStartMinutes: 0, afterEndMinutes: 5 };
    expect(checkinState(workshop, Date.parse(workshop.startsAt) - 1, rule)).toBe('not_open');
    expect(checkinState(workshop, Date.parse(workshop.endsAt) + 5 * MINUTE, rule)).toBe('open');
    expect(checkinState(workshop, Date.parse(workshop.endsAt) + 5 * MINUTE + 1, rule)).toBe('closed');
  });
});

describe('the limit on wrong codes', () => {
  const t0 = Date.parse('2026-11-24T14:00:00Z');
  const five = [0, 1, 2, 3, 4].map((i) => t0 + i * MINUTE);

  it('lets five wrong codes through, then refuses until the oldest is ten minutes old', () => {
    expect(guessLockedUntil(five.slice(0, 4), t0 + 5 * MINUTE)).toBeNull();
    expect(guessesLeft(five.slice(0, 4), t0 + 5 * MINUTE)).toBe(1);
    expect(guessLockedUntil(five, t0 + 5 * MINUTE)).toBe(t0 + 10 * MINUTE);
    expect(guessesLeft(five, t0 + 5 * MINUTE)).toBe(0);
    expect(guessLockedUntil(five, t0 + 10 * MINUTE - 1)).toBe(t0 + 10 * MINUTE);
    // At that instant the first attempt no longer counts: one more try.
    expect(guessLockedUntil(five, t0 + 10 * MINUTE)).toBeNull();
    expect(guessesLeft(five, t0 + 10 * MINUTE)).toBe(1);
  });

  it('forgets attempts older than the window and keeps no more than it needs', () => {
    const old = [t0 - 20 * MINUTE, t0 - 11 * MINUTE, t0 - 10 * MINUTE];
    expect(recentWrongAttempts(old, t0)).toEqual([]);
    const many = Array.from({ length: 9 }, (_, i) => t0 - i * 1000);
    expect(recentWrongAttempts(many, t0)).toHaveLength(DEFAULT_GUESS_LIMIT.maxWrong);
    expect(guessLockedUntil(many, t0)).toBe(t0 - 4000 + 10 * MINUTE);
  });
});

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
    expect(isHostOf({ direction: 'direction des systemes d’information' }, { host: "Direction des systèmes d'information" })).toBe(true);
    expect(isHostOf({}, { host: 'DSI' })).toBe(false);
    expect(isHostOf({ direction: 'DRH' }, { host: 'DSI' })).toBe(false);
  });
});

describe('sign-up', () => {
  const w = { title: 'Visite', startsAt: '2026-11-24T13:00:00.000Z', capacity: 2 };
  const before = Date.parse(w.startsAt) - 1;

  it('is open until the start while seats are left', () => {
    expect(() => assertCanSignUp(w, 1, before)).not.toThrow();
    expect(errorOf(() => assertCanSignUp(w, 2, before))).toMatchObject({ code: 'workshop_full', details: { max: 2 } });
    expect(errorOf(() => assertCanSignUp(w, 0, before + 1)).code).toBe('signup_closed');
    expect(() => assertCanSignUp({ ...w, capacity: undefined }, 500, before)).not.toThrow();
  });
});

describe('the QR code’s deep link', () => {
  it('opens the personal tab in Teams with the code as its sub-entity', () => {
    const link = checkinDeepLink('b3c1f5a2-0000-4000-8000-000000000abc', 'K7M2QX');
    expect(link).toBe(
      'https://teams.microsoft.com/l/entity/b3c1f5a2-0000-4000-8000-000000000abc/classement?context=' +
        encodeURIComponent('{"subEntityId":"pointage:K7M2QX"}'),
    );
    expect(JSON.parse(new URL(link).searchParams.get('context')!)).toEqual({ subEntityId: 'pointage:K7M2QX' });
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
