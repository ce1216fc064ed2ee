import type { Locale } from '../../domain/agents';
import { dateOfDay } from '../../domain/challenge';
import type { RecordedAnswer } from '../../domain/ports';
import { allowsSeveralChoices, quizClose, type Question } from '../../domain/quiz';
import type { QuizProgress } from '../../usecases/quiz-progress';
import { dateText, rankText, t } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  universalAction,
} from './adaptive';

export const QUIZ_ANSWER_VERB = 'quiz.answer';

/** What the agent just did, shown above the next question; a notice tells why an action was refused. */
export interface QuizFeedback {
  question: Question;
  answer: RecordedAnswer;
  teamName?: string;
  rank?: { rank: number; teams: number };
}

/**
 * The words and date format of "when the source was checked", kept beside the card that shows them: the message
 * catalogue has `quiz.source` ("Source : {title}"), and the date follows the title in brackets.
 */
const CONSULTED_ON: Record<Locale, { words: string; date: Intl.DateTimeFormat }> = {
  fr: {
    words: 'consultée le {date}',
    date: new Intl.DateTimeFormat('fr-FR', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  },
  en: {
    words: 'consulted on {date}',
    date: new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  },
};

/** "consultée le 27/11/2026" / "consulted on 27 November 2026"; '' for a source without a (valid) date. */
export function consultedOnText(locale: Locale, consultedOn: string | undefined): string {
  if (!consultedOn || !/^\d{4}-\d{2}-\d{2}$/.test(consultedOn)) return '';
  const { words, date } = CONSULTED_ON[locale];
  return words.replace('{date}', date.format(new Date(`${consultedOn}T12:00:00Z`)));
}

/** The source line under the explanation: "Source : ADEME (consultée le 27/11/2026) — [Lire la source](…)". */
function sourceLine(locale: Locale, source: Question['source']): string {
  const consulted = consultedOnText(locale, source.consultedOn);
  const title = escapeMarkdown(source.title) + (consulted ? ` (${consulted})` : '');
  return `${t(locale, 'quiz.source', { title })} — [${t(locale, 'quiz.readSource')}](${source.url})`;
}

function choiceTexts(question: Question, ids: readonly string[]): string {
  return question.choices
    .filter((c) => ids.includes(c.id))
    .map((c) => `« ${c.text} »`)
    .join(', ');
}

function feedbackBlock(locale: Locale, feedback: QuizFeedback, hasTeam: boolean): CardElement {
  const { question, answer } = feedback;
  const items: CardElement[] = [
    text(answer.correct ? t(locale, 'quiz.right') : t(locale, 'quiz.wrong'), {
      weight: 'Bolder',
      size: 'Medium',
    }),
    text(escapeMarkdown(question.text), { isSubtle: true, spacing: 'Small' }),
  ];
  if (!answer.correct) {
    items.push(
      text(
        t(locale, 'quiz.yourAnswer', {
          answer: escapeMarkdown(choiceTexts(question, answer.choiceIds)),
        }),
      ),
    );
  }
  items.push(
    text(
      t(locale, 'quiz.correctWas', {
        answer: escapeMarkdown(choiceTexts(question, question.correct)),
      }),
      { weight: 'Bolder' },
    ),
    text(escapeMarkdown(question.explanation)),
    text(sourceLine(locale, question.source), { size: 'Small', isSubtle: true }),
    text(t(locale, hasTeam ? 'quiz.points' : 'quiz.points.noTeam', { points: answer.points }), {
      spacing: 'Medium',
    }),
  );
  if (feedback.teamName && feedback.rank) {
    items.push(
      text(
        t(locale, 'quiz.teamRank', {
          team: escapeMarkdown(feedback.teamName),
          rank: rankText(locale, feedback.rank.rank),
          teams: feedback.rank.teams,
        }),
      ),
    );
  }
  return { type: 'Container', style: answer.correct ? 'good' : 'attention', items };
}

function questionBlock(
  locale: Locale,
  progress: QuizProgress,
  question: Question,
): { body: CardElement[]; actions: CardAction[] } {
  const index = progress.quiz.questions.indexOf(question) + 1;
  const several = allowsSeveralChoices(question);
  const data = {
    challengeId: progress.challenge.id,
    quizId: progress.quiz.id,
    questionId: question.id,
  };
  return {
    body: [
      text(t(locale, 'quiz.counter', { index, total: progress.quiz.questions.length }), {
        weight: 'Bolder',
        isSubtle: true,
        spacing: 'Medium',
      }),
      text(escapeMarkdown(question.text), { size: 'Medium', weight: 'Bolder' }),
      // One instruction, on the choices themselves: "tick one or more" over checkboxes, "choose one" over radios.
      {
        type: 'Input.ChoiceSet',
        id: 'choice',
        label: t(locale, several ? 'quiz.pickSeveral' : 'quiz.pick'),
        style: 'expanded',
        isMultiSelect: several,
        isRequired: true,
        errorMessage: t(locale, several ? 'quiz.pickSeveral' : 'quiz.pick'),
        choices: question.choices.map((c) => ({ title: c.text, value: c.id })),
      },
    ],
    actions: [universalAction(t(locale, 'quiz.submit'), QUIZ_ANSWER_VERB, data, 'positive')],
  };
}

/**
 * The agent's one card of the day: the result of what they just answered, then the next question, or the day's
 * summary. Built from the stored answers, so the same card comes out however often it is rebuilt.
 */
export function quizCard(
  locale: Locale,
  progress: QuizProgress,
  options: { feedback?: QuizFeedback; notice?: string; hasTeam?: boolean } = {},
): AdaptiveCard {
  const { feedback, notice, hasTeam = true } = options;
  const { quiz, state, answers } = progress;
  const date = dateOfDay(progress.challenge, quiz.day);
  const body: CardElement[] = [
    text(t(locale, 'quiz.title', { day: dateText(locale, date) }), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
  ];
  if (notice) body.push(text(notice, { weight: 'Bolder' }));
  if (feedback) body.push(feedbackBlock(locale, feedback, hasTeam));

  const next = quiz.questions.find((q) => !answers.has(q.id));
  let actions: CardAction[] = [];
  if (next && state === 'open') {
    const block = questionBlock(locale, progress, next);
    // Until an organiser's time, or the challenge's last day: a plain date, never a countdown.
    const close = quizClose(progress.challenge, quiz);
    body.push(
      ...block.body,
      text(t(locale, 'quiz.noRush', { time: close.time ?? dateText(locale, close.lastDate) }), {
        size: 'Small',
        isSubtle: true,
      }),
    );
    actions = block.actions;
  } else if (next && state === 'upcoming') {
    body.push(text(t(locale, 'quiz.upcoming', { time: quiz.sendAt })));
  } else if (next) {
    body.push(text(t(locale, 'quiz.closed')));
  } else {
    const given = [...answers.values()];
    body.push(
      text(
        t(locale, 'quiz.done', {
          total: quiz.questions.length,
          right: given.filter((a) => a.correct).length,
          points: given.reduce((sum, a) => sum + a.points, 0),
        }),
        { spacing: 'Medium' },
      ),
    );
  }
  return card(body, actions, locale);
}
