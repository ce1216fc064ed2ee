import { safeUrl } from './announcements';
import type { Challenge, TrainingLink } from './challenge';
import { DomainError } from './errors';
import { formatTwoDecimals } from './scoring';
import { compareFrench } from './text';

/**
 * What the answers teach, for the training plan: per quiz theme, the share of right answers, overall and per
 * direction. Organisers see a group's figures only when at least `INSIGHTS_MIN_AGENTS` agents of it answered (a
 * k-anonymity rule, k = 5), so that no one's answers can be read from a small group:
 *
 * - a theme fewer than 5 agents answered shows nothing at all;
 * - a direction fewer than 5 agents of which answered the theme is merged into "other directions";
 * - when "other directions" still holds fewer than 5 agents (but some), it would be readable by subtraction from the
 *   overall figures, so the smallest shown directions are merged into it too, until it reaches 5 or holds
 *   everyone; it is never shown below 5, and never hidden while the overall figures are shown.
 *
 * So every group shown has at least 5 agents, and the groups of a theme always add up to its overall figures.
 */

/** The fewest agents of a group whose figures are shown (k of the k-anonymity rule). */
export const INSIGHTS_MIN_AGENTS = 5;

/** Below this share of right answers (60 %), a theme is flagged as one to train. */
export const WEAK_SHARE = Object.freeze({ right: 3, of: 5 });

/** One counted answer, as the insights read it: who gave it, on which theme, and whether it was right. */
export interface ThemedAnswer {
  agentId: string;
  theme: string;
  correct: boolean;
}

/** The figures of a group of agents on a theme. */
export interface GroupFigures {
  /** Agents of the group who answered at least one question of the theme. */
  agents: number;
  answers: number;
  right: number;
  /** Share of right answers, two decimals ("0.67"), exact from the fraction. */
  share: string;
  /** Fewer than 60 % right answers. */
  weak: boolean;
}

/** A group shown: a direction (null: agents whose direction the directory did not give), or the merged others. */
export type InsightGroup =
  | ({ kind: 'direction'; direction: string | null } & GroupFigures)
  | ({ kind: 'others'; /** How many directions were merged. */ directions: number } & GroupFigures);

export interface ThemeInsight {
  theme: string;
  /** The theme's figures, or null when fewer than 5 agents answered it (nothing of it is shown). */
  overall: GroupFigures | null;
  /** Its directions with at least 5 agents, then the other directions merged; empty when `overall` is null. */
  groups: InsightGroup[];
}

interface Tally {
  agents: Set<string>;
  answers: number;
  right: number;
}

const emptyTally = (): Tally => ({ agents: new Set(), answers: 0, right: 0 });

function add(into: Tally, from: Tally): void {
  for (const agent of from.agents) into.agents.add(agent);
  into.answers += from.answers;
  into.right += from.right;
}

/** Whether a share of right answers is below 60 %, compared exactly (no rounding). */
export function isWeakShare(right: number, answers: number): boolean {
  return answers > 0 && right * WEAK_SHARE.of < answers * WEAK_SHARE.right;
}

function figures(tally: Tally): GroupFigures {
  return {
    agents: tally.agents.size,
    answers: tally.answers,
    right: tally.right,
    share: tally.answers > 0 ? formatTwoDecimals(tally.right, tally.answers) : '0.00',
    weak: isWeakShare(tally.right, tally.answers),
  };
}

/** Lower share first, compared exactly as fractions; a theme with nothing shown last. */
function byShare(a: ThemeInsight, b: ThemeInsight): number {
  if (!a.overall || !b.overall) return Number(!a.overall) - Number(!b.overall);
  return a.overall.right * b.overall.answers - b.overall.right * a.overall.answers;
}

/**
 * The insights of a challenge's answers: one entry per theme, weakest first, with the k ≥ 5 rule above applied to
 * the theme and to each direction. `directionOf` gives an agent's direction (null when unknown).
 */
export function answerInsights(
  answers: readonly ThemedAnswer[],
  directionOf: (agentId: string) => string | null,
  minAgents: number = INSIGHTS_MIN_AGENTS,
): ThemeInsight[] {
  const byTheme = new Map<string, Map<string | null, Tally>>();
  for (const answer of answers) {
    const directions = byTheme.get(answer.theme) ?? new Map<string | null, Tally>();
    byTheme.set(answer.theme, directions);
    const direction = directionOf(answer.agentId);
    const tally = directions.get(direction) ?? emptyTally();
    directions.set(direction, tally);
    tally.agents.add(answer.agentId);
    tally.answers += 1;
    if (answer.correct) tally.right += 1;
  }

  const insights: ThemeInsight[] = [];
  for (const [theme, directions] of byTheme) {
    const overall = emptyTally();
    for (const tally of directions.values()) add(overall, tally);
    if (overall.agents.size < minAgents) {
      insights.push({ theme, overall: null, groups: [] });
      continue;
    }
    // Largest first; "not given" after named directions of the same size, then in French order.
    const ordered = [...directions.entries()].sort(
      ([nameA, a], [nameB, b]) =>
        b.agents.size - a.agents.size ||
        Number(nameA === null) - Number(nameB === null) ||
        compareFrench(nameA ?? '', nameB ?? ''),
    );
    const shown = ordered.filter(([, tally]) => tally.agents.size >= minAgents);
    const merged = ordered.filter(([, tally]) => tally.agents.size < minAgents);
    const others = emptyTally();
    for (const [, tally] of merged) add(others, tally);
    // "Other directions" below the threshold would be read by subtraction: the smallest shown join it.
    while (others.agents.size > 0 && others.agents.size < minAgents && shown.length > 0) {
      const smallest = shown.pop()!;
      merged.push(smallest);
      add(others, smallest[1]);
    }
    const groups: InsightGroup[] = shown.map(([direction, tally]) => ({
      kind: 'direction',
      direction,
      ...figures(tally),
    }));
    if (others.agents.size > 0)
      groups.push({ kind: 'others', directions: merged.length, ...figures(others) });
    insights.push({ theme, overall: figures(overall), groups });
  }
  return insights.sort((a, b) => byShare(a, b) || compareFrench(a.theme, b.theme));
}

