import type { Locale } from '../../domain/agents';
import { localDate, localTime } from '../../domain/time';
import type { AnnouncementStatus } from '../../usecases/announcements';
import { dateText, t } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  universalAction,
} from './adaptive';

export const ANNOUNCEMENT_REFRESH_VERB = 'announcement.refresh';
export const ANNOUNCEMENT_CANCEL_VERB = 'announcement.cancel';

/**
 * A failure reason as the fan-out records it ("unreachable (HTTP 403)", "HTTP 429 after 5 tries", "ECONNRESET
 * after 5 tries") in words an organiser understands, grouped by what they can do about it.
 */
function reasonInWords(locale: Locale, reason: string, count: number): string {
  if (/unreachable/.test(reason))
    return t(locale, 'announcement.report.reason.unreachable', { count });
  const afterTries = /^(.*) after \d+ tries$/.exec(reason);
  const cause = afterTries?.[1];
  if (cause === 'HTTP 429') return t(locale, 'announcement.report.reason.throttled', { count });
  if (cause?.startsWith('HTTP '))
    return t(locale, 'announcement.report.reason.teams', { count, detail: cause });
  if (cause !== undefined)
    return t(locale, 'announcement.report.reason.network', { count, detail: cause });
  return t(locale, 'announcement.report.reason.other', { count, detail: reason });
}

function stateLine(
  locale: Locale,
  status: AnnouncementStatus,
  timeZone: string,
  now: number,
): string {
  switch (status.state) {
    case 'scheduled': {
      const at = Date.parse(status.sendAt);
      const time = localTime(at, timeZone);
      const day = localDate(at, timeZone);
      return t(locale, 'announcement.report.waiting', {
        time: day === localDate(now, timeZone) ? time : `${dateText(locale, day)} ${time}`,
      });
    }
    case 'sending':
      return t(locale, 'announcement.report.sending');
    case 'done':
      return t(locale, 'announcement.report.done');
    case 'cancelled':
      return t(locale, 'announcement.report.stopped');
  }
}

/**
 * The organiser's card once an announcement is sent: the state in words, received / failed / not sent / waiting,
 * why sends failed, and, while it runs, "Refresh" and "Stop the send" — and a Universal Actions refresh for the
 * organiser, so Teams redraws it when they look at it. The report job redraws it as figures change.
 */
export function announcementReportCard(
  locale: Locale,
  status: AnnouncementStatus,
  options: {
    timeZone: string;
    now: number;
    /** The organiser's Teams user id, for the automatic refresh. */
    userId?: string;
    notice?: string;
  },
): AdaptiveCard {
  const running = status.state === 'scheduled' || status.state === 'sending';
  const figure = (count: number) =>
    t(locale, 'announcement.report.figure', { count, total: status.total });
  const body: CardElement[] = [
    text(t(locale, 'announcement.report.title', { title: escapeMarkdown(status.title) }), {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
    }),
  ];
  if (options.notice) body.push(text(options.notice, { weight: 'Bolder' }));
  body.push(
    text(stateLine(locale, status, options.timeZone, options.now), {
      weight: 'Bolder',
    }),
    {
      type: 'FactSet',
      facts: [
        { title: t(locale, 'announcement.report.sent'), value: figure(status.sent) },
        { title: t(locale, 'announcement.report.failed'), value: figure(status.failed) },
        { title: t(locale, 'announcement.report.skipped'), value: figure(status.skipped) },
        { title: t(locale, 'announcement.report.pending'), value: figure(status.pending) },
      ],
    },
  );
  const reasons = Object.entries(status.failures).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    body.push(text(t(locale, 'announcement.report.why'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const [reason, count] of reasons)
      body.push(
        text(`• ${escapeMarkdown(reasonInWords(locale, reason, count))}`, { spacing: 'None' }),
      );
  }
  body.push(
    text(
      t(locale, 'announcement.report.updated', { time: localTime(options.now, options.timeZone) }),
      {
        isSubtle: true,
        size: 'Small',
      },
    ),
  );
  const data = { id: status.id };
  const actions: CardAction[] = running
    ? [
        universalAction(t(locale, 'announcement.refresh'), ANNOUNCEMENT_REFRESH_VERB, data),
        universalAction(
          t(locale, 'announcement.cancel'),
          ANNOUNCEMENT_CANCEL_VERB,
          data,
          'destructive',
        ),
      ]
    : [];
  const built = card(body, actions, locale);
  if (running && options.userId)
    built.refresh = {
      action: {
        type: 'Action.Execute',
        title: t(locale, 'announcement.refresh'),
        verb: ANNOUNCEMENT_REFRESH_VERB,
        data,
      },
      userIds: [options.userId],
    };
  return built;
}
