import { dateOfDay } from '../domain/challenge';
import { DomainError } from '../domain/errors';
import {
  allowsSeveralChoices,
  findQuestion,
  quizClose,
  quizIdForDay,
  quizState,
  validateChoices,
  type DailyQuiz,
  type QuizState,
} from '../domain/quiz';
import { compareFrench, foldText } from '../domain/text';
import { answerQuestion } from './answer-question';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';
import { requireOrganiser } from './organisers';

/**
 * Paper for those without Teams: a printable sheet of a day's quiz, and the organiser's entry of a sheet's answers
 * for an agent. An entered answer goes through the same use case as an answer in Teams (`answerQuestion`): the
 * same window, the same points, once per agent and question (a second entry is already_answered, 409), the same
 * tally carried to the team; the answer row keeps who entered it (`enteredBy`).
 */

/** Agents a search gives back at most (as attendance by hand). */
export const MAX_PAPER_CANDIDATES = 20;
const MAX_SEARCH_LENGTH = 100;
const MAX_AGENT_ID_LENGTH = 200;

/** A question as the sheet prints it: its text and choices, never the right answer nor the explanation. */
export interface SheetQuestion {
  id: string;
  text: string;
  choices: { id: string; text: string }[];
  /** Several choices may be right (tick every right one). */
  several: boolean;
}

/** A day's quiz as paper shows it. */
export interface PaperQuiz {
  quizId: string;
  day: number;
  /** Its local date (YYYY-MM-DD). */
  date: string;
  state: QuizState;
  /** When answers stop counting: the last local date, and an organiser's time that day (null: end of the day). */
  closes: { lastDate: string; time: string | null };
  questions: SheetQuestion[];
}

export interface PaperSheet {
  challenge: { id: string; title: string };
  quiz: PaperQuiz;
}

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'quizzes' | 'agents' | 'events' | 'teams' | 'clock' | 'organiserIds'
>;

function paperQuiz(
  challenge: Parameters<typeof quizClose>[0],
  quiz: DailyQuiz,
  now: number,
): PaperQuiz {
  const close = quizClose(challenge, quiz);
  return {
    quizId: quiz.id,
    day: quiz.day,
    date: dateOfDay(challenge, quiz.day),
    state: quizState(challenge, quiz, now),
    closes: { lastDate: close.lastDate, time: close.time },
    questions: quiz.questions.map((q) => ({
      id: q.id,
      text: q.text,
      choices: q.choices.map((c) => ({ id: c.id, text: c.text })),
      several: allowsSeveralChoices(q),
    })),
  };
}

/** The quiz of a challenge day (1-based), or quiz_unknown. */
async function quizOfDay(deps: Pick<Deps, 'challenges' | 'quizzes'>, day: number) {
  const challenge = await currentChallenge(deps);
  const quiz =
    Number.isInteger(day) && day >= 1 && day <= challenge.days
      ? await deps.quizzes.get(challenge.id, quizIdForDay(day))
      : null;
  if (!quiz) throw new DomainError('quiz_unknown', `no quiz on day ${String(day).slice(0, 10)}`);
  return { challenge, quiz };
}

/** The printable sheet of a day's quiz (organisers only): questions and choices, no answers. */
export async function paperSheet(
  deps: Deps,
  input: { callerId: string; day: number },
): Promise<PaperSheet> {
  await requireOrganiser(deps, input.callerId);
  const { challenge, quiz } = await quizOfDay(deps, input.day);
  return {
    challenge: { id: challenge.id, title: challenge.title },
    quiz: paperQuiz(challenge, quiz, deps.clock.now()),
  };
}

/** The paper entry screen's data (organisers only): every quiz of the challenge, and today's day. */
export async function paperQuizzes(
  deps: Deps,
  input: { callerId: string },
): Promise<{ challenge: { id: string; title: string }; quizzes: PaperQuiz[] }> {
  await requireOrganiser(deps, input.callerId);
  const challenge = await currentChallenge(deps);
  const now = deps.clock.now();
  const quizzes = await deps.quizzes.list(challenge.id);
  return {
    challenge: { id: challenge.id, title: challenge.title },
    quizzes: quizzes.map((quiz) => paperQuiz(challenge, quiz, now)),
  };
}

/** An agent an organiser may enter a sheet for, with the questions of the day they already answered. */
export interface PaperCandidate {
  id: string;
  name: string;
  direction: string | null;
  /** Questions of the quiz already answered (in Teams or on paper): entering them again changes nothing. */
  answered: string[];
}

/**
 * Agents whose name holds every word of `search` (case and accents aside), at most 20, by name, each with the
 * questions of the day's quiz they already answered (point reads of their own partition).
 */
