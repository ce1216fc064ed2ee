import { formatCsv } from '../domain/csv';
import type { HttpRoute } from '../server';
import { finalReport } from '../usecases/final-report';
import type { ApiContext } from './api-context';
import { download } from './http';
import type { ReportView } from './views';

/** The final report ("bilan"): the page's view, and the same figures as CSV and JSON downloads (organisers only). */
export function reportRoutes(api: ApiContext): HttpRoute[] {
  const { deps, auth, log, requireOrganiser, get } = api;
  const report = async (caller: Parameters<typeof requireOrganiser>[0]): Promise<ReportView> => {
    await requireOrganiser(caller);
    return (await finalReport(deps)) satisfies ReportView;
  };
  return [
    get('/api/admin/report', async (caller) => ({ body: await report(caller) })),
    {
      method: 'get',
      path: '/api/admin/report.csv',
      handler: download(auth, log, async (caller) => {
        const view = await report(caller);
        return {
          fileName: `bilan-${view.challenge.id}.csv`,
          contentType: 'text/csv; charset=utf-8',
          text: reportCsv(view),
        };
      }),
    },
    {
      method: 'get',
      path: '/api/admin/report.json',
      handler: download(auth, log, async (caller) => {
        const view = await report(caller);
        return {
          fileName: `bilan-${view.challenge.id}.json`,
          contentType: 'application/json; charset=utf-8',
          text: `${JSON.stringify(view, null, 2)}\n`,
        };
      }),
    },
  ];
}

/** Decimal strings as French spreadsheets read them ("0,67"). */
const frDecimal = (value: string | null): string => (value === null ? '' : value.replace('.', ','));

/**
 * The report as one CSV for French spreadsheets: one section per table, each with a title line and its own
 * headings, separated by an empty line. Names typed by agents go through `formatCsv`, which defuses formulas.
 */
export function reportCsv(view: ReportView): string {
  const { headline: k } = view;
  const rows: (string | number)[][] = [
    ['Bilan du défi', view.challenge.title],
    ['Début', view.challenge.startDate],
    ['Jours', view.challenge.days],
    ['Généré le', view.generatedAt],
    [
      'Participation',
      'une participation = un quiz du jour répondu par un agent, ou un atelier suivi (pointage)',
    ],
    [],
    ['Chiffres clés'],
    ['indicateur', 'valeur'],
    ['agents inscrits', k.agentsRegistered],
    ['agents participants', k.participants],
    ['directions représentées', k.directions],
    ['participations', k.participations],
    ['équipes', k.teams],
    ['ateliers au programme', k.workshops],
    ['ateliers tenus', k.workshopsHeld],
    ['réponses aux quiz', k.quizAnswers],
    ['bonnes réponses', k.rightAnswers],
    ['part de bonnes réponses', frDecimal(k.rightShare)],
    [],
    ['Participation par jour'],
    [
      'jour',
      'date',
      'agents participants',
      'participations',
      'quiz répondus',
      'ateliers suivis',
      'réponses',
      'bonnes réponses',
    ],
    ...view.byDay.map((d) => [
      d.day ?? 'hors défi',
      d.date,
      d.participants,
      d.participations,
      d.quizParticipations,
      d.workshopParticipations,
      d.quizAnswers,
      d.rightAnswers,
    ]),
    [],
    ['Participation par format d’atelier'],
    ['format', 'ateliers', 'ateliers tenus', 'inscriptions', 'présences'],
    ...view.byFormat.map((f) => [
      f.formatName.fr,
      f.workshops,
      f.workshopsHeld,
      f.signedUp,
      f.attended,
    ]),
    [],
    ['Participation par direction'],
    ['direction', 'agents inscrits', 'agents participants', 'participations'],
    ...view.byDirection.map((d) => [
      d.direction ?? 'non renseignée',
      d.registered,
      d.participants,
      d.participations,
    ]),
    [],
    ['Participation par équipe'],
    [
      'rang',
      'équipe',
      'score (points par membre)',
      'points',
      'membres',
      'membres actifs',
      'participations',
      'noms des membres',
    ],
    ...view.byTeam.map((team) => [
      team.rank,
      team.name,
      frDecimal(team.score),
      team.points,
      team.members,
      team.activeMembers,
      team.participations,
      team.memberNames.join(', '),
    ]),
    [],
    ['Podium'],
    ['rang', 'équipe', 'score (points par membre)', 'ex aequo'],
    ...view.podium.map((row) => [
      row.rank,
      row.name,
      frDecimal(row.score),
      row.tied ? 'oui' : 'non',
    ]),
  ];
  return formatCsv(rows);
}
