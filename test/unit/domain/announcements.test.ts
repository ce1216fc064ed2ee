import {
  ANNOUNCEMENT_LIMITS,
  announcementId,
  nextSendingInstant,
  parseAnnouncementText,
  parseInline,
  parseSendingHours,
  plainText,
  readAnnouncementDraft,
  safeUrl,
} from '../../../src/domain/announcements';
import { errorOf } from '../../support/errors';

const HOURS = { from: '08:00', to: '19:00' };
const PARIS = 'Europe/Paris';
const draft = (overrides: Record<string, unknown> = {}) => ({
  title: 'Atelier demain',
  text: 'Venez **nombreux** !',
  audience: { kind: 'all' },
  ...overrides,
});

describe('reading an announcement', () => {
  it('keeps a well-formed one, trimmed, with its link', () => {
    // given a title, a text, an https link and an audience of one team
    const read = readAnnouncementDraft(
      draft({
        title: '  Atelier demain ',
        link: { label: 'Programme', url: 'https://ville.example/programme' },
        audience: { kind: 'team', teamId: 't1' },
      }),
    );
    // then it is read as written
    expect(read).toEqual({
      title: 'Atelier demain',
      text: 'Venez **nombreux** !',
      link: { label: 'Programme', url: 'https://ville.example/programme' },
      audience: { kind: 'team', teamId: 't1' },
    });
  });

  it.each([
    ['no body', null, 'body'],
    ['an empty title', draft({ title: '   ' }), 'title'],
    ['a title that is not text', draft({ title: 42 }), 'title'],
    ['a title on two lines', draft({ title: 'a\nb' }), 'title'],
    ['no text', draft({ text: undefined }), 'text'],
    ['an oversize text', draft({ text: 'x'.repeat(ANNOUNCEMENT_LIMITS.text + 1) }), 'text'],
    ['an oversize title', draft({ title: 'x'.repeat(ANNOUNCEMENT_LIMITS.title + 1) }), 'title'],
    ['a control character', draft({ text: 'a\u0007b' }), 'text'],
    ['a lone surrogate', draft({ title: 'a\uD800b' }), 'title'],
    ['no audience', draft({ audience: undefined }), 'audience'],
    ['an unknown audience', draft({ audience: { kind: 'everyone' } }), 'audience'],
    ['a team without id', draft({ audience: { kind: 'team' } }), 'audience.teamId'],
    [
      'a direction without name',
      draft({ audience: { kind: 'direction', direction: ' ' } }),
      'audience.direction',
    ],
    ['a javascript: link', draft({ link: { label: 'x', url: 'javascript:alert(1)' } }), 'link.url'],
    ['an http link', draft({ link: { label: 'x', url: 'http://ville.example' } }), 'link.url'],
    [
      'a link with credentials',
      draft({ link: { label: 'x', url: 'https://a:b@ville.example' } }),
      'link.url',
    ],
    ['a link without label', draft({ link: { url: 'https://ville.example' } }), 'link.label'],
    ['a link that is text', draft({ link: 'https://ville.example' }), 'link'],
  ])('refuses %s, naming the field', (_, input, field) => {
    const error = errorOf(() => readAnnouncementDraft(input));
    expect(error).toMatchObject({ code: 'announcement_invalid', details: { field } });
  });

  it('says the limit of an oversize text', () => {
    const error = errorOf(() => readAnnouncementDraft(draft({ text: 'x'.repeat(2001) })));
    expect(error).toMatchObject({ details: { limit: 2000 } });
    expect((error as Error).message).toContain('2000');
  });

  it('counts characters, not UTF-16 units: 2,000 emoji fit', () => {
    expect(readAnnouncementDraft(draft({ text: '🌱'.repeat(2000) })).text).toHaveLength(4000);
  });
});

describe('the id of an announcement', () => {
  const read = readAnnouncementDraft(draft());
  it('is the same for the same announcement the same day, whoever posts it', () => {
    expect(announcementId('c1', read, '2026-11-25')).toBe(
      announcementId('c1', { ...read }, '2026-11-25'),
    );
  });
  it('differs another day, for another text or another audience', () => {
    const id = announcementId('c1', read, '2026-11-25');
    expect(announcementId('c1', read, '2026-11-26')).not.toBe(id);
    expect(announcementId('c1', { ...read, text: 'Autre' }, '2026-11-25')).not.toBe(id);
    expect(
      announcementId(
        'c1',
        { ...read, audience: { kind: 'direction', direction: 'DRH' } },
        '2026-11-25',
      ),
    ).not.toBe(id);
  });
  it('reads a direction as the same whatever its accents and case', () => {
    const a = { ...read, audience: { kind: 'direction' as const, direction: 'Éducation' } };
    const b = { ...read, audience: { kind: 'direction' as const, direction: 'education' } };
    expect(announcementId('c1', a, '2026-11-25')).toBe(announcementId('c1', b, '2026-11-25'));
  });
  it('is a safe store key', () => {
    expect(announcementId('c1', read, '2026-11-25')).toMatch(/^a20261125-[0-9a-f]{16}$/);
  });
});

