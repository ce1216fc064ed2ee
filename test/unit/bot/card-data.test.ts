import { TestAdapter, type Activity } from 'botbuilder';
import { ChallengeBot } from '../../../src/bot/bot';
import { cardDataProblem, id, isShowableText, typed } from '../../../src/bot/card-data';
import { t } from '../../../src/bot/messages';
import { botRoutes } from '../../../src/bot/routes';
import { DEFAULT_SENDING_HOURS } from '../../../src/domain/announcements';
import { silentLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import { LeaderboardCache } from '../../../src/usecases/leaderboard-cache';
import { givenChallenge, givenQuiz } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** The bot on the in-memory twins, with every read of a quiz recorded. */
async function aBot() {
  const deps = memoryDeps({ clock: clockAt('2026-11-23T10:00:00+01:00') });
  await givenChallenge(deps);
  await givenQuiz(deps, 1);
  const quizReads: string[] = [];
  const get = deps.quizzes.get.bind(deps.quizzes);
  deps.quizzes.get = async (challengeId, quizId) => {
    quizReads.push(quizId);
    return get(challengeId, quizId);
  };
  const bot = new ChallengeBot(
    deps,
    { localMode: false, sendingHours: DEFAULT_SENDING_HOURS },
    silentLogger,
    new LeaderboardCache(deps),
    botRoutes,
  );
  const adapter = new TestAdapter((turn) => bot.run(turn));
  return { deps, adapter, quizReads };
}

const fromAicha = (activity: Partial<Activity>): Partial<Activity> => ({
  type: 'message',
  locale: 'fr-FR',
  from: { id: '29:aicha', name: 'Aïcha', aadObjectId: 'aicha' },
  conversation: { id: 'a:aicha', conversationType: 'personal', isGroup: false, name: '' },
  ...activity,
});

const invoke = (value: unknown) =>
  fromAicha({ type: 'invoke', name: 'adaptiveCard/action', value });

const statusOf = (adapter: TestAdapter) =>
  (adapter.activeQueue.find((a) => a.type === 'invokeResponse')?.value as { status: number })
    ?.status;

describe('card actions checked at the bot’s edge', () => {
  it.each([
    ['a value that is text', 'x'],
    ['a value that is a number', 5],
    ['an action that is null', { action: null }],
    ['an action that is text', { action: 'x' }],
  ])(
    'answers 400 to an invoke with %s, before botbuilder reads it (it threw: 501)',
    async (_label, value) => {
      // given
      const { adapter, quizReads } = await aBot();

      // when
      await adapter.processActivity(invoke(value));

      // then
      expect(statusOf(adapter)).toBe(400);
      expect(quizReads).toEqual([]);
    },
  );

  it.each(['j1/x', 'j1\\x', 'j1#x', 'j1?x', 'j1\uD800', '\uDC00', 42])(
    'refuses the quiz id %p before any store sees it, clicked or sent as a fallback',
    async (quizId) => {
      // given
      const { deps, adapter, quizReads } = await aBot();
      const data = { quizId, questionId: 'j1-q1', choice: 'b' };

      // when
      await adapter.processActivity(
        invoke({ action: { type: 'Action.Execute', verb: 'quiz.answer', data } }),
      );
      const clicked = statusOf(adapter);
      adapter.activeQueue.splice(0);
      await adapter.processActivity(fromAicha({ value: { ...data, verb: 'quiz.answer' } }));

      // then
      expect(clicked).toBe(400);
      expect(adapter.activeQueue.map((a) => a.text)).toEqual([t('fr', 'error.badAction')]);
      expect(quizReads).toEqual([]);
      expect(await deps.agents.get('aicha')).toBeNull();
    },
  );

  it('answers a message whose value is not an object in plain words, registering no one', async () => {
    // given
    const { deps, adapter } = await aBot();

    // when
    await adapter.processActivity(fromAicha({ value: ['quiz.answer'] }));

    // then
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([t('fr', 'error.badAction')]);
    expect(await deps.agents.get('aicha')).toBeNull();
  });

  it('still answers a well-formed click about an unknown quiz with the card’s notice', async () => {
    // given
    const { adapter } = await aBot();

    // when
    await adapter.processActivity(
      invoke({
        action: {
          type: 'Action.Execute',
          verb: 'quiz.answer',
          data: { quizId: 'j9', questionId: 'q1', choice: 'a' },
        },
      }),
    );

    // then
    expect(statusOf(adapter)).toBe(200);
  });
});

describe('the field rules', () => {
  it('reads a field left out or null as absent, and judges the others', () => {
    expect(cardDataProblem({ quizId: null, other: '/' }, { quizId: id() })).toBeNull();
    expect(cardDataProblem({ quizId: 'a/b' }, { quizId: id() })).toBe('quizId is not an id');
    expect(cardDataProblem({ code: 'x'.repeat(101) }, { code: typed(100) })).toMatch(/longer/);
  });

  it('takes whole characters, accents, emoji and new lines, not halves or controls', () => {
    expect(isShowableText('Équipe 🌱\nligne\tdeux')).toBe(true);
    expect(isShowableText('a\uD83D')).toBe(false);
    expect(isShowableText('a\u0000')).toBe(false);
  });
});
