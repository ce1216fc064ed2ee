import {
  assertCanAddMaterial,
  libraryThemes,
  MATERIAL_LIMITS,
  materialOrder,
  quizThemeName,
  readMaterialDraft,
} from '../../../src/domain/library';
import { buildChallenge, buildQuestion, buildQuiz } from '../../support/builders';
import { errorOf } from '../../support/errors';

/** The challenge runs Monday 23 to Friday 27 November 2026, Paris time; each quiz is sent at 09:00. */
const challenge = buildChallenge();
const at = (iso: string) => Date.parse(iso);

describe('the library’s questions', () => {
  const quizzes = [
    buildQuiz(1, {
      closeAt: '18:00',
      questions: [
        buildQuestion('j1-q1', { theme: 'messagerie' }),
        buildQuestion('j1-q2', { theme: 'accessibilite' }),
        buildQuestion('j1-q3'),
      ],
    }),
    buildQuiz(3, {
      closeAt: '18:00',
      questions: [buildQuestion('j3-q1', { theme: 'messagerie' })],
    }),
    buildQuiz(2, {
      closeAt: '18:00',
      questions: [
        buildQuestion('j2-q1', { theme: 'messagerie' }),
        buildQuestion('j2-q2', { theme: 'un-theme-nouveau' }),
      ],
    }),
  ];
  const ids = (themes: ReturnType<typeof libraryThemes>) =>
    themes.map((t) => [t.theme, t.questions.map((q) => q.question.id)]);

  it('leaves out every question of a day whose quiz has not been sent yet', () => {
    // given Tuesday 08:59, one minute before the day's quiz is sent
    const before = libraryThemes(challenge, quizzes, at('2026-11-24T08:59:00+01:00'), new Set());
    // then only Monday's questions are there
    expect(before.flatMap((t) => t.questions.map((q) => q.day))).toEqual([1, 1, 1]);

    // when the quiz is sent at 09:00, Tuesday's questions join; Wednesday's are still absent
    const after = libraryThemes(challenge, quizzes, at('2026-11-24T09:00:00+01:00'), new Set());
    const days = after.flatMap((t) => t.questions.map((q) => q.day));
    expect(days).toContain(2);
    expect(days).not.toContain(3);
  });

  it('groups questions by theme, themes by their French name and "other questions" last, then by day', () => {
    const themes = libraryThemes(challenge, quizzes, at('2026-11-25T10:00:00+01:00'), new Set());
    expect(ids(themes)).toEqual([
      ['accessibilite', ['j1-q2']],
      ['messagerie', ['j1-q1', 'j2-q1', 'j3-q1']],
      ['un-theme-nouveau', ['j2-q2']],
      [null, ['j1-q3']],
    ]);
    expect(themes.map((t) => t.name.fr)).toEqual([
      'Accessibilité',
      'Messagerie',
      'Un theme nouveau',
      'Autres questions',
    ]);
    expect(themes[1]!.questions.map((q) => q.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
  });

  it('shows an answer once the reader has answered it or once its quiz has closed, never before', () => {
    // given Tuesday 10:00: Monday's quiz closed at 18:00, Tuesday's is open and the reader answered j2-q1 only
    const themes = libraryThemes(
      challenge,
      quizzes,
      at('2026-11-24T10:00:00+01:00'),
      new Set(['j2-q1']),
    );
    const revealed = Object.fromEntries(
      themes.flatMap((t) => t.questions.map((q) => [q.question.id, q.revealed])),
    );
    expect(revealed).toEqual({
      'j1-q1': true,
      'j1-q2': true,
      'j1-q3': true,
      'j2-q1': true,
      'j2-q2': false,
    });
  });

  it('keeps every question, answers shown, after the challenge ends', () => {
    const themes = libraryThemes(challenge, quizzes, at('2027-03-01T12:00:00+01:00'), new Set());
    expect(themes.flatMap((t) => t.questions)).toHaveLength(6);
    expect(themes.flatMap((t) => t.questions).every((q) => q.revealed)).toBe(true);
  });

  it('names themes in French and English, and an unknown theme as the bank writes it', () => {
    expect(quizThemeName('donnees-personnelles')).toEqual({
      fr: 'Données personnelles',
      en: 'Personal data',
    });
    expect(quizThemeName('sobriete_numerique')).toEqual({
      fr: 'Sobriete numerique',
      en: 'Sobriete numerique',
    });
    expect(quizThemeName(undefined)).toEqual({ fr: 'Autres questions', en: 'Other questions' });
  });
});

describe('a workshop material', () => {
  const refusal = (input: unknown) => {
    const error = errorOf(() => readMaterialDraft(input));
    return { code: error.code, field: error.details.field };
  };

  it('is a one-line label and an https address, trimmed', () => {
    expect(
      readMaterialDraft({
        label: '  Diaporama de la Fresque  ',
        url: ' https://intranet.example.org/fresque.pdf ',
      }),
    ).toEqual({
      label: 'Diaporama de la Fresque',
      url: 'https://intranet.example.org/fresque.pdf',
    });
    expect(
      readMaterialDraft({ label: 'é'.repeat(80), url: 'https://a.example' }).label,
    ).toHaveLength(80);
  });

  it.each([
    ['a javascript: address', { label: 'Guide', url: 'javascript:alert(1)' }, 'url'],
    ['an http address', { label: 'Guide', url: 'http://intranet.example.org/' }, 'url'],
    ['a data: address', { label: 'Guide', url: 'data:text/html,<script>x</script>' }, 'url'],
    ['an address with a password', { label: 'Guide', url: 'https://u:p@example.org/' }, 'url'],
    ['an address with spaces', { label: 'Guide', url: 'https://example.org/a b' }, 'url'],
    [
      'an address of 520 characters',
      { label: 'Guide', url: `https://example.org/${'a'.repeat(500)}` },
      'url',
    ],
    ['a missing address', { label: 'Guide' }, 'url'],
    ['a label of 81 characters', { label: 'a'.repeat(81), url: 'https://a.example' }, 'label'],
    ['a label of 100 KB', { label: 'a'.repeat(100 * 1024), url: 'https://a.example' }, 'label'],
    ['an empty label', { label: '   ', url: 'https://a.example' }, 'label'],
    ['a label on two lines', { label: 'Guide\nsuite', url: 'https://a.example' }, 'label'],
    [
      'a label with markup',
      { label: '<img src=x onerror=alert(1)>', url: 'https://a.example' },
      'label',
    ],
    [
      'a spreadsheet formula as label',
      { label: '=HYPERLINK("https://evil.example","x")', url: 'https://a.example' },
      'label',
    ],
    ['a label starting with +', { label: '+33 1 23 45', url: 'https://a.example' }, 'label'],
    ['a label starting with @', { label: '@SUM(1)', url: 'https://a.example' }, 'label'],
    ['a label that is not text', { label: 42, url: 'https://a.example' }, 'label'],
    ['a body that is not an object', 'https://a.example', 'body'],
    ['a list as body', [], 'body'],
  ])('refuses %s, naming the field', (_name, input, field) => {
    expect(refusal(input)).toEqual({ code: 'material_invalid', field });
  });

  it('is refused on an eleventh link or an address already there', () => {
    const ten = Array.from({ length: MATERIAL_LIMITS.perWorkshop }, (_, i) => ({
      url: `https://example.org/${i}`,
    }));
    expect(() => assertCanAddMaterial(ten.slice(1), 'https://example.org/new')).not.toThrow();
    const full = errorOf(() => assertCanAddMaterial(ten, 'https://example.org/new'));
    expect([full.code, full.details.max]).toEqual(['materials_full', 10]);
    const twice = errorOf(() => assertCanAddMaterial(ten.slice(1), 'https://example.org/3'));
    expect([twice.code, twice.details.field]).toEqual(['material_invalid', 'url']);
  });

  it('is listed in the order it was added', () => {
    const m = (id: string, addedAt: string) => ({ id, addedAt });
    expect(
      materialOrder([
        m('b', '2026-11-24T10:00:00Z'),
        m('a', '2026-11-24T10:00:00Z'),
        m('c', '2026-11-23T10:00:00Z'),
      ]).map((x) => x.id),
    ).toEqual(['c', 'a', 'b']);
  });
});
