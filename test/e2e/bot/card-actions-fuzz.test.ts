import { randomUUID } from 'node:crypto';
import { TestAdapter, type Activity } from 'botbuilder';
import fc from 'fast-check';
import { ChallengeBot } from '../../../src/bot/bot';
import { parseCommand } from '../../../src/bot/command-parser';
import { t } from '../../../src/bot/messages';
import { botRoutes } from '../../../src/bot/routes';
import type { CardVerb } from '../../../src/bot/routing';
import { DEFAULT_SENDING_HOURS } from '../../../src/domain/announcements';
import { createLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import type { UseCaseDeps } from '../../../src/usecases/deps';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { buildChallenge, givenQuiz, givenTeam, givenWorkshop } from '../../support/builders';
import { clockAt } from '../../support/clock';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Fuzzing every command and card action of the bot's route list (src/bot/routes.ts): valid actions, actions
 * about things that do not exist, and malformed ones (ids with `/ \ # ?`, lone surrogates, fields of the wrong
 * type, values that are not objects, mangled invokes). 10,000 cases run through the bot in-process on the
 * in-memory twins, 300 more through the real HTTP endpoint on Azurite with the connector stand-in. Whatever
 * comes: no server error, no crash, a malformed action touches no store at all, and every action writes only
 * what a valid action of its route may write, under keys that are plain keys.
 */

// Tuesday 24 November 2026, 14:10 in Paris: day 2's quiz is open, the 14:00 workshop open for check-in, the
// Wednesday one open for sign-up, teams may still change, announcements go out at once.
const NOW = '2026-11-24T14:10:00+01:00';
const ORGANISER = 'aicha';
const AGENTS = [ORGANISER, 'bruno', 'chloe'] as const;
const FRESQUE = { id: 'fresque', code: 'FRESQ2' };
const VISITE = { id: 'visite', code: 'V2S2TE' };

/** The stores' methods that change something (the rest only read). */
const WRITES =
  /^(save|saveAsCurrent|register|mark|set|create|add|remove|apply|record|signUp|cancel|update|claim|createPending|put|reserve|release|start)/;

/** What a valid action of each route may write: anything else written is a fault. */
const MAY_WRITE: Record<string, readonly string[]> = {
  help: [],
  unknown: [],
  'team.create': ['teams.create'],
  'team.join': ['teams.addMember'],
  'team.leave': ['teams.removeMember'],
  'team.show': [],
  'team.move': ['teams.removeMember', 'teams.addMember'],
  // In local mode only (the HTTP run): anyone may become an organiser to try organiser actions.
  'organiser.claim': ['agents.setOrganiser'],
  'quiz.show': [],
  'workshop.list': [],
  'workshop.mine': [],
  'my.data': [],
  'workshop.signup': ['signups.signUp'],
  'workshop.cancel': ['signups.cancel'],
  'workshop.checkin': [
    'checkinGuards.reserveAttempt',
    'checkinGuards.releaseAttempt',
    'events.recordCheckin',
    'teams.applyMemberTally',
  ],
  podium: [],
  announce: [],
  'quiz.answer': ['events.recordAnswer', 'teams.applyMemberTally'],
  'podium.publish': ['fanOut.start'],
  'announcement.preview': [],
  'announcement.edit': [],
  'announcement.discard': [],
  'announcement.send': ['announcements.create', 'announcements.update', 'fanOut.start'],
  'announcement.refresh': [],
  'announcement.cancel': ['announcements.update', 'fanOut.cancel'],
  // Registering the agent on their first message (done before the fuzz) or when what Teams says changed.
  registration: ['agents.register'],
};

const PORTS = [
  'challenges',
  'agents',
  'teams',
  'events',
  'quizzes',
  'workshops',
  'signups',
  'checkinGuards',
  'announcements',
  'channels',
  'roster',
  'fanOut',
] as const;

interface Call {
  port: string;
  method: string;
  args: unknown[];
}

/** Wraps the use cases' stores so that every call is recorded; `deps` itself is changed, as the bot holds it. */
function recordCalls(deps: UseCaseDeps): Call[] {
  const calls: Call[] = [];
  for (const port of PORTS) {
    const target = deps[port] as unknown as Record<string | symbol, unknown>;
    (deps as unknown as Record<string, unknown>)[port] = new Proxy(target, {
      get(object, method) {
        const value = object[method];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push({ port, method: String(method), args });
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }
  return calls;
}

/** A key that reached a store holds nothing a table key may not, and no half character. */
const unsafeKey = (value: string) =>
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  /[/\\#?\u0000-\u001F\u007F]/.test(value) || /[\uD800-\uDFFF]/u.test(value);

// ——— What the fuzz sends ———

type Shape = 'text' | 'submit' | 'execute';

interface Case {
  agent: string;
  /** The route whose valid actions bound what this one may write. */
  route: string;
  shape: Shape;
  /** Malformed by construction: must be refused with no store touched. */
  malformed: boolean;
  /** The activity's own part (the envelope is the agent's chat). */
  activity: Record<string, unknown>;
}

const anyAgent = fc.constantFrom(...AGENTS);
const halves = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');
const controls = fc.constantFrom('\u0000', '\u0007', '\u001B', '\u007F');
const around = (middle: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.string({ maxLength: 8 }), middle, fc.string({ maxLength: 8 }))
    .map(([a, b, c]) => a + b + c);
/** Text no card sends: half a character, or a control character. */
const unshowable = around(fc.oneof(halves, controls));
/** Not an id: table key characters, half characters, spaces, empty, too long. */
const badId = fc.oneof(
  fc.constantFrom('a/b', 'a\\b', 'j1#x', 'j1?x=1', '../j1', '', ' ', 'j 1', 'x'.repeat(101)),
  around(fc.constantFrom('/', '\\', '#', '?', ' ', '%2F', "'")),
  unshowable,
);
/** Not text at all (null is read as a field left out, so it is not here, nor NaN, which JSON makes null). */
const notText = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
);
/** A value that is not an object: what no card sends as an Action.Submit's value. */
const notObject = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
);
const someText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ maxLength, unit: 'grapheme' }),
    fc.constantFrom('[Cliquez ici](https://evil.example)', '**gras**', '<b>x</b>', '../../etc'),
  );

