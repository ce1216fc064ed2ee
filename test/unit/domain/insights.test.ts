import fc from 'fast-check';
import {
  answerInsights,
  DEFAULT_TRAINING_LINKS,
  INSIGHTS_MIN_AGENTS,
  isWeakShare,
  readTrainingLinks,
  trainingLinkOf,
  type ThemedAnswer,
} from '../../../src/domain/insights';
import { errorOf } from '../../support/errors';

/** `n` agents of a direction, each answering `perAgent` questions of a theme, the first `right` answers right. */
function answersOf(
  direction: string,
  n: number,
  theme = 'messagerie',
  options: { perAgent?: number; right?: number } = {},
): { answers: ThemedAnswer[]; directions: [string, string][] } {
  const { perAgent = 1, right = n * perAgent } = options;
  const answers: ThemedAnswer[] = [];
  const directions: [string, string][] = [];
  for (let i = 0; i < n; i += 1) {
    const agentId = `${direction}-${i}`;
    directions.push([agentId, direction]);
    for (let j = 0; j < perAgent; j += 1)
      answers.push({ agentId, theme, correct: answers.length < right });
  }
  return { answers, directions };
}

function insightsOf(...groups: ReturnType<typeof answersOf>[]) {
  const directionOf = new Map(groups.flatMap((g) => g.directions));
  return answerInsights(
    groups.flatMap((g) => g.answers),
    (agentId) => directionOf.get(agentId) ?? null,
  );
}

