import { broadcastPayloads } from '../../../src/bot/broadcast-payloads';
import { quizCard } from '../../../src/bot/cards/quiz-card';
import { QueuedFanOut } from '../../../src/broadcast/fan-out';
import type { SendRequest } from '../../../src/domain/broadcast';
import type { FanOut } from '../../../src/domain/ports';
import type { DailyQuiz } from '../../../src/domain/quiz';
import { silentLogger } from '../../../src/log';
import { memoryDeps } from '../../../src/storage/memory';
import { MemoryBroadcastRepository } from '../../../src/storage/memory/broadcast-repository';
import { MemoryDeliveryQueue } from '../../../src/storage/memory/delivery-queue';
import { answerQuestion } from '../../../src/usecases/answer-question';
import { scheduledSends } from '../../../src/usecases/scheduled-sends';
import {
  buildChallenge,
  buildQuiz,
  buildSendClaim,
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenTeam,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

/**
 * Time to answer: a day's quiz no longer closes at 18:00 the same day. Without an organiser's close it stays open
 * until the end of the challenge (Friday 27 November 2026, midnight, Paris time), and counts the same; the card
 * and its afternoon reminder still go on the quiz's own day only.
 */

/** Day `day`'s quiz as the bundled bank now gives it: a send time, no close of its own. */
function openUntilTheEnd(day: number): DailyQuiz {
  const { closeAt: _none, ...quiz } = buildQuiz(day);
  return quiz;
}

async function aChallengeOnDay(now: string, quiz = openUntilTheEnd(1)) {
  const deps = memoryDeps({ clock: clockAt(now) });
  await givenChallenge(deps);
  await deps.quizzes.save(quiz);
  const team = await givenTeam(deps, { id: 'terrain', members: 3 });
  return { deps, team, agentId: team.members[0]!.agentId };
}

const rightAnswer = (agentId: string) => ({
  agentId,
  quizId: 'j1',
  questionId: 'j1-q1',
  choiceIds: ['b'],
});

describe('a quiz open until the end of the challenge', () => {
  it('given an agent on shifts, when they answer day 1’s quiz on day 3, then it counts exactly as on day 1', async () => {
    // Given two agents: one answers on Monday morning, the other on Wednesday evening
    const monday = await aChallengeOnDay('2026-11-23T10:00:00+01:00');
    const wednesday = await aChallengeOnDay('2026-11-25T21:30:00+01:00');

    // When
    const early = await answerQuestion(monday.deps, rightAnswer(monday.agentId));
    const late = await answerQuestion(wednesday.deps, rightAnswer(wednesday.agentId));

    // Then the same points, on the team's tally too
    expect(late.answer).toMatchObject({ correct: true, points: early.answer.points });
    expect(late.answer.points).toBe(2);
    expect(late.progress.state).toBe('open');
    expect(late.team?.memberTally).toMatchObject({ points: 2, events: 1 });
  });

  it('given the challenge’s last evening, when an agent answers, then it still counts', async () => {
    const { deps, agentId } = await aChallengeOnDay('2026-11-27T23:59:00+01:00');
    await expect(answerQuestion(deps, rightAnswer(agentId))).resolves.toMatchObject({
      answer: { points: 2 },
    });
  });

  it('given the challenge is over, when an agent answers, then it is refused saying so, and nothing counts', async () => {
    // Given Saturday 00:00, the challenge (Monday to Friday) is over
    const { deps, team, agentId } = await aChallengeOnDay('2026-11-28T00:00:00+01:00');

    // When
    const answer = answerQuestion(deps, rightAnswer(agentId));

    // Then: quiz_closed, with what a clear message needs (the challenge is over, its last day)
    await expect(answer).rejects.toMatchObject({
      code: 'quiz_closed',
      message: 'the challenge is over',
      details: { reason: 'challenge_over', date: '2026-11-27', time: '24:00' },
    });
    expect(await deps.events.answersOf('c1', agentId)).toEqual([]);
    expect((await deps.teams.get('c1', team.id))?.tallies[agentId]?.points ?? 0).toBe(0);
  });

  it('given an organiser set an earlier close, when an agent answers after it, then the close wins', async () => {
    // Given day 1's quiz closing at 18:00 by the organiser's choice, and 18:30 that day
    const { deps, agentId } = await aChallengeOnDay('2026-11-23T18:30:00+01:00', buildQuiz(1));

    // When / then
    await expect(answerQuestion(deps, rightAnswer(agentId))).rejects.toMatchObject({
      code: 'quiz_closed',
      details: { time: '18:00', date: '2026-11-23' },
    });
  });
});

/** The scheduler's sends on in-memory twins, with the ids of every send the fan-out was asked to start. */
function aScheduler(now: string) {
  const clock = clockAt(now);
  const queued = new QueuedFanOut({
    broadcasts: new MemoryBroadcastRepository(),
    queue: new MemoryDeliveryQueue(clock),
    clock,
    log: silentLogger,
    instanceId: 'instance-1',
  });
  const asked: SendRequest[] = [];
  const fanOut: FanOut = {
    start: (request) => {
      asked.push(request);
      return queued.start(request);
    },
    progress: () => queued.progress(),
    progressOf: (sendId) => queued.progressOf(sendId),
    cancel: (sendId, by) => queued.cancel(sendId, by),
  };
  const deps = memoryDeps({ clock, fanOut });
  const sendIds = () => asked.map((r) => `${r.kind}.${r.challengeId}.${r.subject}`);
  return { deps, clock, sendIds };
}

describe('the quiz card and its reminder, with quizzes open all week', () => {
  it('given day 1 and day 2 quizzes open until the end, when the scheduler ticks on day 2 afternoon, then only day 2’s card and reminder are due', async () => {
    // Given Tuesday 14:00:05, day 1's quiz still open (and its sends never started: the app was down on Monday)
    const { deps, sendIds } = aScheduler('2026-11-24T14:00:05+01:00');
    await givenChallenge(deps);
    await deps.quizzes.save(openUntilTheEnd(1));
    await deps.quizzes.save(openUntilTheEnd(2));
    await givenAgent(deps);

    // When
    await scheduledSends(deps, { reminderAt: '14:00' })();

    // Then Monday's card and reminder do not arrive on Tuesday: the card already in the chat still takes answers
    expect(sendIds()).toEqual(['quiz.c1.j2', 'reminder.c1.j2']);
  });

  it('given day 1’s reminder went at 14:00, when the scheduler ticks that evening and on a later day, then it is not asked for again', async () => {
    // Given the reminder started on Monday at 14:00
    const monday = aScheduler('2026-11-23T14:00:05+01:00');
    await givenChallenge(monday.deps);
    await monday.deps.quizzes.save(openUntilTheEnd(1));
    await givenAgent(monday.deps);
    const tick = scheduledSends(monday.deps, { reminderAt: '14:00' });
    await tick();

    // When the scheduler ticks at 20:00, and on Wednesday in an instance started that morning
    monday.clock.set('2026-11-23T20:00:00+01:00');
    await tick();
    monday.clock.set('2026-11-25T14:30:00+01:00');
    await scheduledSends(monday.deps, { reminderAt: '14:00' })();

    // Then Monday's card and reminder were asked for once: on their day
    expect(monday.sendIds()).toEqual(['quiz.c1.j1', 'reminder.c1.j1']);
  });
});

describe('the afternoon reminder of a quiz open until the end', () => {
  it('given one agent who answered everything and one who did not, when the reminder is built for each, then only the second gets it', async () => {
    // Given Monday 14:00, day 1's quiz open until Friday, two agents
    const deps = memoryDeps({ clock: clockAt('2026-11-23T14:00:05+01:00') });
    await givenChallenge(deps);
    await deps.quizzes.save(openUntilTheEnd(1));
    const done = await givenAgent(deps);
    const notYet = await givenAgent(deps);
    await givenAnswer(deps, done.id, { questionId: 'j1-q1' });
    await givenAnswer(deps, done.id, { questionId: 'j1-q2', choiceIds: ['a', 'c'] });
    const reminder = broadcastPayloads(deps).reminder;
    const send = buildSendClaim('instance-1', Date.parse('2026-11-23T14:00:05+01:00'), {
      id: 'reminder.c1.j1',
      kind: 'reminder',
    });
    const recipient = (agentId: string) => ({
      agentId,
      locale: 'fr' as const,
      conversationReference: '{}',
    });

    // When
    const [toDone, toNotYet] = await Promise.all([
      reminder(send, recipient(done.id)),
      reminder(send, recipient(notYet.id)),
    ]);

    // Then
    expect(toDone).toBeNull();
    expect(toNotYet).not.toBeNull();
  });
});

describe('the quiz card of a quiz open until the end', () => {
  const cardText = (locale: 'fr' | 'en', quiz: DailyQuiz) =>
    JSON.stringify(
      quizCard(locale, { challenge: buildChallenge(), quiz, state: 'open', answers: new Map() }),
    );

  it('given no organiser close, then it says until which day, never a countdown', () => {
    expect(cardText('fr', openUntilTheEnd(1))).toContain(
      'le quiz reste ouvert jusqu’à vendredi 27 novembre',
    );
    expect(cardText('en', openUntilTheEnd(1))).toContain('the quiz stays open until Friday');
    expect(cardText('fr', openUntilTheEnd(1))).not.toMatch(
      /\b(encore|restent?|il reste) \d+ ?(h|min)/,
    );
  });

  it('given an organiser close, then it says the time', () => {
    expect(cardText('fr', buildQuiz(1))).toContain('le quiz reste ouvert jusqu’à 18:00');
  });
});