/** The fields a card action's data may carry: a valid value, and how to make it malformed. */
interface FieldGen {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
}
const idField = (...known: string[]): FieldGen => ({
  valid: fc.constantFrom(...known, 'nope', 'j9', 'a20261124-deadbeefcafe'),
  invalid: fc.oneof(badId, notText),
});
const textField = (max: number, ...known: string[]): FieldGen => ({
  valid: known.length ? fc.oneof(fc.constantFrom(...known), someText(40)) : someText(40),
  invalid: fc.oneof(unshowable, notText, fc.constant('x'.repeat(max + 1))),
});

const FORM: Record<string, FieldGen> = {
  title: textField(2500, 'Programme de la semaine', ''),
  text: textField(10_000, 'Bonjour à **toutes** et à tous', ''),
  linkLabel: textField(2500, '', 'Le programme'),
  linkUrl: textField(2500, '', 'https://example.org/programme', 'javascript:alert(1)'),
  audience: {
    valid: fc.constantFrom('all', 'team:sobres', 'team:nope', 'direction:DSI', ''),
    invalid: fc.oneof(
      fc.constantFrom('team:a/b', 'team:', 'everyone', 'direction:'),
      around(halves).map((s) => `team:${s}`),
      notText,
    ),
  },
};

const VERB_FIELDS: Record<CardVerb, Record<string, FieldGen>> = {
  'quiz.answer': {
    challengeId: idField('c1'),
    quizId: idField('j2', 'j1'),
    questionId: idField('j2-q1', 'j2-q2', 'j1-q1'),
    choice: {
      valid: fc.constantFrom('a', 'b', 'c', 'a,c', 'a, c', 'z', 'a,b,c,d,e,f,g'),
      invalid: fc.oneof(fc.constantFrom('a/b', 'a;b', ',', 'a,', ''), unshowable, notText),
    },
  },
  'workshop.checkin': {
    code: textField(100, FRESQUE.code, VISITE.code, 'fresq-2', 'ZZZZZZ'),
  },
  'workshop.signup': {
    workshopId: idField(FRESQUE.id, VISITE.id),
    view: {
      valid: fc.constantFrom('mine', 'upcoming'),
      invalid: fc.oneof(fc.constantFrom('all', 'MINE', ''), notText),
    },
  },
  'workshop.cancel': {
    workshopId: idField(FRESQUE.id, VISITE.id),
    view: {
      valid: fc.constantFrom('mine', 'upcoming'),
      invalid: fc.oneof(fc.constantFrom('all', 'MINE', ''), notText),
    },
  },
  'podium.publish': {},
  'announcement.preview': FORM,
  'announcement.edit': FORM,
  'announcement.discard': {},
  'announcement.send': FORM,
  'announcement.refresh': { id: idField('a20261124-0') },
  'announcement.cancel': { id: idField('a20261124-0') },
};

