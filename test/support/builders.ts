import type { Challenge } from '../../src/domain/challenge';
import type { DailyQuiz, Question } from '../../src/domain/quiz';
import { DEFAULT_SCORING } from '../../src/domain/scoring';

/** Builders of domain values for tests: sensible defaults, overridden where the test cares. */

export function buildChallenge(overrides: Partial<Challenge> = {}): Challenge {
  return {
    id: 'c1',
    title: 'Défi test',
    startDate: '2026-11-23',
    days: 5,
    timeZone: 'Europe/Paris',
    scoring: { ...DEFAULT_SCORING },
    maxTeamSize: 12,
    ...overrides,
  };
}

export function buildQuestion(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    text: `Question ${id} ?`,
    choices: [
      { id: 'a', text: 'Réponse A' },
      { id: 'b', text: 'Réponse B' },
      { id: 'c', text: 'Réponse C' },
    ],
    correct: ['b'],
    explanation: `Parce que B, pour ${id}.`,
    source: { title: 'ADEME', url: 'https://www.ademe.fr/' },
    ...overrides,
  };
}

export function buildQuiz(day: number, overrides: Partial<DailyQuiz> = {}): DailyQuiz {
  return {
    id: `j${day}`,
    challengeId: 'c1',
    day,
    sendAt: '09:00',
    closeAt: '18:00',
    questions: [buildQuestion(`j${day}-q1`), buildQuestion(`j${day}-q2`, { correct: ['a', 'c'] })],
    ...overrides,
  };
}
