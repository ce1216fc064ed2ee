import { foldText } from '../domain/text';

/** What an agent asked for in a chat message. */
export type Command =
  | { kind: 'help' }
  | { kind: 'team.create'; name: string }
  | { kind: 'team.join'; code: string }
  | { kind: 'team.leave' }
  | { kind: 'team.show' }
  /** `classement`, `score`, `points`: the team's place, and the way to the full ranking in the tab. */
  | { kind: 'ranking' }
  /** `merci`, `super`…: a short friendly word, not the whole help card. */
  | { kind: 'smalltalk' }
  | { kind: 'team.move'; agentId: string; code: string }
  | { kind: 'quiz.show' }
  | { kind: 'organiser.claim' }
  | { kind: 'workshop.list' }
  | { kind: 'workshop.mine' }
  /** What the app keeps about the agent (GDPR right of access). */
  | { kind: 'my.data' }
  /** Whether the agent's teammates see their name (off by default). */
  | { kind: 'team.name.share'; show: boolean }
  | { kind: 'workshop.signup'; reference: string }
  | { kind: 'workshop.cancel'; reference: string }
  /** An empty code asks for the check-in card. */
  | { kind: 'workshop.checkin'; code: string }
  /** Organisers: the podium's preview, to publish. */
  | { kind: 'podium' }
  /** Organisers: the compose card of an announcement. */
  | { kind: 'announce' }
  | { kind: 'unknown'; text: string };

/** The longest message the bot reads; longer ones are refused before any work. */
export const MAX_COMMAND_LENGTH = 500;

interface Pattern {
  /** Folded words that open the command, e.g. ['equipe', 'creer']. */
  words: string[];
  /** What follows the words: nothing, one token, or the rest of the message. */
  takes: 'nothing' | 'token' | 'rest' | 'optional-rest' | 'two-tokens';
  build: (args: string[]) => Command;
}

const patterns: Pattern[] = [
  ...[['aide'], ['help'], ['?'], ['menu'], ['bonjour'], ['hello'], ['salut'], ['hi']].map(
    (words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'help' }) }),
  ),
  ...[
    ['equipe', 'creer'],
    ['creer', 'equipe'],
    ['creer', 'une', 'equipe'],
    ['team', 'create'],
    ['create', 'team'],
    ['create', 'a', 'team'],
  ].map((words): Pattern => ({
    words,
    // Without a name, the handler asks for one (rather than "not understood").
    takes: 'optional-rest',
    build: ([name]) => ({ kind: 'team.create', name: name ?? '' }),
  })),
  ...[
    ['equipe', 'rejoindre'],
    ['rejoindre', 'equipe'],
    ['rejoindre'],
    ['team', 'join'],
    ['join', 'team'],
    ['join'],
  ].map((words): Pattern => ({
    words,
    takes: 'rest',
    build: ([code]) => ({ kind: 'team.join', code: code! }),
  })),
  ...[
    ['equipe', 'quitter'],
    ['quitter', 'equipe'],
    ['quitter', 'mon', 'equipe'],
    ['quitter'],
    ['team', 'leave'],
    ['leave', 'team'],
    ['leave', 'my', 'team'],
    ['leave'],
  ].map((words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'team.leave' }) })),
  ...[['mon', 'equipe'], ['equipe'], ['my', 'team'], ['team']].map((words): Pattern => ({
    words,
    takes: 'nothing',
    build: () => ({ kind: 'team.show' }),
  })),
  ...[['equipe', 'deplacer'], ['deplacer'], ['team', 'move'], ['move']].map((words): Pattern => ({
    words,
    takes: 'two-tokens',
    build: ([agentId, code]) => ({ kind: 'team.move', agentId: agentId!, code: code! }),
  })),
  ...[
    ['classement'],
    ['mon', 'classement'],
    ['le', 'classement'],
    ['score'],
    ['mon', 'score'],
    ['notre', 'score'],
    ['points'],
    ['mes', 'points'],
    ['nos', 'points'],
    ['ranking'],
    ['leaderboard'],
    ['my', 'score'],
    ['our', 'score'],
    ['my', 'points'],
  ].map((words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'ranking' }) })),
  ...[
    ['merci'],
    ['merci', 'beaucoup'],
    ['merci', 'bien'],
    ['super'],
    ['genial'],
    ['top'],
    ['cool'],
    ['ok'],
    ['d', 'accord'],
    ["d'accord"],
    ['bravo'],
    ['thanks'],
    ['thank', 'you'],
    ['great'],
    ['nice'],
  ].map((words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'smalltalk' }) })),
  ...[['quiz'], ['quiz', 'du', 'jour'], ["today's", 'quiz'], ['daily', 'quiz']].map(
    (words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'quiz.show' }) }),
  ),
  ...[
    ['devenir', 'organisateur'],
    ['devenir', 'organisatrice'],
    ['make', 'me', 'organiser'],
    ['make', 'me', 'organizer'],
  ].map((words): Pattern => ({
    words,
    takes: 'nothing',
    build: () => ({ kind: 'organiser.claim' }),
  })),
  ...[
    ['ateliers'],
    ['atelier'],
    ['programme'],
    ['le', 'programme'],
    ['programme', 'des', 'ateliers'],
    ['agenda'],
    ['workshops'],
    ['program'],
    ['workshop', 'programme'],
  ].map((words): Pattern => ({
    words,
    takes: 'nothing',
    build: () => ({ kind: 'workshop.list' }),
  })),
  ...[
    ['mes', 'ateliers'],
    ['mon', 'programme'],
    ['mes', 'inscriptions'],
    ['my', 'workshops'],
    ['my', 'programme'],
    ['my', 'program'],
  ].map((words): Pattern => ({
    words,
    takes: 'nothing',
    build: () => ({ kind: 'workshop.mine' }),
  })),
  ...[
    ['mes', 'donnees'],
    ['mes', 'donnees', 'personnelles'],
    ['my', 'data'],
    ['my', 'personal', 'data'],
  ].map((words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'my.data' }) })),
  ...[
    ['montrer', 'mon', 'nom'],
    ['afficher', 'mon', 'nom'],
    ['montrer', 'mon', 'nom', 'a', 'mon', 'equipe'],
    ['afficher', 'mon', 'nom', 'a', 'mon', 'equipe'],
    ['show', 'my', 'name'],
    ['show', 'my', 'name', 'to', 'my', 'team'],
  ].map((words): Pattern => ({
    words,
    takes: 'nothing',
    build: () => ({ kind: 'team.name.share', show: true }),
  })),
  ...[
    ['cacher', 'mon', 'nom'],
    ['masquer', 'mon', 'nom'],
    ['cacher', 'mon', 'nom', 'a', 'mon', 'equipe'],
    ['masquer', 'mon', 'nom', 'a', 'mon', 'equipe'],
    ['hide', 'my', 'name'],
    ['hide', 'my', 'name', 'from', 'my', 'team'],
  ].map((words): Pattern => ({
    words,
    takes: 'nothing',
    build: () => ({ kind: 'team.name.share', show: false }),
  })),
  ...[
    ['je', "m'inscris"],
    ['je', 'm', 'inscris'],
    ["m'inscrire"],
    ['inscris-moi'],
    ['inscription'],
    ['sign', 'up'],
    ['signup'],
    ['sign', 'me', 'up'],
  ].map((words): Pattern => ({
    words,
    takes: 'rest',
    build: ([rest]) => ({ kind: 'workshop.signup', reference: workshopReference(rest!) }),
  })),
  ...[
    ['je', 'me', 'desinscris'],
    ['me', 'desinscrire'],
    ['desinscrire'],
    ['desinscription'],
    ['annuler', 'inscription'],
    ['annuler', 'mon', 'inscription'],
    ['cancel', 'signup'],
    ['cancel', 'sign', 'up'],
    ['cancel', 'my', 'seat'],
    ['unregister'],
  ].map((words): Pattern => ({
    words,
    takes: 'rest',
    build: ([rest]) => ({ kind: 'workshop.cancel', reference: workshopReference(rest!) }),
  })),
  ...[
    ['podium'],
    ['le', 'podium'],
    ['voir', 'le', 'podium'],
    ['the', 'podium'],
    ['show', 'podium'],
  ].map((words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'podium' }) })),
  ...[
    ['annonce'],
    ['annoncer'],
    ['nouvelle', 'annonce'],
    ['announce'],
    ['announcement'],
    ['new', 'announcement'],
  ].map((words): Pattern => ({ words, takes: 'nothing', build: () => ({ kind: 'announce' }) })),
  ...[['pointage'], ['pointer'], ['check', 'in'], ['checkin'], ['check-in']].flatMap(
    (words): Pattern[] => [
      { words, takes: 'rest', build: ([code]) => ({ kind: 'workshop.checkin', code: code! }) },
      { words, takes: 'nothing', build: () => ({ kind: 'workshop.checkin', code: '' }) },
    ],
  ),
];