const SUBMIT_FIELDS: Record<string, Record<string, FieldGen>> = {
  help: {},
  'team.create': { name: textField(200, 'Les Sobres', 'Équipe ?') },
  'team.join': { code: textField(100, 'K7M2QX', 'ZZZZZZ') },
  'team.show': {},
  'quiz.show': {},
  'workshop.list': {},
  'workshop.mine': {},
  'my.data': {},
};

/** Extra fields no route reads: ignored, whatever they hold. */
function extraFields(taken: readonly string[]) {
  return fc
    .dictionary(
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.oneof(fc.anything({ maxDepth: 1 }), unshowable, badId),
      {
        maxKeys: 2,
      },
    )
    .map((extra) =>
      Object.fromEntries(
        Object.entries(extra).filter(
          ([key]) => !taken.includes(key) && !['action', 'verb', '__proto__'].includes(key),
        ),
      ),
    );
}

/** Card data for `fields`: each field valid, left out or (when `breakOne`) one of them made malformed. */
function cardData(fields: Record<string, FieldGen>, breakOne: boolean) {
  const names = Object.keys(fields);
  const entries = names.map((name) =>
    fc.option(fields[name]!.valid, { nil: undefined, freq: 4 }).map((value) => [name, value]),
  );
  const valid = fc.tuple(fc.tuple(...entries), extraFields(names)).map(([pairs, extra]) => ({
    ...extra,
    ...Object.fromEntries(pairs.filter(([, value]) => value !== undefined)),
  }));
  if (!breakOne || names.length === 0) return valid;
  return fc
    .tuple(
      valid,
      fc.constantFrom(...names).chain((name) => fields[name]!.invalid.map((v) => [name, v])),
    )
    .map(([data, [name, value]]) => ({ ...data, [name as string]: value }));
}

const verbs = Object.keys(VERB_FIELDS) as CardVerb[];

/** A card button: Action.Execute, or its Action.Submit fallback; valid, odd or malformed. */
const cardAction: fc.Arbitrary<Omit<Case, 'agent'>> = fc
  .tuple(fc.constantFrom(...verbs), fc.constantFrom<Shape>('execute', 'submit'), fc.nat(9))
  .chain(([verb, shape, roll]) => {
    const breakOne = roll < 3 && Object.keys(VERB_FIELDS[verb]).length > 0;
    return cardData(VERB_FIELDS[verb], breakOne).map((data): Omit<Case, 'agent'> =>
      shape === 'execute'
        ? {
            route: verb,
            shape,
            malformed: breakOne,
            activity: {
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
            },
          }
        : {
            route: verb,
            shape,
            malformed: breakOne,
            activity: { type: 'message', value: { ...data, verb }, replyToId: 'card-1' },
          },
    );
  });

/** An invoke botbuilder could not read: a value, action, type, verb or data of the wrong kind. */
const mangledInvoke: fc.Arbitrary<Omit<Case, 'agent'>> = fc
  .tuple(fc.constantFrom(...verbs), fc.nat(6), notObject)
  .map(([verb, how, junk]) => {
    const values: unknown[] = [
      junk,
      null,
      { action: junk },
      { action: null },
      { action: { type: 'Action.Submit', verb, data: {} } },
      { action: { type: 'Action.Execute', verb: junk, data: {} } },
      { action: { type: 'Action.Execute', verb, data: junk } },
    ];
    return {
      route: verb,
      shape: 'execute' as const,
      malformed: true,
      activity: { type: 'invoke', name: 'adaptiveCard/action', value: values[how] },
    };
  });

