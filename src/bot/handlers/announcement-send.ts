import { isDomainError } from '../../domain/errors';
import {
  announcementStatus,
  cancelAnnouncement,
  postAnnouncement,
  type AnnouncementStatus,
} from '../../usecases/announcements';
import { announcementReportOf } from '../../usecases/announcement-reports';
import { currentChallenge } from '../../usecases/current-challenge';
import { conversationReferenceOf } from '../bot';
import type { AdaptiveCard } from '../cards/adaptive';
import { ANNOUNCEMENT_SEND_VERB } from '../cards/announcement-compose-card';
import {
  ANNOUNCEMENT_CANCEL_VERB,
  ANNOUNCEMENT_REFRESH_VERB,
  announcementReportCard,
} from '../cards/announcement-report-card';
import type { HandlerContext } from '../handler-context';
import { errorText, t } from '../messages';
import { id } from '../card-data';
import { cardActionRoute, textField } from '../routing';
import { draftOfForm, FORM_FIELDS, invalidDraftText, readForm, refusalCard } from './announce';

/** The report card for the organiser clicking, Teams refreshing it for them alone. */
async function reportCard(
  context: HandlerContext,
  status: AnnouncementStatus,
  notice?: string,
): Promise<AdaptiveCard> {
  const challenge = await currentChallenge(context.deps);
  return announcementReportCard(context.locale, status, {
    timeZone: challenge.timeZone,
    now: context.deps.clock.now(),
    userId: context.turn.activity.from?.id,
    ...(notice ? { notice } : {}),
  });
}

/** The id an announcement's buttons carry; an id out of shape is an unknown announcement. */
function idOf(data: Readonly<Record<string, unknown>>): string {
  return textField(data, 'id').slice(0, 80);
}

/**
 * "Send to N agents" on the preview: the announcement is kept once (the same one again today is the first one:
 * a double click, or two organisers, make one send), its send started when the hour allows, and the clicked card
 * becomes its delivery report, which the report job keeps up to date in place.
 */
export const announcementSendAction = cardActionRoute({
  verb: ANNOUNCEMENT_SEND_VERB,
  fields: FORM_FIELDS,
  async handle(context, data) {
    const activityId = context.turn.activity.replyToId;
    try {
      const posted = await postAnnouncement(context.deps, {
        by: context.agent.id,
        draft: draftOfForm(readForm(data)),
        hours: context.settings.sendingHours,
        ...(activityId
          ? {
              reportCard: {
                conversationReference: conversationReferenceOf(context.turn.activity),
                activityId,
              },
            }
          : {}),
      });
      // Teams waits a few seconds for the card: a large audience goes on being handed to the queue meanwhile, and
      // the report job keeps the card up to date. A hand-over that fails is resumed by the scheduler.
      await Promise.race([
        posted.sending.catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]);
      const report = await announcementReportOf(context.deps, posted.announcement);
      return reportCard(
        context,
        report.status,
        posted.created ? undefined : t(context.locale, 'announcement.report.already'),
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return refusalCard(
        context,
        isDomainError(error, 'announcement_invalid')
          ? invalidDraftText(context, error)
          : errorText(context.locale, error),
      );
    }
  },
});

/** "Refresh" (or Teams refreshing the card as the organiser looks at it): the report as it stands. */
export const announcementRefreshAction = cardActionRoute({
  verb: ANNOUNCEMENT_REFRESH_VERB,
  fields: { id: id() },
  async handle(context, data) {
    try {
      return await reportCard(
        context,
        await announcementStatus(context.deps, { by: context.agent.id, id: idOf(data) }),
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return refusalCard(context, errorText(context.locale, error));
    }
  },
});

/** "Stop the send": nothing more goes out; the card says what did. */
export const announcementCancelAction = cardActionRoute({
  verb: ANNOUNCEMENT_CANCEL_VERB,
  fields: { id: id() },
  async handle(context, data) {
    const by = context.agent.id;
    const id = idOf(data);
    try {
      return await reportCard(context, await cancelAnnouncement(context.deps, { by, id }));
    } catch (error) {
      if (!isDomainError(error, 'send_finished')) {
        if (!isDomainError(error)) throw error;
        return refusalCard(context, errorText(context.locale, error));
      }
      return reportCard(
        context,
        await announcementStatus(context.deps, { by, id }),
        errorText(context.locale, error),
      );
    }
  },
});
