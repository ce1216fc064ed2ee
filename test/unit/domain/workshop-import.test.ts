import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseWorkshopsCsv,
  parseWorkshopsJson,
  readFormat,
  workshopIdFor,
  type ImportContext,
} from '../../../src/domain/workshop-import';
import { buildChallenge } from '../../support/builders';
import {
  jsonProgramme as json,
  lineOf,
  programmeEntry as entry,
  PROGRAMME_CSV_HEADER,
} from '../../support/content-builders';
import { problemLines } from '../../support/errors';

const SHIPPED_PROGRAMME = join(__dirname, '../../../src/content/workshops.fr.json');
// The Friday before the challenge week of buildChallenge() (Monday 23 November 2026).
const BEFORE_THE_WEEK = Date.parse('2026-11-20T12:00:00+01:00');
const context: ImportContext = { challenge: buildChallenge(), now: BEFORE_THE_WEEK };

describe('the shipped programme src/content/workshops.fr.json', () => {
  const { workshops, warnings } = parseWorkshopsJson(
    readFileSync(SHIPPED_PROGRAMME, 'utf8'),
    context,
  );

  it('is a valid import file: about a dozen workshops over the five days, mixed formats, no overlap', () => {
    expect(warnings).toEqual([]);
    expect(workshops.length).toBeGreaterThanOrEqual(12);
    const days = new Set(workshops.map((w) => w.startsAt.slice(0, 10)));
    expect([...days].sort()).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
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
      {
        titre: 'Atelier : alléger sa messagerie',
        type: 'Workshop',
        description: 'Désabonnements.',
        direction: 'DSI',
        lien: 'https://visio.example.org/m',
        début: '2026-03-29 10:00',
        fin: '11:30',
      },
    ]);
    const { workshops, warnings } = parseWorkshopsJson(text, {
      ...context,
      challenge: buildChallenge({ startDate: '2026-03-23', days: 7 }),
      now: Date.parse('2026-03-01T00:00:00Z'),
    });
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
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('outside the challenge'),
    ]);
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
    const tricky = JSON.stringify(
      {
        note: { workshops: ['x'] },
        comment: 'a [ and a {',
        workshops: [entry(), entry({ format: '?' })],
      },
      null,
      2,
    );
    expect(problemLines(() => parseWorkshopsJson(tricky, context))).toEqual([
      `line ${lineOf(tricky, '"title"', 2) - 1}: "Fresque du numérique": format "?" must be one of conference, atelier, projection, debat, exposition, visite, autre`,
    ]);
  });

  it('refuses a file that is not JSON (with the line), not a programme, or empty', () => {
    expect(
      problemLines(() => parseWorkshopsJson('{\n  "workshops": [\n    {,}\n  ]\n}', context)),
    ).toEqual([expect.stringMatching(/^line 3: not valid JSON/)]);
    expect(problemLines(() => parseWorkshopsJson('{"title": "x"}', context))).toEqual([
      'line 1: expected an array of workshops, or an object with a "workshops" array',
    ]);
    expect(problemLines(() => parseWorkshopsJson('[]', context))).toEqual([
      'line 1: the file has no workshop',
    ]);
    expect(
      problemLines(() => parseWorkshopsJson(json([entry({ title: { fr: 'x' } })]), context)),
    ).toEqual(['line 3: workshop 1: "title" must be text or a number']);
  });

  it('refuses a workshop that has already ended, saying when; one already imported is left as it is', () => {
    const text = json([
      entry({ start: '2026-11-24 09:00', end: '2026-11-24 10:00' }),
      entry({ title: 'Plus tard', start: '2026-11-24 14:00', end: '15:00' }),
    ]);
    const atTen = { ...context, now: Date.parse('2026-11-24T10:00:00+01:00') };
    expect(problemLines(() => parseWorkshopsJson(text, atTen))).toEqual([
      'line 3: "Fresque du numérique" has already ended (2026-11-24 10:00): a past workshop cannot be imported',
    ]);
    const id = workshopIdFor('2026-11-24', '09:00', 'Fresque du numérique');
    const existing = new Map([[id, { id, startsAt: '2026-11-24T08:00:00.000Z' }]]);
    const again = parseWorkshopsJson(text, { ...atTen, existing });
    expect(again.workshops.map((w) => w.title)).toEqual(['Plus tard']);
    expect(again.warnings).toEqual([
      {
        line: 3,
        message: '"Fresque du numérique" has already ended (2026-11-24 10:00): left as it is',
      },
    ]);
  });

  it('refuses to change the points of a workshop whose check-in has opened', () => {
    const text = json([entry({ id: 'fresque', points: 10 })]);
    const existing = new Map([
      ['fresque', { id: 'fresque', startsAt: '2026-11-24T13:00:00.000Z', points: 8 }],
    ]);
    const opened = { ...context, existing, now: Date.parse('2026-11-24T13:45:00+01:00') };
    expect(problemLines(() => parseWorkshopsJson(text, opened))).toEqual([
      'line 3: "Fresque du numérique": points cannot change once its check-in has opened',
    ]);
    // Before the check-in opens, the points may still change.
    expect(
      parseWorkshopsJson(text, { ...opened, now: Date.parse('2026-11-24T13:44:59+01:00') })
        .workshops[0]!.points,
    ).toBe(10);
  });

  it('accepts overlapping workshops but reports each overlap, saying when the place is the same', () => {
    const text = json([
      entry({ title: 'A', start: '2026-11-24 14:00', end: '16:00' }),
      entry({ title: 'B', start: '2026-11-24 15:00', end: '17:00', place: 'Salle du Conseil' }),
      entry({
        title: 'C',
        start: '2026-11-24 15:30',
        end: '16:30',
        place: ' tiers-lieu LA fabrique ',
      }),
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
    const text = json([
      entry({ id: 'w1' }),
      entry({ id: 'w1', title: 'Autre' }),
      entry({ id: 'pas bon', title: 'Trois' }),
    ]);
    const line = (n: number) => lineOf(text, '"title"', n) - 1;
    expect(problemLines(() => parseWorkshopsJson(text, context))).toEqual([
      `line ${line(2)}: "Autre": id "w1" is already used on line ${line(1)}`,
      `line ${line(3)}: "Trois": id "pas bon" must be 1–64 letters, digits, - or _`,
    ]);
  });
});

describe('parseWorkshopsCsv', () => {
  const header = PROGRAMME_CSV_HEADER;
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
    expect(
      problemLines(() =>
        parseWorkshopsCsv(
          `${good}\n"Atelier;atelier;x;DSI;Salle;;2026-11-25 09:00;10:00;;`,
          context,
        ),
      ),
    ).toContain('line 4: a quoted field is never closed');
    expect(problemLines(() => parseWorkshopsCsv('title;format\nA;atelier', context))).toEqual([
      'line 1: missing column(s): description, host, start, end, place',
    ]);
    expect(problemLines(() => parseWorkshopsCsv('', context))).toEqual([
      'line 1: the file is empty',
    ]);
    expect(problemLines(() => parseWorkshopsCsv(header, context))).toEqual([
      'line 1: the file has no workshop',
    ]);
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