/** An Action.Submit standing for a command (the team forms, the help and list buttons). */
const commandSubmit: fc.Arbitrary<Omit<Case, 'agent'>> = fc
  .tuple(fc.constantFrom(...Object.keys(SUBMIT_FIELDS)), fc.nat(9))
  .chain(([kind, roll]) => {
    const breakOne = roll < 3 && Object.keys(SUBMIT_FIELDS[kind]!).length > 0;
    return cardData(SUBMIT_FIELDS[kind]!, breakOne).map((data) => ({
      route: kind,
      shape: 'submit' as const,
      malformed: breakOne,
      activity: { type: 'message', value: { ...data, action: kind } },
    }));
  });

/** A message whose value is not an object. */
const mangledSubmit: fc.Arbitrary<Omit<Case, 'agent'>> = notObject.map((value) => ({
  route: 'help',
  shape: 'submit' as const,
  malformed: true,
  activity: { type: 'message', value },
}));

const COMMAND_WORDS = [
  'aide',
  'help',
  'équipe créer ',
  'team create ',
  'équipe rejoindre ',
  'team join ',
  'équipe quitter',
  'mon équipe',
  'équipe déplacer ',
  'quiz',
  'ateliers',
  'mes ateliers',
  'je m’inscris ',
  'sign up ',
  'je me désinscris ',
  'pointage ',
  'check in ',
  'podium',
  'annonce',
  'devenir organisateur',
  '',
];

