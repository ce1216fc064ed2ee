import type { Locale } from '../domain/agents';
import type { TrainingLink } from '../domain/challenge';
import {
  answerInsights,
  INSIGHTS_MIN_AGENTS,
  readTrainingLinks,
  trainingLinkOf,
  WEAK_SHARE,
  type GroupFigures,
  type InsightGroup,
  type ThemedAnswer,
} from '../domain/insights';
import { quizThemeName } from '../domain/library';
import { formatTwoDecimals } from '../domain/scoring';
import { currentChallenge } from './current-challenge';
import type { UseCaseDeps } from './deps';
import { requireOrganiser } from './organisers';

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'quizzes' | 'agents' | 'events' | 'clock' | 'organiserIds'
>;

/** One theme of the insights, named in both languages, with the training offer to propose when it is weak. */
export interface ThemeInsightView {
  /** The bank's theme key; '' for questions without a theme. */
  theme: string;
  name: Readonly<Record<Locale, string>>;
  /** Null when fewer than 5 agents answered the theme: nothing of it is shown. */
  overall: GroupFigures | null;
  groups: InsightGroup[];
  training: TrainingLink;
}

export interface AnswerInsights {
  generatedAt: string;
  challenge: { id: string; title: string };
  /** The fewest agents of a group whose figures are shown. */
  minAgents: number;
  /** A theme is weak below this share of right answers ("0.60"). */
  weakBelow: string;
  /** Answers counted (every theme, every group, shown or not). */
  answers: number;
  /** Weakest first; themes with nothing shown last. */
  themes: ThemeInsightView[];
}

/**
 * What the running challenge's answers teach, for organisers: per quiz theme, the share of right answers overall
 * and per direction under the k ≥ 5 rule (src/domain/insights.ts), each theme with its training offer.
 *
 * Reads the agents (their directions) and the challenge's events once each, as the final report does (scans: an
 * organiser's page, never an agent's), and the quizzes for the themes of their questions.
 */
export async function answerInsightsFor(
  deps: Deps,
  input: { callerId: string },
): Promise<AnswerInsights> {
  await requireOrganiser(deps, input.callerId);
  const challenge = await currentChallenge(deps);
  const directionOf = new Map<string, string | null>();
  const given: { agentId: string; questionId: string; correct: boolean }[] = [];
  const [quizzes] = await Promise.all([
    deps.quizzes.list(challenge.id),
    (async () => {
      for await (const agent of deps.agents.all())
        directionOf.set(agent.id, agent.direction?.trim() || null);
    })(),
    (async () => {
      for await (const event of deps.events.all(challenge.id)) {
        if (event.kind === 'answer')
          given.push({
            agentId: event.agentId,
            questionId: event.questionId,
            correct: event.correct,
          });
      }
    })(),
  ]);
  const themeOf = new Map(
    quizzes.flatMap((quiz) => quiz.questions.map((q) => [q.id, q.theme ?? ''] as const)),
  );
  // An answer to a question no longer in the bank (an import replaced it) counts under "other questions".
  const answers: ThemedAnswer[] = given.map((answer) => ({
    agentId: answer.agentId,
    theme: themeOf.get(answer.questionId) ?? '',
    correct: answer.correct,
  }));

  const themes = answerInsights(answers, (agentId) => directionOf.get(agentId) ?? null).map(
    (insight) => ({
      ...insight,
      name: quizThemeName(insight.theme || undefined),
      training: trainingLinkOf(challenge, insight.theme || '*'),
    }),
  );
  return {
    generatedAt: new Date(deps.clock.now()).toISOString(),
    challenge: { id: challenge.id, title: challenge.title },
    minAgents: INSIGHTS_MIN_AGENTS,
    weakBelow: formatTwoDecimals(WEAK_SHARE.right, WEAK_SHARE.of),
    answers: answers.length,
    themes,
  };
}

/**
 * Sets the running challenge's training links (replacing those it had; the defaults stay for the other themes),
 * organisers only; `links` as `readTrainingLinks` reads them.
 */
export async function setTrainingLinks(
  deps: Pick<UseCaseDeps, 'challenges' | 'agents' | 'organiserIds'>,
  input: { callerId: string; links: unknown },
): Promise<Record<string, TrainingLink>> {
  await requireOrganiser(deps, input.callerId);
  const links = readTrainingLinks(input.links);
  const challenge = await currentChallenge(deps);
  await deps.challenges.saveAsCurrent({ ...challenge, trainingLinks: links });
  return links;
}
