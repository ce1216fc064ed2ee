import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowsSeveralChoices, type Question } from '../../../src/domain/quiz';
import { LIMITS, parseQuizBankJson } from '../../../src/domain/quiz-bank';

/**
 * What a city publishes to its agents: the bundled bank, read line by line as a DPO or a communication team would.
 * Each rule lists the questions that break it, so a failure names them.
 */

const BANK_FILE = join(__dirname, '../../../src/content/quiz-bank.fr.json');

/**
 * The day the bank's sources were last checked. No source may say it was consulted later: a fixed date rather than
 * the test machine's clock, so the test gives the same answer on every machine. Move it when you check sources again.
 */
const SOURCES_REVIEWED_ON = '2026-11-27';

/**
 * The longest explanation, in characters. Explanations are read aloud (screen readers, the paper sheet read to a
 * team): spoken French runs at about 150 words a minute and a French word with its space is about 6.5 characters,
 * so 400 characters are about 60 words, 25 to 30 seconds: one breath of attention, not a lecture. (The reader's own
 * limit, LIMITS.explanation, is looser: it is what a city's imported bank may hold, not what reads well.)
 */
const SPOKEN_EXPLANATION_MAX = 400;

/**
 * English words agents far from digital tools may not know, with the French the bank uses instead: courriel or
 * message, nuage or stockage en ligne, données ouvertes, note autocollante, lettre d'information, centre de données,
 * hameçonnage, téléphone portable.
 */
const ENGLISH_WORDS = [
  'e-mail',
  'email',
  'mail',
  'mails',
  'cloud',
  'open data',
  'post-it',
  'spam',
  'spams',
  'newsletter',
  'data center',
  'datacenter',
  'phishing',
  'streaming',
  'smartphone',
  'password',
];

/** Acronyms the bank may use, each with words of its expansion, which must stand close to its first use. */
const ACRONYMS: Record<string, RegExp> = {
  ADEME: /agence de la transition écologique/i,
  Arcep: /régule les télécommunications|régulation des communications électroniques/i,
  CNIL: /commission nationale de l'informatique et des libertés/i,
  RGPD: /règlement général sur la protection des données/i,
  RGAA: /référentiel général d'amélioration de l'accessibilité/i,
  REEN: /réduire l'empreinte environnementale du numérique/i,
  AGEC: /anti-gaspillage/i,
  Insee: /institut national de la statistique/i,
  CRPA: /code des relations entre le public et l'administration/i,
  SIG: /systèmes? d'information géographique/i,
  BAN: /base adresse nationale/i,
  DINUM: /direction interministérielle du numérique/i,
  DPO: /délégué à la protection des données/i,
};
/** How far (characters) from an acronym's first use its expansion may stand: "X (expansion)" or "expansion (X)". */
const EXPANSION_REACH = 120;

const word = (w: string, flags = 'iu') =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
    flags,
  );

/** What an agent reads of a question, in reading order (the source's title is a citation, not the bank's words). */
const readText = (q: Question) =>
  [q.text, ...q.choices.map((c) => c.text), q.explanation].join('\n');

describe('the bundled quiz bank (src/content/quiz-bank.fr.json)', () => {
  const text = readFileSync(BANK_FILE, 'utf8');
  // The domain's own reader, in its strict form: every source dated, no date after the review.
  const bank = parseQuizBankJson(text, { requireConsultedOn: true, today: SOURCES_REVIEWED_ON });
  const questions = bank.days.flatMap((d) => d.questions);

  it('parses with the domain reader, every source dated', () => {
    expect(questions.length).toBeGreaterThanOrEqual(25);
    for (const q of questions) expect(q.source.consultedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('cites for every question a titled source at an https address, consulted on or before the review', () => {
    const broken = questions
      .filter(
        (q) =>
          !q.source.title ||
          new URL(q.source.url).protocol !== 'https:' ||
          !q.source.consultedOn ||
          q.source.consultedOn > SOURCES_REVIEWED_ON,
      )
      .map((q) => q.id);
    expect(broken).toEqual([]);
  });

  it('keeps the days balanced, each within what the reader allows', () => {
    const counts = bank.days.map((d) => d.questions.length);
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(LIMITS.questionsPerDay.min);
      expect(count).toBeLessThanOrEqual(LIMITS.questionsPerDay.max);
    }
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('never offers the same choice twice in a question', () => {
    const repeated = questions
      .filter((q) => {
        const texts = q.choices.map((c) => c.text.trim().toLocaleLowerCase('fr'));
        return new Set(texts).size !== texts.length;
      })
      .map((q) => q.id);
    expect(repeated).toEqual([]);
  });

  it(`keeps each explanation short enough to read aloud (≤ ${SPOKEN_EXPLANATION_MAX} characters)`, () => {
    const long = questions
      .filter((q) => q.explanation.length > SPOKEN_EXPLANATION_MAX)
      .map((q) => `${q.id} (${q.explanation.length})`);
    expect(long).toEqual([]);
  });

  it('uses French words, not English ones', () => {
    const found = questions.flatMap((q) =>
      ENGLISH_WORDS.filter((w) => word(w).test(readText(q))).map((w) => `${q.id}: ${w}`),
    );
    expect(found).toEqual([]);
  });

  it('spells out each acronym where a question first uses it', () => {
    const unexplained = questions.flatMap((q) => {
      const read = readText(q);
      return Object.entries(ACRONYMS).flatMap(([acronym, expansion]) => {
        const first = read.search(word(acronym, 'u'));
        if (first < 0) return [];
        const from = Math.max(0, first - EXPANSION_REACH);
        const near = read.slice(from, first + acronym.length + EXPANSION_REACH);
        return expansion.test(near) ? [] : [`${q.id}: ${acronym}`];
      });
    });
    expect(unexplained).toEqual([]);
  });

  it('leaves "several answers" to the card, which says it for every multi-answer question', () => {
    const repeated = questions
      .filter((q) => allowsSeveralChoices(q) && /plusieurs réponses/i.test(q.text))
      .map((q) => q.id);
    expect(repeated).toEqual([]);
  });

  it('covers personal data, the right to disconnect, shared files and an inclusive administration', () => {
    const themes = new Map<string, number>();
    for (const q of questions) themes.set(q.theme ?? '', (themes.get(q.theme ?? '') ?? 0) + 1);
    expect(themes.get('donnees-personnelles')).toBeGreaterThanOrEqual(2);
    expect(themes.get('deconnexion')).toBeGreaterThanOrEqual(1);
    expect(themes.get('fichiers')).toBeGreaterThanOrEqual(2);
    expect(themes.get('accessibilite')).toBeGreaterThanOrEqual(3);
  });
});