export async function paperCandidates(
  deps: Deps,
  input: { callerId: string; day: number; search: string },
): Promise<PaperCandidate[]> {
  await requireOrganiser(deps, input.callerId);
  const { challenge, quiz } = await quizOfDay(deps, input.day);
  const words = foldText(input.search.slice(0, MAX_SEARCH_LENGTH)).split(' ').filter(Boolean);
  // The one scan of agents on this request path: organisers only, a row per agent of one collectivity.
  const matches: Omit<PaperCandidate, 'answered'>[] = [];
  for await (const agent of deps.agents.all()) {
    const name = agent.name || agent.id;
    const folded = foldText(name);
    if (!words.every((word) => folded.includes(word))) continue;
    matches.push({ id: agent.id, name, direction: agent.direction?.trim() || null });
  }
  const chosen = matches
    .sort((a, b) => compareFrench(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_PAPER_CANDIDATES);
  const questionIds = quiz.questions.map((q) => q.id);
  const answered = await Promise.all(
    chosen.map((agent) => deps.events.answersTo(challenge.id, agent.id, questionIds)),
  );
  return chosen.map((agent, i) => ({ ...agent, answered: answered[i]!.map((a) => a.questionId) }));
}

export interface PaperEntry {
  agent: { id: string; name: string };
  /** Answers counted now, in the sheet's order, as in Teams. */
  recorded: { questionId: string; correct: boolean; points: number }[];
  /** Questions the agent had already answered (in Teams or on paper): nothing changed for them. */
  already: string[];
  /** The agent's team after the entry, if they have one. */
  team: { id: string; name: string } | null;
}

/** The answers of one sheet, each once, with known questions and valid choices; nothing is recorded otherwise. */
function readSheetAnswers(
  quiz: DailyQuiz,
  answers: unknown,
): { questionId: string; choiceIds: string[] }[] {
  if (!Array.isArray(answers) || answers.length === 0 || answers.length > quiz.questions.length) {
    throw new DomainError('choice_invalid', 'answers: one entry per ticked question of the sheet');
  }
  const seen = new Set<string>();
  return answers.map((raw: unknown) => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const questionId = typeof entry.questionId === 'string' ? entry.questionId : '';
    const choices = Array.isArray(entry.choiceIds) ? entry.choiceIds : [];
    if (seen.has(questionId) || !choices.every((c) => typeof c === 'string'))
      throw new DomainError('choice_invalid', 'a question twice, or a choice that is not an id');
    seen.add(questionId);
    const question = findQuestion(quiz, questionId);
    return { questionId, choiceIds: validateChoices(question, choices as string[]) };
  });
}

/**
 * Enters a paper sheet's answers for an agent (organisers only): each through `answerQuestion`, marked as entered
 * by the caller. The whole sheet is checked first (quiz open, questions and choices valid), so a typing mistake
 * records nothing. Questions already answered are listed and change nothing; when every one was, it is
 * already_answered (409).
 */
export async function recordPaperAnswers(
  deps: UseCaseDeps,
  input: { callerId: string; day: number; agentId: string; answers: unknown },
): Promise<PaperEntry> {
  await requireOrganiser(deps, input.callerId);
  const { challenge, quiz } = await quizOfDay(deps, input.day);
  const agent =
    input.agentId && input.agentId.length <= MAX_AGENT_ID_LENGTH
      ? await deps.agents.get(input.agentId)
      : null;
  if (!agent)
    throw new DomainError('agent_unknown', 'no such agent', { agent: input.agentId.slice(0, 40) });
  const answers = readSheetAnswers(quiz, input.answers);

  const entry: PaperEntry = {
    agent: { id: agent.id, name: agent.name || agent.id },
    recorded: [],
    already: [],
    team: null,
  };
  // One after another: they share the agent's tally row, which each answer grows.
  for (const answer of answers) {
    try {
      const outcome = await answerQuestion(deps, {
        agentId: agent.id,
        challengeId: challenge.id,
        quizId: quiz.id,
        questionId: answer.questionId,
        choiceIds: answer.choiceIds,
        enteredBy: input.callerId,
      });
      entry.recorded.push({
        questionId: answer.questionId,
        correct: outcome.answer.correct,
        points: outcome.answer.points,
      });
      if (outcome.team && entry.team?.id !== outcome.team.id) {
        // The organiser's screen names the team credited: one read per sheet (not the agents' hot path).
        const team = await deps.teams.get(challenge.id, outcome.team.id);
        if (team) entry.team = { id: team.id, name: team.name };
      }
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'already_answered') throw error;
      entry.already.push(answer.questionId);
    }
  }
  if (entry.recorded.length === 0) {
    throw new DomainError('already_answered', 'every question of this sheet was already answered', {
      question: entry.already.join(', ').slice(0, 200),
      agent: entry.agent.name,
    });
  }
  return entry;
}
