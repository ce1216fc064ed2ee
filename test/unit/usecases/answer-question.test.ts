import { memoryDeps } from '../../../src/storage/memory';
import { answerQuestion } from '../../../src/usecases/answer-question';
import { givenAnswer, givenChallenge, givenQuiz, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Monday 23 November 2026, day 1 of the challenge: its quiz is open from 09:00 to 18:00, Paris time. */
const DURING_THE_QUIZ = '2026-11-23T10:00:00+01:00';

async function anOpenQuizAndATeam(now = DURING_THE_QUIZ) {
  const deps = memoryDeps({ clock: clockAt(now) });
  await givenChallenge(deps);
  await givenQuiz(deps, 1);
  const team = await givenTeam(deps, { id: 'sobres', members: 3 });
  return { deps, team, agentId: team.members[0]!.agentId };
}

describe('answering a question of the daily quiz', () => {
  it('records a right answer and counts its points on the agent’s team at once', async () => {
    // given
    const { deps, team, agentId } = await anOpenQuizAndATeam();

    // when
    const outcome = await answerQuestion(deps, {
      agentId,
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // then: one point for answering, one for being right
    expect(outcome.answer).toMatchObject({
      questionId: 'j1-q1',
      choiceIds: ['b'],
      correct: true,
      points: 2,
    });
    expect(outcome.team).toEqual({
      id: team.id,
      memberTally: { points: 2, events: 1, lastAt: Date.parse(DURING_THE_QUIZ) },
    });
    expect((await deps.teams.get('c1', team.id))?.tallies[agentId]?.points).toBe(2);
  });

  it('counts a wrong answer for taking part, without the bonus', async () => {
    // given
    const { deps, agentId } = await anOpenQuizAndATeam();

    // when
    const outcome = await answerQuestion(deps, {
      agentId,
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['a'],
    });

    // then
    expect(outcome.answer).toMatchObject({ correct: false, points: 1 });
  });

  it('keeps only the first answer: a second one is refused and changes nothing', async () => {
    // given an agent who answered wrong
    const { deps, team, agentId } = await anOpenQuizAndATeam();
    await answerQuestion(deps, { agentId, quizId: 'j1', questionId: 'j1-q1', choiceIds: ['a'] });

    // when they try again with the right choice
    const again = answerQuestion(deps, {
      agentId,
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // then
    await expect(again).rejects.toMatchObject({ code: 'already_answered' });
    expect((await deps.events.answersOf('c1', agentId)).map((a) => a.choiceIds)).toEqual([['a']]);
    expect((await deps.teams.get('c1', team.id))?.tallies[agentId]).toMatchObject({
      points: 1,
      events: 1,
    });
  });

  it('shows what the agent already answered of the quiz beside the new answer', async () => {
    // given an answer to the second question
    const { deps, agentId } = await anOpenQuizAndATeam();
    await answerQuestion(deps, {
      agentId,
      quizId: 'j1',
      questionId: 'j1-q2',
      choiceIds: ['a', 'c'],
    });

    // when
    const outcome = await answerQuestion(deps, {
      agentId,
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // then
    expect(outcome.progress.state).toBe('open');
    expect([...outcome.progress.answers.keys()].sort()).toEqual(['j1-q1', 'j1-q2']);
  });

  it('counts the answer of an agent in no team on their own tally, for the team they may join later', async () => {
    // given
    const { deps } = await anOpenQuizAndATeam();

    // when
    const outcome = await answerQuestion(deps, {
      agentId: 'loner',
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // then
    expect(outcome.team).toBeNull();
    expect(await deps.events.tally('c1', 'loner')).toMatchObject({ points: 2, events: 1 });
  });

  it('adds to what the agent had already earned', async () => {
    // given an earlier answer worth 2 points
    const { deps, team, agentId } = await anOpenQuizAndATeam();
    await givenAnswer(deps, agentId, {
      questionId: 'older',
      points: 2,
      at: '2026-11-23T08:30:00.000Z',
    });

    // when
    const outcome = await answerQuestion(deps, {
      agentId,
      quizId: 'j1',
      questionId: 'j1-q1',
      choiceIds: ['b'],
    });

    // then
    expect(outcome.team?.memberTally).toMatchObject({ points: 4, events: 2 });
    expect((await deps.teams.get('c1', team.id))?.tallies[agentId]).toMatchObject({
      points: 4,
      events: 2,
    });
  });

  describe('refuses, and records nothing, when', () => {
    it('the quiz has not opened yet', async () => {
      // given
      const { deps, agentId } = await anOpenQuizAndATeam('2026-11-23T08:59:00+01:00');

      // when
      const answer = answerQuestion(deps, {
        agentId,
        quizId: 'j1',
        questionId: 'j1-q1',
        choiceIds: ['b'],
      });

      // then
      await expect(answer).rejects.toMatchObject({
        code: 'quiz_not_open',
        details: { time: '09:00' },
      });
      expect(await deps.events.answersOf('c1', agentId)).toEqual([]);
    });

    it('the quiz has closed', async () => {
      // given
      const { deps, agentId } = await anOpenQuizAndATeam('2026-11-23T18:00:00+01:00');

      // when
      const answer = answerQuestion(deps, {
        agentId,
        quizId: 'j1',
        questionId: 'j1-q1',
        choiceIds: ['b'],
      });

      // then
      await expect(answer).rejects.toMatchObject({ code: 'quiz_closed' });
      expect(await deps.events.tally('c1', agentId)).toMatchObject({ events: 0 });
    });

    it('the card belongs to another challenge', async () => {
      // given
      const { deps, agentId } = await anOpenQuizAndATeam();

      // when
      const answer = answerQuestion(deps, {
        agentId,
        challengeId: 'last-year',
        quizId: 'j1',
        questionId: 'j1-q1',
        choiceIds: ['b'],
      });

      // then
      await expect(answer).rejects.toMatchObject({ code: 'quiz_unknown' });
    });

    it('the quiz or the question does not exist', async () => {
      // given
      const { deps, agentId } = await anOpenQuizAndATeam();

      // when / then
      await expect(
        answerQuestion(deps, { agentId, quizId: 'j9', questionId: 'j9-q1', choiceIds: ['b'] }),
      ).rejects.toMatchObject({ code: 'quiz_unknown' });
      await expect(
        answerQuestion(deps, { agentId, quizId: 'j1', questionId: 'j1-q7', choiceIds: ['b'] }),
      ).rejects.toMatchObject({ code: 'question_unknown' });
    });

    it('the choices are forged: unknown, repeated, or several for a one-choice question', async () => {
      // given
      const { deps, agentId } = await anOpenQuizAndATeam();
      const answer = (choiceIds: string[]) =>
        answerQuestion(deps, { agentId, quizId: 'j1', questionId: 'j1-q1', choiceIds });

      // when / then
      await expect(answer(['z'])).rejects.toMatchObject({ code: 'choice_invalid' });
      await expect(answer(['b', 'b'])).rejects.toMatchObject({ code: 'choice_invalid' });
      await expect(answer(['a', 'b'])).rejects.toMatchObject({ code: 'choice_invalid' });
      await expect(answer([])).rejects.toMatchObject({ code: 'choice_invalid' });
      expect(await deps.events.answersOf('c1', agentId)).toEqual([]);
    });

    it('no challenge is set up', async () => {
      // given
      const deps = memoryDeps({ clock: clockAt(DURING_THE_QUIZ) });

      // when
      const answer = answerQuestion(deps, {
        agentId: 'a1',
        quizId: 'j1',
        questionId: 'j1-q1',
        choiceIds: ['b'],
      });

      // then
      await expect(answer).rejects.toMatchObject({ code: 'challenge_missing' });
    });
  });
});
