import { card, speakOf, text } from '../../../../src/bot/cards/adaptive';
import { quizCard } from '../../../../src/bot/cards/quiz-card';
import { buildChallenge, buildQuiz } from '../../../support/builders';

describe('what a card says to a screen reader or a voice assistant', () => {
  it('given a heading and lines with Markdown, then speak is their plain text, in order', () => {
    const built = card([
      text('Quiz du **jour 2**', { style: 'heading' }),
      text('Lisez la [charte](https://example.org) et répondez'),
    ]);
    expect(built.speak).toBe('Quiz du jour 2. Lisez la charte et répondez');
  });

  it('given a long card, then speak stops before 300 characters at a line boundary', () => {
    const long = Array.from({ length: 20 }, (_, i) =>
      text(`Ligne numéro ${i} d’un texte assez long.`),
    );
    const speech = speakOf(long);
    expect(speech.length).toBeLessThanOrEqual(300);
    expect(speech.endsWith('.')).toBe(true);
  });

  it('given the morning quiz card, then it says its title and first question, with no Markdown left', () => {
    const quiz = buildQuiz(1);
    const built = quizCard('fr', {
      challenge: buildChallenge(),
      quiz,
      state: 'open',
      answers: new Map(),
    });
    expect(built.speak).toContain(quiz.questions[0]!.text.replace(/[*_`]/g, ''));
    expect(built.speak).not.toMatch(/[*_`]|\]\(/);
  });
});

describe('contrast in the cards', () => {
  it('given the quiz card after a right and a wrong answer, then no text is coloured Good, Attention or Warning (under AA on white and on the pale containers)', () => {
    const quiz = buildQuiz(1);
    const question = quiz.questions[0]!;
    for (const correct of [true, false]) {
      const answer = {
        questionId: question.id,
        quizId: quiz.id,
        choiceIds: ['b'],
        correct,
        points: correct ? 2 : 0,
        at: '2026-11-23T09:30:00.000Z',
      };
      const built = quizCard(
        'fr',
        {
          challenge: buildChallenge(),
          quiz,
          state: 'open',
          answers: new Map([[question.id, answer]]),
        },
        { feedback: { question, answer } },
      );
      expect(JSON.stringify(built)).not.toMatch(/"color":"(Good|Attention|Warning)"/);
    }
  });
});

describe('the quiz card’s instruction', () => {
  it('given a question with several right answers, then the checkboxes carry one instruction, said once', () => {
    const quiz = buildQuiz(1);
    const several = quiz.questions.find((q) => q.correct.length > 1)!;
    const built = quizCard('fr', {
      challenge: buildChallenge(),
      quiz: { ...quiz, questions: [several] },
      state: 'open',
      answers: new Map(),
    });
    const json = JSON.stringify(built);
    expect(json).toContain('"label":"Cochez une ou plusieurs réponses"');
    expect(json).not.toContain('Choisissez une réponse');
    expect(json).not.toContain('Plusieurs réponses possibles');
  });
});
