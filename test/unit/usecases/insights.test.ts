import { memoryDeps } from '../../../src/storage/memory';
import { answerInsightsFor, setTrainingLinks } from '../../../src/usecases/insights';
import {
  buildQuestion,
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenQuiz,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Five agents of one direction, each answering j1-q1 (cybersecurity) and j1-q9, a question no longer in the bank. */
async function aWeekOfAnswers() {
  const deps = memoryDeps({ clock: clockAt('2026-11-27T18:00:00+01:00'), organiserIds: ['orga'] });
  await givenChallenge(deps);
  await givenQuiz(deps, 1, {
    questions: [buildQuestion('j1-q1', { theme: 'cybersecurite' }), buildQuestion('j1-q2')],
  });
  for (let i = 0; i < 5; i += 1) {
    const agent = await givenAgent(deps, { id: `a${i}`, direction: 'DSI' });
    await givenAnswer(deps, agent.id, {
      questionId: 'j1-q1',
      correct: i < 2,
      points: i < 2 ? 2 : 1,
    });
    await givenAnswer(deps, agent.id, { questionId: 'j1-q9', correct: true });
  }
  return deps;
}

describe('what the answers teach, for organisers', () => {
  it('given a week of answers, when an organiser asks, then each theme comes named, with its offer', async () => {
    // Given
    const deps = await aWeekOfAnswers();

    // When
    const insights = await answerInsightsFor(deps, { callerId: 'orga' });

    // Then the weak theme first, with its training offer; an answer to a removed question under "other questions"
    expect(insights.answers).toBe(10);
    expect(insights.weakBelow).toBe('0.60');
    expect(
      insights.themes.map((t) => [t.theme, t.name.fr, t.overall?.share, t.training.url]),
    ).toEqual([
      ['cybersecurite', 'Cybersécurité', '0.40', 'https://secnumacademie.gouv.fr/'],
      ['', 'Autres questions', '1.00', 'https://www.cnfpt.fr/'],
    ]);
    expect(insights.themes[0]!.groups).toEqual([
      expect.objectContaining({ kind: 'direction', direction: 'DSI', agents: 5 }),
    ]);
  });

  it('given an agent who does not organise, when they ask, then it is refused', async () => {
    const deps = await aWeekOfAnswers();
    await expect(answerInsightsFor(deps, { callerId: 'a1' })).rejects.toMatchObject({
      code: 'not_organiser',
    });
    await expect(setTrainingLinks(deps, { callerId: 'a1', links: {} })).rejects.toMatchObject({
      code: 'not_organiser',
    });
  });

  it('given an organiser’s own offer for a theme, then it replaces the default of that theme only', async () => {
    const deps = await aWeekOfAnswers();
    await setTrainingLinks(deps, {
      callerId: 'orga',
      links: { cybersecurite: { label: 'Notre module', url: 'https://formation.ville.fr/cyber' } },
    });
    const insights = await answerInsightsFor(deps, { callerId: 'orga' });
    expect(insights.themes.map((t) => t.training.url)).toEqual([
      'https://formation.ville.fr/cyber',
      'https://www.cnfpt.fr/',
    ]);
  });
});