/** A chat message: a command with any argument, words the bot does not know, or text no one can type. */
const typedText: fc.Arbitrary<Omit<Case, 'agent'>> = fc
  .tuple(
    fc.constantFrom(...COMMAND_WORDS),
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ maxLength: 30, unit: 'grapheme' }),
      fc.constantFrom(FRESQUE.code, 'ZZZZZZ', '1', '2', '99', 'bruno K7M2QX', 'x'.repeat(600)),
      unshowable,
      badId,
    ),
  )
  .map(([words, rest]) => {
    const text = words + rest;
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    const malformed = /[\uD800-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.test(text);
    const tooLong = text.length > 500;
    const kind = malformed || tooLong || !text.trim() ? 'help' : parseCommand(text).kind;
    return { route: kind, shape: 'text' as const, malformed, activity: { type: 'message', text } };
  });

const anyCase: fc.Arbitrary<Case> = fc
  .tuple(
    anyAgent,
    fc.oneof(
      { arbitrary: cardAction, weight: 10 },
      { arbitrary: commandSubmit, weight: 3 },
      { arbitrary: typedText, weight: 4 },
      { arbitrary: mangledInvoke, weight: 2 },
      { arbitrary: mangledSubmit, weight: 1 },
    ),
  )
  .map(([agent, rest]) => ({ agent, ...rest }));

// ——— Running a case, and what it must not do ———

interface Tally {
  cases: number;
  malformed: number;
  refused400: number;
  invoke200: number;
  replies: number;
  cardUpdates: number;
  notUnderstood: number;
  serverErrors: number;
  crashes: number;
  writes: number;
  /** Store writes by method, to see that valid actions did write (the fuzz reaches past the refusals). */
  written: Record<string, number>;
}

const newTally = (): Tally => ({
  cases: 0,
  malformed: 0,
  refused400: 0,
  invoke200: 0,
  replies: 0,
  cardUpdates: 0,
  notUnderstood: 0,
  serverErrors: 0,
  crashes: 0,
  writes: 0,
  written: {},
});

const NOT_UNDERSTOOD = t('fr', 'error.badAction');

/** What the bot answered a case: an invoke status, and the messages and card updates it sent. */
interface Answer {
  crashed: unknown;
  status?: number;
  texts: string[];
  sent: number;
  updates: number;
}

/** Checks a case's answer and calls against the rules above, counting outcomes; throws what is wrong. */
function judge(c: Case, answer: Answer, calls: Call[], errorLines: string[], tally: Tally): void {
  tally.cases += 1;
  if (c.malformed) tally.malformed += 1;
  if (answer.crashed) tally.crashes += 1;
  if (answer.status !== undefined && answer.status >= 500) tally.serverErrors += 1;
  tally.serverErrors += errorLines.length;
  if (answer.status === 400) tally.refused400 += 1;
  if (answer.status === 200) tally.invoke200 += 1;
  tally.replies += answer.sent;
  tally.cardUpdates += answer.updates;
  if (answer.texts.includes(NOT_UNDERSTOOD)) tally.notUnderstood += 1;
  const writes = calls.filter((call) => WRITES.test(call.method));
  tally.writes += writes.length;
  for (const call of writes) {
    const name = `${call.port}.${call.method}`;
    tally.written[name] = (tally.written[name] ?? 0) + 1;
  }

  const where = `${c.shape} ${c.route} ${JSON.stringify(c.activity).slice(0, 300)}`;
  if (answer.crashed) throw new Error(`crash on ${where}: ${String(answer.crashed)}`);
  if (errorLines.length) throw new Error(`server error on ${where}: ${errorLines.join(' | ')}`);
  if (answer.status !== undefined && answer.status !== 200 && answer.status !== 400)
    throw new Error(`status ${answer.status} on ${where}`);
  if (c.malformed) {
    if (calls.length)
      throw new Error(
        `malformed ${where} reached ${calls.map((x) => `${x.port}.${x.method}`).join(', ')}`,
      );
    if (c.shape === 'execute' ? answer.status !== 400 : !answer.texts.includes(NOT_UNDERSTOOD))
      throw new Error(`malformed ${where} was not refused`);
  }
  const allowed = [...(MAY_WRITE[c.route] ?? []), ...MAY_WRITE.registration!];
  const stray = writes.filter((call) => !allowed.includes(`${call.port}.${call.method}`));
  if (stray.length)
    throw new Error(
      `${where} wrote ${stray.map((x) => `${x.port}.${x.method}`).join(', ')}, which no valid ${c.route} writes`,
    );
  for (const call of calls)
    for (const arg of call.args)
      if (typeof arg === 'string' && unsafeKey(arg))
        throw new Error(`${where} reached ${call.port}.${call.method} with ${JSON.stringify(arg)}`);
}

function report(label: string, tally: Tally): void {
  console.log(
    `${label}: ${tally.cases} cases (${tally.malformed} malformed) → ${tally.refused400} refused 400, ` +
      `${tally.notUnderstood} "not understood", ${tally.invoke200} cards in invoke answers, ` +
      `${tally.replies} replies sent, ${tally.cardUpdates} cards updated, ${tally.writes} store writes; ` +
      `${tally.serverErrors} server errors, ${tally.crashes} crashes; written: ${JSON.stringify(tally.written)}`,
  );
}

/** The challenge the fuzz plays in: two workshops, day 2's quiz, a team with a known code. */
async function givenTheWeek(deps: UseCaseDeps): Promise<void> {
  await deps.challenges.saveAsCurrent(buildChallenge({ teamsLockAt: '2026-11-30T00:00:00Z' }));
  await givenQuiz(deps, 1);
  await givenQuiz(deps, 2);
  await givenWorkshop(deps, {
    ...FRESQUE,
    title: '[Cliquez ici](https://evil.example)',
    startsAt: '2026-11-24T13:00:00.000Z',
    endsAt: '2026-11-24T15:00:00.000Z',
  });
  await givenWorkshop(deps, {
    ...VISITE,
    capacity: 2,
    startsAt: '2026-11-25T13:00:00.000Z',
    endsAt: '2026-11-25T15:00:00.000Z',
  });
  await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', joinCode: 'K7M2QX', members: 1 });
}

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('fuzzing every command and card action', () => {
  it('10,000 cases through the bot in-process: no server error, no crash, no stray write', async () => {
    // given the bot on the in-memory twins, every store call recorded, every error logged counted
    const deps = memoryDeps({ clock: clockAt(NOW), organiserIds: [ORGANISER] });
    await givenTheWeek(deps);
    const calls = recordCalls(deps);
    const errorLines: string[] = [];
    const bot = new ChallengeBot(
      deps,
      { localMode: false, sendingHours: DEFAULT_SENDING_HOURS },
      createLogger('error', (line) => errorLines.push(line)),
      new LeaderboardCache(deps),
      botRoutes,
    );
    let updates = 0;
    const adapter = new TestAdapter((turn) => bot.run(turn));
    adapter.updateActivity = async () => {
      updates += 1;
    };
    const envelope = (agent: string) => ({
      channelId: 'msteams',
      locale: 'fr-FR',
      from: { id: `29:${agent}`, name: agent, aadObjectId: agent },
      recipient: { id: '28:bot', name: 'Défi numérique' },
      conversation: {
        id: `a:${agent}`,
        conversationType: 'personal',
        tenantId: 'tenant-test',
        isGroup: false,
        name: '',
      },
    });
    for (const agent of AGENTS)
      await adapter.processActivity({ ...envelope(agent), type: 'message', text: 'aide' });
    adapter.activeQueue.splice(0);
    const tally = newTally();

    // when
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        calls.length = 0;
        errorLines.length = 0;
        updates = 0;
        adapter.activeQueue.splice(0);
        let crashed: unknown;
        try {
          await adapter.processActivity({
            ...envelope(c.agent),
            ...c.activity,
          } as Partial<Activity>);
        } catch (error) {
          crashed = error ?? 'thrown';
        }
        const sent = adapter.activeQueue.splice(0);
        const invoke = sent.find((a) => a.type === 'invokeResponse');
        const others = sent.filter((a) => a.type !== 'invokeResponse');
        judge(
          c,
          {
            crashed,
            status: (invoke?.value as { status?: number } | undefined)?.status,
            texts: others.map((a) => a.text ?? ''),
            sent: others.length,
            updates,
          },
          calls,
          errorLines,
          tally,
        );
      }),
      { numRuns: 10_000, seed: SEED, endOnFailure: true },
    );

    // then (the property holds for each case; the figures are for the report)
    report(`bot fuzz in-process (seed ${SEED})`, tally);
    expect(tally).toMatchObject({ cases: 10_000, serverErrors: 0, crashes: 0 });
  }, 120_000);

  describe('through the HTTP endpoint', () => {
    let app: TestApp;
    beforeAll(async () => {
      // No delivery workers (nor the report job they run with): only the requests touch the stores.
      app = await startTestApp({ now: NOW, env: { ORGANISER_IDS: ORGANISER, WORKERS: 'off' } });
      await givenTheWeek(app.app.deps);
    });
    afterAll(() => app.close());

    it('300 cases on Azurite with the connector stand-in: 200 or 400, never 5xx, no stray write', async () => {
      // given
      const calls = recordCalls(app.app.deps);
      const envelope = (agent: string) => ({
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: app.connector.url,
        locale: 'fr-FR',
        from: { id: `29:${agent}`, name: agent, aadObjectId: agent },
        recipient: { id: '28:bot', name: 'Défi numérique' },
        conversation: { id: `a:${agent}`, conversationType: 'personal', tenantId: 'tenant-test' },
      });
      for (const agent of AGENTS)
        expect(
          (await app.post('/api/messages', { ...envelope(agent), type: 'message', text: 'aide' }))
            .status,
        ).toBe(200);
      const tally = newTally();

      // when
      await fc.assert(
        fc.asyncProperty(anyCase, async (c) => {
          calls.length = 0;
          const conversation = `a:${c.agent}`;
          const before = app.connector.to(conversation).length;
          const response = await app.post('/api/messages', { ...envelope(c.agent), ...c.activity });
          const sent = app.connector.to(conversation).slice(before);
          // An invoke's answer is its status; a message is answered 200 and in the chat.
          const status =
            c.shape === 'execute'
              ? (response.body?.statusCode ?? response.status)
              : response.status === 200
                ? undefined
                : response.status;
          judge(
            c,
            {
              crashed: response.status >= 500 ? `HTTP ${response.status}` : undefined,
              status,
              texts: sent.map((s) => String(s.activity.text ?? '')),
              sent: sent.length,
              updates: 0,
            },
            calls,
            [],
            tally,
          );
        }),
        { numRuns: 300, seed: SEED + 1, endOnFailure: true },
      );

      // then
      report(`bot fuzz over HTTP (seed ${SEED + 1})`, tally);
      expect(tally).toMatchObject({ cases: 300, serverErrors: 0, crashes: 0 });
    }, 120_000);
  });
});
