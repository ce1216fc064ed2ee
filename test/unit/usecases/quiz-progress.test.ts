import { memoryDeps } from '../../../src/storage/memory';
import { answerQuestion } from '../../../src/usecases/answer-question';
import { todaysQuizProgress } from '../../../src/usecases/quiz-progress';
import { givenChallenge, givenQuiz } from '../../support/builders';
import { clockAt } from '../../support/clock';

async function aChallengeWithTwoQuizzes(now: string) {
  const clock = clockAt(now);
  const deps = memoryDeps({ clock });
  await givenChallenge(deps);
  await givenQuiz(deps, 1);
  await givenQuiz(deps, 2);
  return { deps, clock };
}

describe('today’s quiz as one agent sees it', () => {
  it('is day 2’s quiz on Tuesday, still to open before 09:00', async () => {
    // given
    const { deps } = await aChallengeWithTwoQuizzes('2026-11-24T08:30:00+01:00');

    // when
    const progress = await todaysQuizProgress(deps, 'a1');

    // then
    expect(progress).toMatchObject({ quiz: { id: 'j2' }, state: 'upcoming' });
    expect(progress?.answers.size).toBe(0);
  });

  it('holds the answers the agent gave, and knows when the quiz has closed', async () => {
    // given an answer on Monday morning
    const { deps, clock } = await aChallengeWithTwoQuizzes('2026-11-23T10:00:00+01:00');
    await answerQuestion(deps, {
      agentId: 'a1',
      quizId: 'j1',
      questionId: 'j1-q2',
      choiceIds: ['a', 'c'],
    });

    // when, on Monday evening
    clock.set('2026-11-23T19:00:00+01:00');
    const progress = await todaysQuizProgress(deps, 'a1');

    // then
    expect(progress?.state).toBe('closed');
    expect([...(progress?.answers.values() ?? [])]).toEqual([
      expect.objectContaining({ questionId: 'j1-q2', correct: true, points: 2 }),
    ]);
  });

  it('shows only the agent’s own answers', async () => {
    // given someone else answered
    const { deps } = await aChallengeWithTwoQuizzes('2026-11-23T10:00:00+01:00');
    await answerQuestion(deps, {
      agentId: 'a2',
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // when
    const progress = await todaysQuizProgress(deps, 'a1');

    // then
    expect(progress).toMatchObject({ state: 'open' });
    expect(progress?.answers.size).toBe(0);
  });

  it('is none outside the challenge week', async () => {
    // given the Sunday before
    const { deps } = await aChallengeWithTwoQuizzes('2026-11-22T10:00:00+01:00');

    // when / then
    expect(await todaysQuizProgress(deps, 'a1')).toBeNull();
  });

  it('is none on a day without a quiz', async () => {
    // given Wednesday, day 3, has no quiz
    const { deps } = await aChallengeWithTwoQuizzes('2026-11-25T10:00:00+01:00');

    // when / then
    expect(await todaysQuizProgress(deps, 'a1')).toBeNull();
  });
});
