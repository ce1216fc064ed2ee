import { formatCsv } from '../domain/csv';
import type { HttpRoute } from '../server';
import { answerInsightsFor, setTrainingLinks } from '../usecases/insights';
import type { ApiContext } from './api-context';
import { download, endpoint } from './http';
import type { InsightsView } from './views';

/**
 * What the answers teach (organisers only): the view, the same figures as CSV (`?format=csv`), and the challenge's
 * training links by theme.
 */
export function insightsRoutes(api: ApiContext): HttpRoute[] {
  const { deps, auth, log, post } = api;
  const view = async (callerId: string): Promise<InsightsView> =>
    (await answerInsightsFor(deps, { callerId })) satisfies InsightsView;
  const json = endpoint(auth, log, async (caller) => ({ body: await view(caller.agentId) }));
  const csv = download(auth, log, async (caller) => {
    const insights = await view(caller.agentId);
    return {
      fileName: `enseignements-${insights.challenge.id}.csv`,
      contentType: 'text/csv; charset=utf-8',
      text: insightsCsv(insights),
    };
  });
  return [
    {
      method: 'get',
      path: '/api/admin/insights',
      handler: (req, res) => (req.query?.format === 'csv' ? csv(req, res) : json(req, res)),
    },
    post('/api/admin/insights/training-links', async (caller, req) => {
      const body: unknown = req.body;
      const links =
        typeof body === 'object' && body !== null ? Reflect.get(body, 'links') : undefined;
      return { body: { links: await setTrainingLinks(deps, { callerId: caller.agentId, links }) } };
    }),
  ];
}

/** Decimal strings as French spreadsheets read them ("0,67"). */
const frDecimal = (value: string): string => value.replace('.', ',');

/**
 * The insights as one CSV for French spreadsheets: a line per theme and group shown, and a line saying so for a
 * theme too few agents answered. Every text goes through `formatCsv`, which defuses formulas.
 */
export function insightsCsv(view: InsightsView): string {
  const rows: (string | number)[][] = [
    ['Ce que les réponses apprennent', view.challenge.title],
    ['Généré le', view.generatedAt],
    [
      'Règle',
      `un groupe n’est affiché que si au moins ${view.minAgents} de ses agents ont répondu ; les directions plus petites sont regroupées dans « Autres directions »`,
    ],
    ['À renforcer', `moins de ${Math.round(Number(view.weakBelow) * 100)} % de bonnes réponses`],
    [],
    [
      'thème',
      'groupe',
      'agents',
      'réponses',
      'bonnes réponses',
      'part de bonnes réponses',
      'à renforcer',
      'formation proposée',
      'lien',
    ],
  ];
  for (const theme of view.themes) {
    const training = [theme.training.label, theme.training.url];
    if (!theme.overall) {
      rows.push([
        theme.name.fr,
        `moins de ${view.minAgents} agents ont répondu : non affiché`,
        '',
        '',
        '',
        '',
        '',
        ...training,
      ]);
      continue;
    }
    const line = (group: string, f: NonNullable<InsightsView['themes'][number]['overall']>) => [
      theme.name.fr,
      group,
      f.agents,
      f.answers,
      f.right,
      frDecimal(f.share),
      f.weak ? 'oui' : 'non',
      ...training,
    ];
    rows.push(line('Ensemble', theme.overall));
    for (const group of theme.groups) {
      const name =
        group.kind === 'others'
          ? `Autres directions (${group.directions})`
          : (group.direction ?? 'Direction non renseignée');
      rows.push(line(name, group));
    }
  }
  return formatCsv(rows);
}