describe('answerInsights: the k ≥ 5 rule', () => {
  it('given directions of 6 and 5 agents, then each is shown with its own figures', () => {
    const [theme] = insightsOf(answersOf('DSI', 6, 'messagerie', { right: 3 }), answersOf('RH', 5));
    expect(theme!.overall).toEqual({
      agents: 11,
      answers: 11,
      right: 8,
      share: '0.73',
      weak: false,
    });
    expect(theme!.groups).toEqual([
      {
        kind: 'direction',
        direction: 'DSI',
        agents: 6,
        answers: 6,
        right: 3,
        share: '0.50',
        weak: true,
      },
      {
        kind: 'direction',
        direction: 'RH',
        agents: 5,
        answers: 5,
        right: 5,
        share: '1.00',
        weak: false,
      },
    ]);
  });

  it('given small directions that make 5 together, then they are shown merged as the others', () => {
    const [theme] = insightsOf(
      answersOf('DSI', 7),
      answersOf('RH', 3),
      answersOf('Culture', 2, 'messagerie', { right: 0 }),
    );
    expect(theme!.groups.map((g) => [g.kind, g.agents])).toEqual([
      ['direction', 7],
      ['others', 5],
    ]);
    expect(theme!.groups[1]).toMatchObject({ directions: 2, answers: 5, right: 3 });
  });

  it('given small directions under 5 together, then the smallest shown direction joins them, so no one is read by subtraction', () => {
    // 8 + 6 shown alone, 3 left over: showing 8 and 6 would give the 3 away (17 − 8 − 6)
    const [theme] = insightsOf(answersOf('DSI', 8), answersOf('RH', 6), answersOf('Culture', 3));
    expect(
      theme!.groups.map((g) =>
        g.kind === 'others' ? ['others', g.agents, g.directions] : [g.direction, g.agents],
      ),
    ).toEqual([
      ['DSI', 8],
      ['others', 9, 2],
    ]);
  });

  it('given every direction under 5 but 5 agents in all, then one group, the others, holds everyone', () => {
    const [theme] = insightsOf(answersOf('DSI', 2), answersOf('RH', 2), answersOf('Culture', 1));
    expect(theme!.overall?.agents).toBe(5);
    expect(theme!.groups).toEqual([
      expect.objectContaining({ kind: 'others', agents: 5, directions: 3 }),
    ]);
  });

  it('given fewer than 5 agents on a theme, then nothing of it is shown, however many answers', () => {
    const [theme] = insightsOf(answersOf('DSI', 4, 'cybersecurite', { perAgent: 10 }));
    expect(theme).toEqual({ theme: 'cybersecurite', overall: null, groups: [] });
  });

  it('counts agents, not answers: one agent answering five questions is one agent', () => {
    const [theme] = insightsOf(
      answersOf('DSI', 1, 'messagerie', { perAgent: 5 }),
      answersOf('RH', 4),
    );
    expect(theme!.overall).toMatchObject({ agents: 5, answers: 9 });
    expect(theme!.groups).toEqual([expect.objectContaining({ kind: 'others', agents: 5 })]);
  });

  it('keeps agents of no known direction apart, under the same rule', () => {
    const unknown = answersOf('?', 5);
    const insights = answerInsights(unknown.answers, () => null);
    expect(insights[0]!.groups).toEqual([
      expect.objectContaining({ kind: 'direction', direction: null, agents: 5 }),
    ]);
  });

  it('lists the weakest theme first, with the 60 % line drawn exactly', () => {
    const insights = insightsOf(
      answersOf('A', 5, 'messagerie', { right: 5 }),
      answersOf('B', 5, 'fichiers', { right: 3 }),
      answersOf('C', 5, 'accessibilite', { right: 2 }),
    );
    expect(insights.map((i) => [i.theme, i.overall?.share, i.overall?.weak])).toEqual([
      ['accessibilite', '0.40', true],
      ['fichiers', '0.60', false],
      ['messagerie', '1.00', false],
    ]);
    expect(isWeakShare(59, 100)).toBe(true);
    expect(isWeakShare(60, 100)).toBe(false);
    expect(isWeakShare(0, 0)).toBe(false);
  });

  // Property: whatever the answers, no group of fewer than 5 agents appears, and what is shown adds up.
  const arbitraryAnswers = fc.array(
    fc.record({
      agent: fc.integer({ min: 0, max: 60 }),
      theme: fc.constantFrom('messagerie', 'fichiers', 'cybersecurite'),
      correct: fc.boolean(),
    }),
    { maxLength: 400 },
  );
  const arbitraryDirections = fc.array(fc.constantFrom('DSI', 'RH', 'Culture', 'Finances', null), {
    minLength: 61,
    maxLength: 61,
  });

  it('property: no group under 5 agents is ever shown, and the groups of a theme sum to its overall figures', () => {
    fc.assert(
      fc.property(
        arbitraryAnswers,
        arbitraryDirections,
        fc.integer({ min: 1, max: 8 }),
        (raw, directions, k) => {
          // One answer per agent and question, as the store keeps them: here, agent × theme × index.
          const answers = raw.map((a) => ({
            agentId: `a${a.agent}`,
            theme: a.theme,
            correct: a.correct,
          }));
          const directionOf = (id: string) => directions[Number(id.slice(1))] ?? null;
          const insights = answerInsights(answers, directionOf, k);
          for (const insight of insights) {
            const all = answers.filter((a) => a.theme === insight.theme);
            const agents = new Set(all.map((a) => a.agentId)).size;
            if (agents < k) {
              expect(insight.overall).toBeNull();
              expect(insight.groups).toEqual([]);
              continue;
            }
            expect(insight.overall).toMatchObject({
              agents,
              answers: all.length,
              right: all.filter((a) => a.correct).length,
            });
            for (const group of insight.groups) expect(group.agents).toBeGreaterThanOrEqual(k);
            const sum = (field: 'agents' | 'answers' | 'right') =>
              insight.groups.reduce((total, g) => total + g[field], 0);
            expect([sum('agents'), sum('answers'), sum('right')]).toEqual([
              insight.overall!.agents,
              insight.overall!.answers,
              insight.overall!.right,
            ]);
            // A direction shown by name has at least k agents of its own on this theme.
            for (const group of insight.groups) {
              if (group.kind !== 'direction') continue;
              const own = new Set(
                all.filter((a) => directionOf(a.agentId) === group.direction).map((a) => a.agentId),
              );
              expect(own.size).toBe(group.agents);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses k = 5 by default', () => {
    expect(INSIGHTS_MIN_AGENTS).toBe(5);
  });
});

describe('training links', () => {
  it('gives each theme of the bundled bank an https offer, and the CNFPT for any other', () => {
    for (const link of Object.values(DEFAULT_TRAINING_LINKS))
      expect(link.url).toMatch(/^https:\/\//);
    expect(trainingLinkOf({}, 'cybersecurite').url).toBe('https://secnumacademie.gouv.fr/');
    expect(trainingLinkOf({}, 'un-theme-local').url).toBe('https://www.cnfpt.fr/');
  });

  it('prefers the challenge’s own link of a theme, then the default of the theme, then the challenge’s catch-all', () => {
    const challenge = {
      trainingLinks: {
        messagerie: { label: 'Notre parcours', url: 'https://formation.ville.fr/messagerie' },
        '*': { label: 'Notre catalogue', url: 'https://formation.ville.fr/' },
      },
    };
    expect(trainingLinkOf(challenge, 'messagerie').label).toBe('Notre parcours');
    expect(trainingLinkOf(challenge, 'cybersecurite').url).toBe('https://secnumacademie.gouv.fr/');
    expect(trainingLinkOf(challenge, 'autre').label).toBe('Notre catalogue');
  });

  it('reads an organiser’s links, and refuses what is not an https address or a one-line label', () => {
    expect(
      readTrainingLinks({ fichiers: { label: ' Nos fichiers ', url: 'https://ville.fr/f' } }),
    ).toEqual({
      fichiers: { label: 'Nos fichiers', url: 'https://ville.fr/f' },
    });
    for (const bad of [
      null,
      [],
      { fichiers: { label: 'Lien', url: 'http://ville.fr' } },
      { fichiers: { label: 'Lien', url: 'javascript:alert(1)' } },
      { fichiers: { label: '', url: 'https://ville.fr' } },
      { fichiers: { label: 'a\nb', url: 'https://ville.fr' } },
      { 'Pas une clé': { label: 'Lien', url: 'https://ville.fr' } },
    ]) {
      expect(errorOf(() => readTrainingLinks(bad)).code).toBe('invalid_import');
    }
  });
});