describe('the sending hours', () => {
  const at = (iso: string) => Date.parse(iso);
  it('lets an announcement go at once inside them', () => {
    expect(nextSendingInstant(at('2026-11-25T10:00:00+01:00'), PARIS, HOURS)).toBe(
      at('2026-11-25T10:00:00+01:00'),
    );
  });
  it('holds one written at dawn until 08:00 the same day', () => {
    expect(nextSendingInstant(at('2026-11-25T06:30:00+01:00'), PARIS, HOURS)).toBe(
      at('2026-11-25T08:00:00+01:00'),
    );
  });
  it('holds one written at 19:00 or later until 08:00 the next day', () => {
    expect(nextSendingInstant(at('2026-11-25T19:00:00+01:00'), PARIS, HOURS)).toBe(
      at('2026-11-26T08:00:00+01:00'),
    );
    expect(nextSendingInstant(at('2026-11-25T23:59:00+01:00'), PARIS, HOURS)).toBe(
      at('2026-11-26T08:00:00+01:00'),
    );
  });
  it('follows the clock change (summer time ends on 25 October 2026)', () => {
    expect(nextSendingInstant(at('2026-10-24T22:00:00+02:00'), PARIS, HOURS)).toBe(
      at('2026-10-25T08:00:00+01:00'),
    );
  });
  it('reads "HH:MM-HH:MM" and refuses anything else', () => {
    expect(parseSendingHours('07:30 - 18:00')).toEqual({ from: '07:30', to: '18:00' });
    expect(parseSendingHours('19:00-08:00')).toBeNull();
    expect(parseSendingHours('8h-19h')).toBeNull();
    expect(parseSendingHours('24:00-25:00')).toBeNull();
  });
});

describe('the text of an announcement', () => {
  it('reads bold, italics and links, and leaves the rest as typed', () => {
    expect(
      parseInline('Un **atelier** _demain_, *vite* : [le programme](https://ville.example/p).'),
    ).toEqual([
      { text: 'Un ' },
      { text: 'atelier', bold: true },
      { text: ' ' },
      { text: 'demain', italic: true },
      { text: ', ' },
      { text: 'vite', italic: true },
      { text: ' : ' },
      { text: 'le programme', href: 'https://ville.example/p' },
      { text: '.' },
    ]);
  });

  it('keeps markup and dangerous links as plain text', () => {
    const spans = parseInline(
      '<script>alert(1)</script> [x](javascript:alert(1)) [y](http://a.example)',
    );
    expect(spans).toEqual([
      { text: '<script>alert(1)</script> [x](javascript:alert(1)) [y](http://a.example)' },
    ]);
  });

  it('makes a bare https address a link, without the full stop after it', () => {
    expect(parseInline('Voir https://ville.example/a.')).toEqual([
      { text: 'Voir ' },
      { text: 'https://ville.example/a', href: 'https://ville.example/a' },
      { text: '.' },
    ]);
  });

  it('leaves snake_case words alone', () => {
    expect(parseInline('le fichier mon_dossier_partage')).toEqual([
      { text: 'le fichier mon_dossier_partage' },
    ]);
  });

  it('reads paragraphs, bullet and numbered lists', () => {
    const blocks = parseAnnouncementText(
      'Bonjour,\nvoici le programme.\n\n- lundi\n* mardi\n1. quiz\n2) atelier\n\nFin',
    );
    expect(blocks.map((b) => [b.kind, b.number, b.lines.length])).toEqual([
      ['paragraph', undefined, 2],
      ['bullet', undefined, 1],
      ['bullet', undefined, 1],
      ['numbered', 1, 1],
      ['numbered', 2, 1],
      ['paragraph', undefined, 1],
    ]);
    expect(plainText('- **lundi**\n1. _quiz_')).toBe('• lundi\n1. quiz');
  });

  it('reads any text without throwing (a property over random input)', () => {
    const alphabet = [
      '*',
      '_',
      '[',
      ']',
      '(',
      ')',
      'https://a.b',
      '\n',
      '-',
      ' ',
      '1.',
      'é',
      '<',
      'x',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 500; i += 1) {
      const text = Array.from(
        { length: 40 },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const blocks = parseAnnouncementText(text);
      // every link is https, and no visible character is lost except markup and spacing
      for (const block of blocks)
        for (const line of block.lines)
          for (const span of line) if (span.href) expect(safeUrl(span.href)).toBe(span.href);
      const shown = blocks.flatMap((b) => b.lines.flat().map((s) => s.text)).join('');
      expect(shown.replace(/[\s*_\-[\]().]|\d/g, '').length).toBeLessThanOrEqual(
        text.replace(/[\s*_\-[\]().]|\d/g, '').length,
      );
    }
  });
});