// Training links: the public offer shown next to a weak theme.

/**
 * The public training offers shown by default next to each theme of the bundled bank: Pix (the State's free
 * digital-skills service, its competence framework), the ANSSI's and the CNIL's free courses, the State's
 * accessibility reference, data.gouv.fr's guides and the Inria MOOC on digital's environmental impacts; the CNFPT
 * (the territorial civil service's training body) for any other theme. A challenge replaces any of them
 * (`Challenge.trainingLinks`).
 */
export const DEFAULT_TRAINING_LINKS: Readonly<Record<string, TrainingLink>> = Object.freeze({
  messagerie: {
    label: 'Pix — compétence 2.1 « Interagir » (Communication et collaboration)',
    url: 'https://pix.fr/competences',
  },
  fichiers: {
    label: 'Pix — compétence 1.2 « Gérer des données » (Information et données)',
    url: 'https://pix.fr/competences',
  },
  'donnees-publiques': {
    label: 'data.gouv.fr — guides pour ouvrir et publier des données publiques',
    url: 'https://guides.data.gouv.fr/',
  },
  equipements: {
    label: 'Inria (FUN MOOC) — Impacts environnementaux du numérique',
    url: 'https://www.fun-mooc.fr/fr/cours/impacts-environnementaux-du-numerique/',
  },
  'energie-donnees': {
    label: 'Inria (FUN MOOC) — Impacts environnementaux du numérique',
    url: 'https://www.fun-mooc.fr/fr/cours/impacts-environnementaux-du-numerique/',
  },
  deconnexion: {
    label: 'Pix — compétence 4.3 « Protéger la santé, le bien-être et l’environnement »',
    url: 'https://pix.fr/competences',
  },
  'donnees-personnelles': {
    label: 'CNIL — L’atelier RGPD (formation en ligne gratuite)',
    url: 'https://atelier-rgpd.cnil.fr/',
  },
  cybersecurite: {
    label: 'ANSSI — SecNumacadémie (formation en ligne gratuite)',
    url: 'https://secnumacademie.gouv.fr/',
  },
  accessibilite: {
    label: 'DINUM — RGAA, le référentiel d’accessibilité et ses ressources',
    url: 'https://accessibilite.numerique.gouv.fr/',
  },
  '*': {
    label: 'CNFPT — offre de formation des agents territoriaux',
    url: 'https://www.cnfpt.fr/',
  },
});

/** The training offer of a theme: the challenge's own, else the default of the theme, else the catch-all ('*'). */
export function trainingLinkOf(
  challenge: Pick<Challenge, 'trainingLinks'>,
  theme: string,
): TrainingLink {
  const own = challenge.trainingLinks ?? {};
  return own[theme] ?? DEFAULT_TRAINING_LINKS[theme] ?? own['*'] ?? DEFAULT_TRAINING_LINKS['*']!;
}

export const TRAINING_LINK_LIMITS = { themes: 50, label: 120, url: 500 } as const;

const THEME_KEY = /^(\*|[a-z0-9][a-z0-9_-]{0,39})$/;

function invalidLinks(message: string, theme?: string): never {
  throw new DomainError('invalid_import', message, theme ? { theme } : {});
}

/**
 * Reads an organiser's training links, `{ "<theme>": { label, url } }` (`'*'` for any other theme): at most 50
 * themes, a one-line label of at most 120 characters, an https address. Throws invalid_import naming the theme.
 */
export function readTrainingLinks(input: unknown): Record<string, TrainingLink> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    invalidLinks('training links are { "<theme>": { "label": …, "url": "https://…" } }');
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > TRAINING_LINK_LIMITS.themes)
    invalidLinks(`at most ${TRAINING_LINK_LIMITS.themes} themes`);
  const links: Record<string, TrainingLink> = {};
  for (const [theme, value] of entries) {
    if (!THEME_KEY.test(theme)) invalidLinks(`"${theme.slice(0, 40)}" is not a theme key`);
    const link = (typeof value === 'object' && value !== null ? value : {}) as Record<
      string,
      unknown
    >;
    const label = typeof link.label === 'string' ? link.label.trim() : '';
    if (!label || [...label].length > TRAINING_LINK_LIMITS.label || /[\r\n<>]/.test(label))
      invalidLinks(
        `the label is one line of 1 to ${TRAINING_LINK_LIMITS.label} characters, without < or >`,
        theme,
      );
    const url = typeof link.url === 'string' ? link.url.trim() : '';
    const safe = url.length <= TRAINING_LINK_LIMITS.url && !/\s/.test(url) ? safeUrl(url) : null;
    if (!safe) invalidLinks('the url must be an https address', theme);
    links[theme] = { label, url: safe };
  }
  return links;
}
