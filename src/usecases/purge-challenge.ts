import type { Challenge } from '../domain/challenge';
import { answerInsights, INSIGHTS_MIN_AGENTS, type ThemedAnswer } from '../domain/insights';
import type { ChallengeRepository, RetentionStore } from '../domain/ports';
import {
  isPurgeDue,
  PURGE_STEPS,
  purgeDueDate,
  SHARED_PURGE_STEPS,
  type PurgeStep,
  type RetainedDirection,
  type RetainedFigures,
} from '../domain/retention';
import type { UseCaseDeps } from './deps';
import { finalReport } from './final-report';

/**
 * The retention purge (GDPR storage limitation, docs/rgpd.md § 10): once a challenge ended `months` ago, its
 * anonymous figures are kept and every personal row of it is deleted. Crash-safe and idempotent by order:
 *
 * 1. the figures are computed from the full data and written **once** (a rerun never recomputes them from what is
 *    left);
 * 2. each step deletes its rows (a rerun finds only what a crash left);
 * 3. the challenge is marked purged, and the daily pass no longer looks at it.
 */

type Deps = Pick<
  UseCaseDeps,
  'challenges' | 'teams' | 'agents' | 'events' | 'workshops' | 'quizzes' | 'signups' | 'clock'
> & { retention: RetentionStore };

export interface PurgeStepReport {
  step: PurgeStep;
  /** Rows deleted (materials: rows whose author was removed); with `dryRun`, rows that would be. */
  rows: number;
}

export interface ChallengePurge {
  challengeId: string;
  /** The local date from which the challenge is due (its last day + the retention months). */
  dueOn: string;
  /**
   * not_due: kept as it is; already_purged: done before, nothing to do; purged: done now; would_purge: the dry
   * run's count of what a purge would delete now.
   */
  outcome: 'not_due' | 'already_purged' | 'purged' | 'would_purge';
  /**
   * Whether this run computed and stored the figures; false when an earlier, interrupted run had (they are kept as
   * they were). Two runs at once both say true, and the first one's figures are kept.
   */
  figuresWritten: boolean;
  steps: PurgeStepReport[];
  /** The anonymous figures kept (or, dry run, that would be); null when not due. */
  figures: RetainedFigures | null;
}

/** Purges every stored challenge whose retention has run out (the daily pass and `npm run cli -- purge`). */
export async function purgeDueChallenges(
  deps: Deps,
  options: { months: number; dryRun?: boolean },
): Promise<ChallengePurge[]> {
  const reports: ChallengePurge[] = [];
  for (const challengeId of (await deps.retention.challengeIds()).sort()) {
    reports.push(await purgeChallenge(deps, { challengeId, ...options }));
  }
  return reports;
}

/** Purges one challenge if it is due (see the module's comment for the order that makes it safe to rerun). */
export async function purgeChallenge(
  deps: Deps,
  options: { challengeId: string; months: number; dryRun?: boolean },
): Promise<ChallengePurge> {
  const dryRun = options.dryRun === true;
  const challenge = await deps.challenges.get(options.challengeId);
  if (!challenge) throw new Error(`no challenge "${options.challengeId}"`);
  const report: ChallengePurge = {
    challengeId: challenge.id,
    dueOn: purgeDueDate(challenge, options.months),
    outcome: 'not_due',
    figuresWritten: false,
    steps: [],
    figures: null,
  };
  if (!isPurgeDue(challenge, options.months, deps.clock.now())) return report;
  const kept = await deps.retention.figures(challenge.id);
  if (kept?.purgedAt) {
    return { ...report, outcome: 'already_purged', figures: kept.figures };
  }

  let figures = kept?.figures ?? null;
  if (!figures) {
    const computed = await retainedFigures(deps, challenge);
    if (dryRun) figures = computed;
    else {
      // Another run may have written them meanwhile: then those are the ones kept.
      figures = (await deps.retention.keepFigures(computed)).figures;
      report.figuresWritten = true;
    }
  }

  // Rows every challenge shares (agents, the directory's leavers) go only when no newer challenge runs.
  const current = await deps.challenges.current();
  const shared = current === null || current.id === challenge.id;
  for (const step of PURGE_STEPS) {
    if (SHARED_PURGE_STEPS.has(step) && !shared) continue;
    report.steps.push({ step, rows: await deps.retention.purge(challenge.id, step, { dryRun }) });
  }
  if (!dryRun)
    await deps.retention.markPurged(challenge.id, new Date(deps.clock.now()).toISOString());
  return { ...report, outcome: dryRun ? 'would_purge' : 'purged', figures };
}

