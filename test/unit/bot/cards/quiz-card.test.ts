import { consultedOnText, quizCard } from '../../../../src/bot/cards/quiz-card';
import type { RecordedAnswer } from '../../../../src/domain/ports';
import type { QuizProgress } from '../../../../src/usecases/quiz-progress';
import { buildChallenge, buildQuestion, buildQuiz } from '../../../support/builders';

/** The card an agent sees right after answering j1-q1 of a quiz whose first source is as given. */
function cardAfterAnswering(
  locale: 'fr' | 'en',
  source: { title: string; url: string; consultedOn?: string },
) {
  const question = buildQuestion('j1-q1', { source });
  const quiz = buildQuiz(1, { questions: [question, buildQuestion('j1-q2')] });
  const answer: RecordedAnswer = {
    questionId: 'j1-q1',
    quizId: 'j1',
    choiceIds: ['b'],
    correct: true,
    points: 2,
    at: '2026-11-23T09:30:00.000Z',
  };
  const progress: QuizProgress = {
    challenge: buildChallenge(),
    quiz,
    state: 'open',
    answers: new Map([['j1-q1', answer]]),
  };
  return JSON.stringify(quizCard(locale, progress, { feedback: { question, answer } }));
}

describe('the quiz card after an answer', () => {
  const source = {
    title: 'CNIL',
    url: 'https://www.cnil.fr/fr/gerer-la-duree-de-conservation-des-donnees',
    consultedOn: '2026-11-27',
  };

  it('cites the source with the day it was consulted, in the agent’s language', () => {
    expect(cardAfterAnswering('fr', source)).toContain(
      `Source : CNIL (consultée le 27/11/2026) — [Lire la source](${source.url})`,
    );
    expect(cardAfterAnswering('en', source)).toContain(
      `Source: CNIL (consulted on 27 November 2026) — [Read the source](${source.url})`,
    );
  });

  it('cites a source without a date (an older imported bank) as before', () => {
    const card = cardAfterAnswering('fr', { title: 'ADEME', url: 'https://www.ademe.fr/' });
    expect(card).toContain('Source : ADEME — [Lire la source](https://www.ademe.fr/)');
    expect(card).not.toContain('consultée');
  });
});

describe('consultedOnText', () => {
  it('says nothing of a missing or malformed date', () => {
    expect(consultedOnText('fr', undefined)).toBe('');
    expect(consultedOnText('en', '27/11/2026')).toBe('');
    expect(consultedOnText('fr', '2026-01-05')).toBe('consultée le 05/01/2026');
  });
});
