import fc from 'fast-check';
import { isDomainError } from '../../../src/domain/errors';
import {
  assertCanJoin,
  CODE_ALPHABET,
  CODE_LENGTH,
  generateCode,
  normaliseCode,
  teamNameKey,
  validateTeamName,
  type Team,
} from '../../../src/domain/teams';
import { foldText } from '../../../src/domain/text';
import { errorOf } from '../../support/errors';

/** A deterministic `random` that replays the given numbers. */
function replay(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('validateTeamName', () => {
  it('trims and collapses inner spaces (tabs, line breaks, non-breaking spaces)', () => {
    expect(validateTeamName('   Les   Sobres  ')).toBe('Les Sobres');
    expect(validateTeamName('Les\tÉco\nLos\u00a0Gaulois')).toBe('Les Éco Los Gaulois');
  });

  it('accepts accents, digits, the typographic apostrophe and everyday punctuation', () => {
    for (const name of [
      'Les Économes',
      'L’équipe du 3e',
      "L'Octet d'Or",
      'Rouge & Noir',
      'Ça roule !',
      'Zéro-déchet (RH)',
      'Ñandú, 2.0 ?',
    ]) {
      expect(validateTeamName(name)).toBe(name);
    }
  });

  it('composes a decomposed accent (NFD input) into one character', () => {
    const decomposed = 'Les E\u0301conomes';
    expect(validateTeamName(decomposed)).toBe('Les Économes');
  });

  it('accepts exactly 3 and exactly 40 characters, refuses 2 and 41', () => {
    expect(validateTeamName('Éco')).toBe('Éco');
    expect(validateTeamName('a'.repeat(40))).toBe('a'.repeat(40));
    expect(errorOf(() => validateTeamName('Éc')).details).toMatchObject({
      reason: 'length',
      min: 3,
      max: 40,
    });
    expect(errorOf(() => validateTeamName('a'.repeat(41))).details).toMatchObject({
      reason: 'length',
    });
  });

  it('counts the length after tidying spaces', () => {
    // " a  b " tidies to "a b": 3 characters.
    expect(validateTeamName(' a  b ')).toBe('a b');
    expect(errorOf(() => validateTeamName('   ab    ')).code).toBe('team_name_invalid');
    expect(errorOf(() => validateTeamName('')).code).toBe('team_name_invalid');
  });

  it('counts code points, not UTF-16 units', () => {
    // 𝔸 (U+1D538, a letter outside the BMP) is one code point but two UTF-16 units.
    const forty = '𝔸'.repeat(40);
    expect(forty.length).toBe(80);
    expect(validateTeamName(forty)).toBe(forty);
    expect(errorOf(() => validateTeamName('𝔸'.repeat(41))).details).toMatchObject({
      reason: 'length',
    });
  });

  it.each([
    ['HTML markup', '<b>Les Sobres</b>'],
    ['a Markdown link', '[clic](https://exemple.fr)'],
    ['a mention', '@Les Sobres'],
    ['an emphasis marker', '**Les Sobres**'],
    ['a back-tick', '`Les Sobres`'],
    ['an underscore', 'Les_Sobres'],
    ['an emoji', 'Les Sobres 🌱'],
    ['a zero-width space', 'Les\u200bSobres'],
    ['a slash', 'RH/DSI'],
  ])('refuses %s', (_label, raw) => {
    const error = errorOf(() => validateTeamName(raw));
    expect(error.code).toBe('team_name_invalid');
    expect(error.details).toMatchObject({ reason: 'characters' });
  });

  it('property: a valid name is a fixed point (validating it again changes nothing)', () => {
    const piece = fc.constantFrom(
      'Les',
      'Économes',
      'l’Octet',
      '3e',
      'Ça',
      '&',
      '-',
      'vert',
      'ÉQUIPE',
      '!',
    );
    const spaces = fc.constantFrom(' ', '  ', '\t', '\u00a0');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, spaces), { minLength: 1, maxLength: 8 }), (parts) => {
        const raw = parts.map(([p, s]) => p + s).join('');
        let name: string;
        try {
          name = validateTeamName(raw);
        } catch (error) {
          return isDomainError(error, 'team_name_invalid');
        }
        return validateTeamName(name) === name && !/\s\s/.test(name) && name === name.trim();
      }),
    );
  });
});

