import type { Challenge } from './challenge';
import { challengeEndsAt, dateOfDay } from './challenge';
import { DomainError } from './errors';
import { addDays, zonedInstant } from './time';

export interface Choice {
  id: string;
  text: string;
}

export interface Question {
  id: string;
  text: string;
  choices: Choice[];
  /** Every correct choice id: an answer is right when it picks exactly this set. */
  correct: string[];
  explanation: string;
  source: QuestionSource;
  theme?: string;
}

/** Where a question's answer comes from, and when someone last checked that the page still says so. */
export interface QuestionSource {
  title: string;
  url: string;
  /** YYYY-MM-DD. Required of the bundled bank by its content test; optional in imported banks. */
  consultedOn?: string;
}

/** One day's quiz of a challenge. */
export interface DailyQuiz {
  /** `j<day>`, unique within the challenge. */
  id: string;
  challengeId: string;
  day: number;
  /** Local send time (HH:MM) in the challenge's time zone. */
  sendAt: string;
  /**
   * An earlier close an organiser set (HH:MM, the quiz's own day). Absent: the quiz stays open until the end of
   * the challenge, so that agents on shifts, part-time or in the field can answer another day (points count the
   * same).
   */
  closeAt?: string;
  questions: Question[];
}

/** The id of a day's quiz: `j1` for day 1. */
export function quizIdForDay(day: number): string {
  return `j${day}`;
}

/** The instants a day's quiz opens (its send time) and closes (the organiser's close, else the challenge's end). */
export function quizWindow(
  challenge: Challenge,
  quiz: DailyQuiz,
): { opensAt: number; closesAt: number } {
  const date = dateOfDay(challenge, quiz.day);
  return {
    opensAt: zonedInstant(date, quiz.sendAt, challenge.timeZone),
    closesAt: quiz.closeAt
      ? zonedInstant(date, quiz.closeAt, challenge.timeZone)
      : challengeEndsAt(challenge),
  };
}

/** When a quiz closes, in the words of a message: the last local date it can be answered, and the time. */
export interface QuizClose {
  /** The instant answers stop counting. */
  at: number;
  /** The last local date (YYYY-MM-DD) an answer counts. */
  lastDate: string;
  /** The organiser's close time (HH:MM) that day; null when the quiz stays open to the end of the challenge. */
  time: string | null;
}

/** The close of a quiz as people read it ("until 18:00" or "until the end of the challenge, Friday"). */
export function quizClose(challenge: Challenge, quiz: DailyQuiz): QuizClose {
  const { closesAt } = quizWindow(challenge, quiz);
  return quiz.closeAt
    ? { at: closesAt, lastDate: dateOfDay(challenge, quiz.day), time: quiz.closeAt }
    : { at: closesAt, lastDate: dateOfDay(challenge, challenge.days), time: null };
}

/**
 * When the scheduler may send a day's quiz card and its reminder: on the quiz's own day only (from its send time
 * to the end of that day, or its earlier close). A quiz left open for the rest of the week is answered from the
 * card already in the chat, never sent again on a later day.
 */
export function quizSendingWindow(
  challenge: Challenge,
  quiz: DailyQuiz,
): { opensAt: number; endsAt: number } {
  const { opensAt, closesAt } = quizWindow(challenge, quiz);
  const nextDay = addDays(dateOfDay(challenge, quiz.day), 1);
  return {
    opensAt,
    endsAt: Math.min(closesAt, zonedInstant(nextDay, '00:00', challenge.timeZone)),
  };
}

export type QuizState = 'upcoming' | 'open' | 'closed';

/** Whether a day's quiz is still to come, open for answers, or closed at `now`. */
export function quizState(challenge: Challenge, quiz: DailyQuiz, now: number): QuizState {
  const { opensAt, closesAt } = quizWindow(challenge, quiz);
  if (now < opensAt) return 'upcoming';
  return now < closesAt ? 'open' : 'closed';
}

/** The question, or a question_unknown error. */
export function findQuestion(quiz: DailyQuiz, questionId: string): Question {
  const question = quiz.questions.find((q) => q.id === questionId);
  if (!question)
    throw new DomainError('question_unknown', `question "${questionId}" is not in this quiz`);
  return question;
}

/** Checks picked choices against the question (non-empty, known, no repeats) and returns them sorted. */
export function validateChoices(question: Question, choiceIds: readonly string[]): string[] {
  const picked = [...new Set(choiceIds)].sort();
  if (picked.length === 0 || picked.length !== choiceIds.length) {
    throw new DomainError('choice_invalid', 'no choice or a repeated choice');
  }
  if (question.correct.length === 1 && picked.length > 1) {
    throw new DomainError('choice_invalid', 'this question takes one choice');
  }
  const known = new Set(question.choices.map((c) => c.id));
  const unknown = picked.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new DomainError(
      'choice_invalid',
      `choice "${unknown}" is not in question "${question.id}"`,
    );
  }
  return picked;
}

/** Right when the picked set is exactly the correct set. */
export function isCorrect(question: Question, picked: readonly string[]): boolean {
  const correct = new Set(question.correct);
  const chosen = new Set(picked);
  return (
    chosen.size === picked.length &&
    chosen.size === correct.size &&
    picked.every((id) => correct.has(id))
  );
}

/** Whether the question has several right choices (the agent may then pick more than one). */
export function allowsSeveralChoices(question: Question): boolean {
  return question.correct.length > 1;
}
