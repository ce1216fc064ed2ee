import { parseAnnouncementText } from '../domain/announcements';
import type { HttpRoute } from '../server';
import {
  announcementStatus,
  cancelAnnouncement,
  listAnnouncements,
  postAnnouncement,
} from '../usecases/announcements';
import type { ApiContext } from './api-context';
import type { AnnouncementStatusView, PostedAnnouncementView } from './views';

/** Organisers' announcements: post (or preview), follow, list and cancel. The use cases check the role too. */
export function announcementRoutes(api: ApiContext): HttpRoute[] {
  const { deps, get, post } = api;
  const id = (params: unknown) => String((params as { id?: unknown } | undefined)?.id ?? '');
  return [
    post('/api/admin/announcements', async (caller, req) => {
      await api.requireOrganiser(caller);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const posted = await postAnnouncement(deps, {
        by: caller.agentId,
        draft: body,
        preview: body.preview === true,
        hours: api.sendingHours,
      });
      // A large audience is handed to the queue as workers take it: answer within seconds either way. A hand-over
      // that fails is logged, and resumed by the scheduler.
      const handedOver = posted.sending.catch((error: unknown) =>
        api.log.error('announcement send failed', { error, announcement: posted.announcement.id }),
      );
      await Promise.race([handedOver, new Promise((resolve) => setTimeout(resolve, 2000))]);
      const { announcement } = posted;
      return {
        status: 202,
        body: {
          id: announcement.id,
          state: announcement.state,
          sendAt: announcement.sendAt,
          audienceSize: posted.audienceSize,
          duplicate: !posted.created,
          preview: announcement.preview,
          blocks: parseAnnouncementText(announcement.text),
        } satisfies PostedAnnouncementView,
      };
    }),
    get('/api/admin/announcements', async (caller) => {
      await api.requireOrganiser(caller);
      return { body: { announcements: await listAnnouncements(deps, { by: caller.agentId }) } };
    }),
    get('/api/admin/announcements/:id', async (caller, req) => {
      await api.requireOrganiser(caller);
      return {
        body: (await announcementStatus(deps, {
          by: caller.agentId,
          id: id(req.params),
        })) satisfies AnnouncementStatusView,
      };
    }),
    post('/api/admin/announcements/:id/cancel', async (caller, req) => {
      await api.requireOrganiser(caller);
      return {
        body: (await cancelAnnouncement(deps, {
          by: caller.agentId,
          id: id(req.params),
        })) satisfies AnnouncementStatusView,
      };
    }),
  ];
}
