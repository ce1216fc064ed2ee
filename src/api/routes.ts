import { DomainError } from '../domain/errors';
import type { HttpRoute } from '../server';
import { currentChallenge } from '../usecases/current-challenge';
import { sendDailyQuiz } from '../usecases/send-daily-quiz';
import { adminWorkshopsView, agendaView, meView, myTeamView } from '../usecases/tab-views';
import { checkIn } from '../usecases/check-in';
import { importWorkshops, programmeFormatOf } from '../usecases/import-workshops';
import { attendanceList } from '../usecases/workshop-admin';
import {
  cancelWorkshopSignup,
  signUpForWorkshop,
  type SignupOutcome,
} from '../usecases/workshop-signup';
import { formatCsv } from '../domain/csv';
import { localDate, localTime } from '../domain/time';
import { apiContext, type ApiOptions } from './api-context';
import type { Caller } from './auth';
import { announcementRoutes } from './announcement-routes';
import { attendanceRoutes } from './attendance-routes';
import { checkinLinkKind, checkinLinksOf } from './checkin-links';
import { download } from './http';
import { leaderboardJson } from './leaderboard-json';
import { libraryRoutes } from './library-routes';
import { myDataRoutes } from './my-data-routes';
import { insightsRoutes } from './insights-routes';
import { organiserRoutes } from './organiser-routes';
import { paperRoutes } from './paper-routes';
import { podiumRoutes } from './podium-routes';
import { reportRoutes } from './report-routes';
import type { AgendaView, MeView, MyTeamView } from './views';

