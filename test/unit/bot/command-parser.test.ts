import fc from 'fast-check';
import { parseCommand, type Command } from '../../../src/bot/command-parser';

describe('parseCommand', () => {
  describe('help', () => {
    it.each([
      'aide',
      'help',
      '?',
      'menu',
      'bonjour',
      'Bonjour',
      'Hello',
      'salut',
      'hi',
      '  AIDE  ',
      'aide.',
      'Salut!',
    ])('reads %p as help', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'help' });
    });

    // Suspected bug: the punctuation trimming spares "?" (so that "?" alone means help), which means a "?" stuck to
    // a word is never trimmed. Input "aide?" → actual { kind: 'unknown', text: 'aide?' }, expected { kind: 'help' }.
    it('reads "aide?" as help (a question mark stuck to the word)', () => {
      expect(parseCommand('aide?')).toEqual({ kind: 'help' });
    });

    // Suspected bug: French typography puts a space before "!" and "?"; the lone mark becomes an extra (empty or "?")
    // token, so the command no longer matches. Input "Bonjour !" → actual { kind: 'unknown', text: 'Bonjour !' },
    // expected { kind: 'help' }; same for "Aide ?".
    it('reads "Bonjour !" and "Aide ?" (French spacing before the mark) as help', () => {
      expect(parseCommand('Bonjour !')).toEqual({ kind: 'help' });
      expect(parseCommand('Aide ?')).toEqual({ kind: 'help' });
    });
  });

  describe('team.create', () => {
    it('forgives case, accents and extra spaces in the command, keeping the name as typed', () => {
      expect(parseCommand('  EQUIPE   Créer   Les Sobres ')).toEqual({
        kind: 'team.create',
        name: 'Les Sobres',
      });
    });

    it.each<[string, string]>([
      ['équipe créer Les Économes', 'Les Économes'],
      ['Équipe créer L’Octet d’Or', 'L’Octet d’Or'],
      ['creer equipe Les Sobres', 'Les Sobres'],
      ['Créer une équipe Les Sobres', 'Les Sobres'],
      ['Équipe, créer: Les Sobres', 'Les Sobres'],
      ['team create Green Bytes', 'Green Bytes'],
      ['create team Green Bytes', 'Green Bytes'],
      ['Create a team Green Bytes', 'Green Bytes'],
    ])('reads %p', (text, name) => {
      expect(parseCommand(text)).toEqual({ kind: 'team.create', name });
    });

    // Suspected bug (same cause as "Bonjour !"): with French spacing the colon is its own token and lands in the
    // name. Input "Équipe créer : Les Sobres" → actual { kind: 'team.create', name: ': Les Sobres' } (which
    // validateTeamName then refuses), expected name 'Les Sobres'.
    it('leaves a spaced colon after the command out of the name', () => {
      expect(parseCommand('Équipe créer : Les Sobres')).toEqual({
        kind: 'team.create',
        name: 'Les Sobres',
      });
    });

    it('without a name, is still a team creation (the bot asks for the name)', () => {
      expect(parseCommand('équipe créer')).toEqual({ kind: 'team.create', name: '' });
      expect(parseCommand('équipe créer    ')).toEqual({ kind: 'team.create', name: '' });
    });
  });

  describe('team.join', () => {
    it('keeps the raw rest of the message as the code', () => {
      expect(parseCommand('équipe rejoindre k7m 2qx')).toEqual({
        kind: 'team.join',
        code: 'k7m 2qx',
      });
      expect(parseCommand('Équipe  Rejoindre   K7M-2QX ')).toEqual({
        kind: 'team.join',
        code: 'K7M-2QX',
      });
    });

    it.each([
      'rejoindre équipe K7M2QX',
      'rejoindre K7M2QX',
      'team join K7M2QX',
      'join team K7M2QX',
      'JOIN K7M2QX',
    ])('reads %p', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'team.join', code: 'K7M2QX' });
    });

    it('needs a code', () => {
      expect(parseCommand('rejoindre')).toEqual({ kind: 'unknown', text: 'rejoindre' });
    });
  });

  describe('team.leave / team.show', () => {
    it.each([
      'équipe quitter',
      'EQUIPE QUITTER',
      'quitter équipe',
      'quitter mon équipe',
      'quitter',
      'team leave',
      'leave team',
      'leave my team',
      'leave',
    ])('reads %p as team.leave', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'team.leave' });
    });

    it.each(['mon équipe', 'Mon Équipe', 'MON EQUIPE.', 'équipe', 'my team', 'team'])(
      'reads %p as team.show',
      (text) => {
        expect(parseCommand(text)).toEqual({ kind: 'team.show' });
      },
    );

    it('does not read "équipe" followed by another word as team.show', () => {
      expect(parseCommand('équipe bleue')).toEqual({ kind: 'unknown', text: 'équipe bleue' });
      expect(parseCommand('quitter maintenant')).toEqual({
        kind: 'unknown',
        text: 'quitter maintenant',
      });
    });
  });

  describe('team.move', () => {
    it('reads "équipe déplacer <id> vers <CODE>"', () => {
      expect(parseCommand('équipe déplacer 29:1abc vers K7M2QX')).toEqual({
        kind: 'team.move',
        agentId: '29:1abc',
        code: 'K7M2QX',
      });
    });

    it.each<[string, Command]>([
      ['Équipe Déplacer a1 VERS k7m2qx', { kind: 'team.move', agentId: 'a1', code: 'k7m2qx' }],
      ['équipe déplacer a1 K7M2QX', { kind: 'team.move', agentId: 'a1', code: 'K7M2QX' }],
      ['déplacer a1 vers K7M2QX', { kind: 'team.move', agentId: 'a1', code: 'K7M2QX' }],
      ['team move a1 to K7M2QX', { kind: 'team.move', agentId: 'a1', code: 'K7M2QX' }],
      ['move a1 K7M2QX', { kind: 'team.move', agentId: 'a1', code: 'K7M2QX' }],
    ])('reads %p', (text, command) => {
      expect(parseCommand(text)).toEqual(command);
    });

    it('refuses a move without a target or with extra words', () => {
      expect(parseCommand('équipe déplacer a1')).toEqual({
        kind: 'unknown',
        text: 'équipe déplacer a1',
      });
      expect(parseCommand('équipe déplacer a1 dans K7M2QX')).toEqual({
        kind: 'unknown',
        text: 'équipe déplacer a1 dans K7M2QX',
      });
    });
  });

  describe('quiz.show / organiser.claim', () => {
    it.each([
      'quiz',
      'Quiz',
      'QUIZ!',
      'quiz du jour',
      'Quiz du jour',
      "today's quiz",
      'Today’s quiz',
      'daily quiz',
    ])('reads %p as quiz.show', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'quiz.show' });
    });

    it.each([
      'devenir organisateur',
      'Devenir organisatrice',
      'make me organiser',
      'make me organizer',
    ])('reads %p as organiser.claim', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'organiser.claim' });
    });
  });

  describe('workshops', () => {
    it.each([
      'ateliers',
      'Ateliers',
      'atelier',
      'programme',
      'le programme',
      'Programme des ateliers',
      'agenda',
      'workshops',
      'program',
    ])('reads %p as workshop.list', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'workshop.list' });
    });

    it.each([
      'mes ateliers',
      'Mes Ateliers',
      'mon programme',
      'mes inscriptions',
      'my workshops',
      'my programme',
    ])('reads %p as workshop.mine', (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'workshop.mine' });
    });

    it.each<[string, string]>([
      ["je m'inscris 3", '3'],
      ['Je m’inscris 3', '3'],
      ['je m inscris 3', '3'],
      ["Je m'inscris à l'atelier 3", '3'],
      ['je m’inscris au 12', '12'],
      ["m'inscrire 2026-11-24-1400-fresque-du-numerique", '2026-11-24-1400-fresque-du-numerique'],
      ['inscription n°4', 'n°4'],
      ['sign up 3', '3'],
      ['Sign up for workshop 3', '3'],
      ['signup 3', '3'],
    ])('reads %p as workshop.signup of %p', (text, reference) => {
      expect(parseCommand(text)).toEqual({ kind: 'workshop.signup', reference });
    });

    it.each<[string, string]>([
      ['je me désinscris 3', '3'],
      ['Je me desinscris de l’atelier 3', '3'],
      ['me désinscrire 3', '3'],
      ['désinscription 3', '3'],
      ['annuler mon inscription 3', '3'],
      ['cancel signup 3', '3'],
      ['cancel sign up 3', '3'],
      ['unregister 3', '3'],
    ])('reads %p as workshop.cancel of %p', (text, reference) => {
      expect(parseCommand(text)).toEqual({ kind: 'workshop.cancel', reference });
    });

    it.each<[string, string]>([
      ['pointage K7M2QX', 'K7M2QX'],
      ['Pointage  k7m 2qx', 'k7m 2qx'],
      ['pointer K7M-2QX', 'K7M-2QX'],
      ['check in K7M2QX', 'K7M2QX'],
      ['Check-in K7M2QX', 'K7M2QX'],
      ['checkin K7M2QX', 'K7M2QX'],
    ])('reads %p as a check-in with the code %p', (text, code) => {
      expect(parseCommand(text)).toEqual({ kind: 'workshop.checkin', code });
    });

    it('reads "pointage" alone as a check-in without a code (the bot then shows the check-in card)', () => {
      expect(parseCommand('pointage')).toEqual({ kind: 'workshop.checkin', code: '' });
      expect(parseCommand('Check in')).toEqual({ kind: 'workshop.checkin', code: '' });
    });

    it('needs a workshop to sign up for or to leave', () => {
      expect(parseCommand("je m'inscris")).toEqual({ kind: 'unknown', text: "je m'inscris" });
      expect(parseCommand('je me désinscris')).toEqual({
        kind: 'unknown',
        text: 'je me désinscris',
      });
    });
  });

  describe('unknown', () => {
    it('returns the text, tidied, for anything else', () => {
      expect(parseCommand('  Quel temps   fait-il ? ')).toEqual({
        kind: 'unknown',
        text: 'Quel temps fait-il ?',
      });
      expect(parseCommand('')).toEqual({ kind: 'unknown', text: '' });
      expect(parseCommand('   ')).toEqual({ kind: 'unknown', text: '' });
    });

    it('does not read a command word inside a longer word', () => {
      expect(parseCommand('équipes')).toEqual({ kind: 'unknown', text: 'équipes' });
      expect(parseCommand('quizz')).toEqual({ kind: 'unknown', text: 'quizz' });
    });

    it('property: never throws, and an unknown command carries the tidied text', () => {
      const word = fc.constantFrom(
        'équipe',
        'EQUIPE',
        'créer',
        'rejoindre',
        'vers',
        'quiz',
        'mon',
        'aide',
        '?',
        '!',
        'Les',
        'Sobres',
        'k7m',
        '2qx',
        '',
      );
      const space = fc.constantFrom(' ', '  ', '\t', '\n');
      fc.assert(
        fc.property(fc.array(fc.tuple(word, space), { maxLength: 6 }), (parts) => {
          const text = parts.map(([w, s]) => w + s).join('');
          const command = parseCommand(text);
          if (command.kind === 'unknown') return command.text === text.replace(/\s+/g, ' ').trim();
          // An empty name is a creation the bot asks the name of; a given one is tidied.
          if (command.kind === 'team.create') return command.name === command.name.trim();
          if (command.kind === 'team.join') return command.code.length > 0;
          return true;
        }),
      );
    });
  });
});

describe('what a new agent types, tried in the Playground', () => {
  it.each(['classement', 'Mon classement', 'score', 'mes points', 'Points', 'ranking', 'my score'])(
    'given "%s", then the team’s place is asked for',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'ranking' });
    },
  );

  it.each(['merci', 'Merci beaucoup !', 'super', 'ok', 'thanks', 'thank you'])(
    'given "%s", then it is small talk, not a request for help',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'smalltalk' });
    },
  );

  it.each(['équipe créer', 'créer une équipe', 'team create'])(
    'given "%s" with no name, then it is a team creation asking for its name',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'team.create', name: '' });
    },
  );
});