describe('foldText / teamNameKey', () => {
  it('folds case, accents and spacing', () => {
    expect(teamNameKey('Les Économes')).toBe(teamNameKey(' les   economes '));
    expect(teamNameKey('Les Économes')).toBe('les economes');
  });

  it('treats the typographic and the straight apostrophe alike', () => {
    expect(foldText('L’Octet')).toBe(foldText("l'octet"));
  });

  it('folds a decomposed accent like a composed one', () => {
    expect(foldText('E\u0301quipe')).toBe(foldText('Équipe'));
    expect(foldText('Équipe')).toBe('equipe');
  });

  it('keeps different names different', () => {
    expect(teamNameKey('Les Sobres')).not.toBe(teamNameKey('Les Sobre'));
    expect(teamNameKey('Les Économes')).not.toBe(teamNameKey('Les Écolos'));
  });

  it('property: folding is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        (text) => foldText(foldText(text)) === foldText(text),
      ),
    );
  });
});

describe('generateCode', () => {
  it('has an alphabet without look-alikes (0/O, 1/I/L)', () => {
    for (const c of ['0', 'O', '1', 'I', 'L']) expect(CODE_ALPHABET).not.toContain(c);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  it('draws each character from the random numbers given', () => {
    expect(generateCode(replay([0]))).toBe('AAAAAA');
    expect(generateCode(replay([0.999999]))).toBe('999999');
    expect(generateCode(replay([0, 0.999999]), 4)).toBe('A9A9');
  });

  it('makes codes of the requested length (6 by default)', () => {
    expect(generateCode(replay([0.5]))).toHaveLength(CODE_LENGTH);
    expect(generateCode(replay([0.5]), 8)).toHaveLength(8);
  });

  it('property: every generated code uses the alphabet and is accepted by normaliseCode', () => {
    const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(fc.array(unit, { minLength: CODE_LENGTH, maxLength: CODE_LENGTH }), (values) => {
        const code = generateCode(replay(values));
        return [...code].every((c) => CODE_ALPHABET.includes(c)) && normaliseCode(code) === code;
      }),
    );
  });
});

describe('normaliseCode', () => {
  it('forgives case, spaces and dashes', () => {
    expect(normaliseCode('k7m2qx')).toBe('K7M2QX');
    expect(normaliseCode(' k7m 2qx ')).toBe('K7M2QX');
    expect(normaliseCode('K7M-2QX')).toBe('K7M2QX');
    expect(normaliseCode('k-7 m-2 q-x')).toBe('K7M2QX');
  });

  it('refuses a wrong length', () => {
    expect(normaliseCode('')).toBeNull();
    expect(normaliseCode('K7M2Q')).toBeNull();
    expect(normaliseCode('K7M2QXA')).toBeNull();
  });

  it.each(['K7M2Q0', 'K7M2QO', 'K7M2Q1', 'K7M2QI', 'K7M2QL', 'k7m2ql', 'K7M2Q!', 'K7M2QÉ'])(
    'refuses %s (look-alike or foreign character)',
    (input) => {
      expect(normaliseCode(input)).toBeNull();
    },
  );

  it('property: normalising is idempotent on what it accepts', () => {
    const codeChar = fc.constantFrom(...CODE_ALPHABET, ...CODE_ALPHABET.toLowerCase(), ' ', '-');
    fc.assert(
      fc.property(fc.array(codeChar, { maxLength: 12 }), (chars) => {
        const code = normaliseCode(chars.join(''));
        return code === null || normaliseCode(code) === code;
      }),
    );
  });
});

describe('assertCanJoin', () => {
  const team = (memberIds: string[]): Team => ({
    id: 't1',
    challengeId: 'c1',
    name: 'Les Sobres',
    joinCode: 'K7M2QX',
    members: memberIds.map((agentId) => ({ agentId, name: `Agent ${agentId}` })),
    tallies: {},
    createdAt: '2026-03-23T08:00:00.000Z',
  });

  it('lets a newcomer join a team with room', () => {
    expect(() => assertCanJoin(team(['a1', 'a2']), 'a3', 3)).not.toThrow();
  });

  it('refuses a member who is already in the team', () => {
    const error = errorOf(() => assertCanJoin(team(['a1', 'a2']), 'a2', 12));
    expect(error.code).toBe('already_in_team');
    expect(error.details).toEqual({ team: 'Les Sobres' });
  });

  it('refuses a newcomer when the team is full', () => {
    const error = errorOf(() => assertCanJoin(team(['a1', 'a2', 'a3']), 'a4', 3));
    expect(error.code).toBe('team_full');
    expect(error.details).toEqual({ team: 'Les Sobres', max: 3 });
  });

  it('says "already in team" rather than "full" to a member of a full team', () => {
    expect(errorOf(() => assertCanJoin(team(['a1', 'a2', 'a3']), 'a1', 3)).code).toBe(
      'already_in_team',
    );
  });
});