/**
 * The anonymous figures of a challenge, from the final report's aggregates (src/usecases/final-report.ts) and the
 * insights' k ≥ 5 rule (src/domain/insights.ts), with every name and id left out.
 */
export async function retainedFigures(
  deps: Omit<Deps, 'retention'>,
  challenge: Challenge,
): Promise<RetainedFigures> {
  // The final report reads the running challenge: it is shown this one, whichever is current.
  const thisChallenge: ChallengeRepository = {
    current: async () => challenge,
    get: (id) => deps.challenges.get(id),
    saveAsCurrent: async () => {
      throw new Error('the purge never saves a challenge');
    },
  };
  const report = await finalReport({ ...deps, challenges: thisChallenge });

  const directionOf = new Map<string, string | null>();
  for await (const agent of deps.agents.all())
    directionOf.set(agent.id, agent.direction?.trim() || null);
  const themeOf = new Map(
    (await deps.quizzes.list(challenge.id)).flatMap((quiz) =>
      quiz.questions.map((q) => [q.id, q.theme ?? ''] as const),
    ),
  );
  const answers: ThemedAnswer[] = [];
  const participations: ThemedAnswer[] = [];
  const seen = new Set<string>();
  let checkins = 0;
  for await (const event of deps.events.all(challenge.id)) {
    if (event.kind === 'answer') {
      answers.push({
        agentId: event.agentId,
        theme: themeOf.get(event.questionId) ?? '',
        correct: event.correct,
      });
    } else checkins += 1;
    // One participation per (agent, quiz) and (agent, workshop), as the final report counts them.
    const key =
      event.kind === 'answer'
        ? `q|${event.agentId}|${event.quizId}`
        : `w|${event.agentId}|${event.workshopId}`;
    if (!seen.has(key)) {
      seen.add(key);
      participations.push({ agentId: event.agentId, theme: '', correct: false });
    }
  }
  const directionOfAgent = (agentId: string) => directionOf.get(agentId) ?? null;

  // Participation per direction under the same k ≥ 5 rule as the answers: counted as one "theme" whose agents
  // are the participants and whose answers are the participations, so small directions merge the same way.
  const [participation] = answerInsights(participations, directionOfAgent);
  const byDirection: RetainedDirection[] = (participation?.groups ?? []).map((group) =>
    group.kind === 'direction'
      ? {
          kind: 'direction',
          direction: group.direction,
          participants: group.agents,
          participations: group.answers,
        }
      : {
          kind: 'others',
          directions: group.directions,
          participants: group.agents,
          participations: group.answers,
        },
  );
  const figuresOf = (g: { agents: number; answers: number; right: number; share: string }) => ({
    agents: g.agents,
    answers: g.answers,
    right: g.right,
    share: g.share,
  });
  const themes = answerInsights(answers, directionOfAgent).map((insight) => ({
    theme: insight.theme,
    overall: insight.overall ? figuresOf(insight.overall) : null,
    groups: insight.groups.map((group) =>
      group.kind === 'direction'
        ? { kind: group.kind, direction: group.direction, ...figuresOf(group) }
        : { kind: group.kind, directions: group.directions, ...figuresOf(group) },
    ),
  }));

  return {
    challengeId: challenge.id,
    title: challenge.title,
    startDate: challenge.startDate,
    days: challenge.days,
    keptAt: report.generatedAt,
    minAgents: INSIGHTS_MIN_AGENTS,
    headline: { ...report.headline, checkins },
    byDay: report.byDay.map((day) => ({
      day: day.day,
      date: day.date,
      participants: day.participants,
      participations: day.participations,
      quizAnswers: day.quizAnswers,
      rightAnswers: day.rightAnswers,
    })),
    byFormat: report.byFormat.map((format) => ({
      format: format.format,
      workshops: format.workshops,
      workshopsHeld: format.workshopsHeld,
      signedUp: format.signedUp,
      attended: format.attended,
    })),
    byDirection,
    themes,
    // Ranks, sizes and scores only: a team's name is its members' free text.
    ranking: report.byTeam.map((row) => ({
      rank: row.rank,
      members: row.members,
      activeMembers: row.activeMembers,
      points: row.points,
      score: row.score,
    })),
  };
}
