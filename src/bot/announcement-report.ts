import { CardFactory, MessageFactory, type ConversationReference } from 'botbuilder';
import type { Announcement } from '../domain/announcements';
import type { UseCaseDeps } from '../usecases/deps';
import { announcementReportOf } from '../usecases/announcement-reports';
import { announcementReportCard } from './cards/announcement-report-card';

/** The Teams user the card was drawn for (its automatic refresh is theirs). */
function userIdOf(conversationReference: string): string | undefined {
  try {
    const reference = JSON.parse(conversationReference) as Partial<ConversationReference>;
    return typeof reference.user?.id === 'string' ? reference.user.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The report job's drawing of an announcement's report card (src/broadcast/report-updater.ts knows no card): the
 * figures, whether they are the last, and the card in its author's language.
 */
export function announcementReportViews(deps: UseCaseDeps) {
  return async (announcement: Announcement) => {
    const report = await announcementReportOf(deps, announcement);
    const author = await deps.agents.get(announcement.createdBy);
    const userId = announcement.reportCard
      ? userIdOf(announcement.reportCard.conversationReference)
      : undefined;
    const card = announcementReportCard(author?.locale ?? 'fr', report.status, {
      timeZone: report.timeZone,
      now: deps.clock.now(),
      ...(userId ? { userId } : {}),
    });
    return {
      figures: report.figures,
      final: report.settled,
      activity: { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)) },
    };
  };
}