/** "à l'atelier 3" → "3": the little words people put before a workshop's number. */
function workshopReference(rest: string): string {
  const stripped = rest
    .replace(
      /^(?:(?:à|a|au|aux|de|du|pour|l['’]atelier|l['’]|atelier|to|for|from|the|workshop)\s+)+/i,
      '',
    )
    .trim();
  return stripped || rest;
}

/** Longest patterns first, so "équipe créer" wins over "équipe". */
patterns.sort((a, b) => b.words.length - a.words.length);

/** Understands a chat message, forgiving case, accents, punctuation around words and extra spaces. */
export function parseCommand(message: string): Command {
  const raw = message.replace(/\s+/g, ' ').trim();
  // Punctuation standing alone ("Bonjour !", "équipe créer : Les Sobres") is French spacing, not a word.
  const rawTokens =
    raw === ''
      ? []
      : raw.split(' ').filter((token, _, all) => all.length === 1 || !/^[!?:;,.…]+$/.test(token));
  const folded = rawTokens.map((token) =>
    token === '?' ? token : foldText(token).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''),
  );
  for (const pattern of patterns) {
    const n = pattern.words.length;
    if (folded.length < n || !pattern.words.every((word, i) => folded[i] === word)) continue;
    const rest = rawTokens.slice(n);
    switch (pattern.takes) {
      case 'nothing':
        if (rest.length === 0) return pattern.build([]);
        break;
      case 'token':
        if (rest.length === 1) return pattern.build(rest);
        break;
      case 'rest':
        if (rest.length > 0) return pattern.build([rest.join(' ')]);
        break;
      case 'optional-rest':
        return pattern.build(rest.length > 0 ? [rest.join(' ')] : []);
      case 'two-tokens':
        if (
          rest.length === 2 ||
          (rest.length === 3 && ['vers', 'to'].includes(foldText(rest[1]!)))
        ) {
          return pattern.build([rest[0]!, rest[rest.length - 1]!]);
        }
        break;
    }
  }
  return { kind: 'unknown', text: raw };
}