/** The tab's REST API and the organisers' endpoints, all behind the authenticator. */
export function apiRoutes(options: ApiOptions): HttpRoute[] {
  const api = apiContext(options);
  const { deps, auth, log, leaderboard, requireOrganiser, get, post, del } = api;
  const seat = (outcome: SignupOutcome, signedUp: boolean) => ({
    workshopId: outcome.workshop.id,
    number: outcome.number,
    signedUp,
    seatsLeft: outcome.seatsLeft,
  });
  const nameOf = async (caller: Caller) =>
    (await deps.agents.get(caller.agentId))?.name || caller.name || 'Agent';
  return [
    // The tab's four views: `satisfies` holds the use cases to the contract the tab reads (views.ts).
    get('/api/me', async (caller) => ({
      body: {
        ...(await meView(deps, { agentId: caller.agentId, name: caller.name })),
        signIn: auth.mode,
      } satisfies MeView,
    })),
    // Written once per kept ranking, not per request (leaderboard-json.ts); no store call on the tab's most
    // frequent request (the organiser flag is a hint from the organisers' scan).
    get('/api/leaderboard', async (caller) => ({
      body: await leaderboardJson(leaderboard, caller.agentId, api.showsOrganiserPages(caller)),
    })),
    get('/api/my-team', async (caller) => ({
      body: (await myTeamView(deps, caller.agentId)) satisfies MyTeamView,
    })),
    get('/api/agenda', async (caller) => ({
      body: (await agendaView(deps, caller.agentId)) satisfies AgendaView,
    })),
    post('/api/admin/quiz/send', async (caller, req) => {
      await requireOrganiser(caller);
      const date =
        typeof req.body?.date === 'string'
          ? req.body.date
          : localDate(deps.clock.now(), (await currentChallenge(deps)).timeZone);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new DomainError('quiz_unknown', 'date must be YYYY-MM-DD');
      // A large audience is fed to the queue as workers go: answer within seconds either way.
      const sending = sendDailyQuiz(deps, { date, requestedBy: caller.agentId });
      const result = await Promise.race([
        sending,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000)),
      ]);
      if (!result) {
        sending.catch((error) => log.error('quiz send failed', { error }));
        return { status: 202, body: { started: true, state: 'enqueuing' } };
      }
      return {
        status: 202,
        body: {
          sendId: result.send.id,
          started: result.started,
          state: result.send.state,
          total: result.send.total,
        },
      };
    }),
    post('/api/workshops/:id/signup', async (caller, req) => {
      const workshopId = String(req.params?.id ?? '');
      const outcome = await signUpForWorkshop(deps, {
        agentId: caller.agentId,
        agentName: await nameOf(caller),
        workshopId,
      });
      return { body: seat(outcome, true) };
    }),
    del('/api/workshops/:id/signup', async (caller, req) => {
      const outcome = await cancelWorkshopSignup(deps, {
        agentId: caller.agentId,
        workshopId: String(req.params?.id ?? ''),
      });
      return { body: seat(outcome, false) };
    }),
    post('/api/checkin', async (caller, req) => {
      const code = typeof req.body?.code === 'string' ? req.body.code.slice(0, 20) : '';
      const outcome = await checkIn(deps, { agentId: caller.agentId, code });
      return {
        body: {
          workshop: { id: outcome.workshop.id, title: outcome.workshop.title },
          points: outcome.checkin.points,
          at: outcome.checkin.at,
          // Without a team the check-in is kept, and counts for the team the agent joins.
          team: outcome.team ? { id: outcome.team.id, name: outcome.team.name } : null,
        },
      };
    }),
    get('/api/admin/workshops', async (caller) => {
      await requireOrganiser(caller);
      const view = await adminWorkshopsView(deps, checkinLinksOf(options.checkinLinks));
      return { body: { checkinLinks: checkinLinkKind(options.checkinLinks), ...view } };
    }),
    post('/api/admin/workshops/import', async (caller, req) => {
      await requireOrganiser(caller);
      const text = typeof req.body?.text === 'string' ? req.body.text : '';
      const format =
        req.body?.format === 'csv' || req.body?.format === 'json'
          ? req.body.format
          : programmeFormatOf(text);
      const result = await importWorkshops(deps, { text, format });
      return {
        body: {
          created: result.created.map((w) => ({ id: w.id, title: w.title, code: w.code })),
          updated: result.updated.map((w) => ({ id: w.id, title: w.title, code: w.code })),
          warnings: result.warnings.map((w) => `line ${w.line}: ${w.message}`),
        },
      };
    }),
    {
      method: 'get',
      path: '/api/admin/workshops/:id/attendance.csv',
      handler: download(auth, log, async (caller, req) => {
        const { workshop, rows } = await attendanceList(deps, {
          callerId: caller.agentId,
          workshopId: String(req.params?.id ?? ''),
        });
        const zone = (await currentChallenge(deps)).timeZone;
        const at = (iso: string | null) =>
          iso ? `${localDate(Date.parse(iso), zone)} ${localTime(Date.parse(iso), zone)}` : '';
        return {
          fileName: `presence-${workshop.id}.csv`,
          contentType: 'text/csv; charset=utf-8',
          text: formatCsv([
            ['nom', 'direction', 'inscrit', 'pointé à', 'pointé par'],
            ...rows.map((row) => [
              row.name,
              row.direction,
              row.signedUp ? 'oui' : 'non',
              at(row.checkedInAt),
              // Empty when the agent checked in themselves; the host's or organiser's name when by hand.
              row.recordedBy ?? '',
            ]),
          ]),
        };
      }),
    },
    get('/api/admin/sends', async (caller) => {
      await requireOrganiser(caller);
      return { body: { sends: await deps.fanOut.progress() } };
    }),
    // The organisers' capabilities, one module each.
    ...announcementRoutes(api),
    ...podiumRoutes(api),
    ...organiserRoutes(api),
    ...attendanceRoutes(api),
    ...reportRoutes(api),
    ...insightsRoutes(api),
    ...paperRoutes(api),
    ...libraryRoutes(api),
    // The agent's own data (access, export) and an organiser's erasure of one agent.
    ...myDataRoutes(api),
  ];
}
