import type { Locale } from '../../domain/agents';
import {
  parseAnnouncementText,
  type Announcement,
  type AnnouncementBlock,
  type Span,
} from '../../domain/announcements';
import { t } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type RichTextBlock,
  type TextRun,
} from './adaptive';

function run(span: Span): TextRun {
  return {
    type: 'TextRun',
    text: span.text,
    ...(span.bold ? { weight: 'Bolder' as const } : {}),
    ...(span.italic ? { italic: true } : {}),
    ...(span.href
      ? {
          color: 'Accent' as const,
          selectAction: { type: 'Action.OpenUrl' as const, title: span.text, url: span.href },
        }
      : {}),
  };
}

/** One block of the text as TextRuns: Teams shows them as typed, so nothing written can become markup. */
function richBlock(block: AnnouncementBlock): RichTextBlock {
  const inlines: TextRun[] = [];
  if (block.kind === 'bullet') inlines.push({ type: 'TextRun', text: '•  ' });
  if (block.kind === 'numbered') inlines.push({ type: 'TextRun', text: `${block.number}.  ` });
  block.lines.forEach((line, index) => {
    if (index > 0) inlines.push({ type: 'TextRun', text: '\n' });
    inlines.push(...line.map(run));
  });
  return {
    type: 'RichTextBlock',
    inlines,
    ...(block.kind === 'paragraph' ? {} : { spacing: 'Small' as const }),
  };
}

/** The body of an announcement: its title and its text. */
export function announcementBody(
  announcement: Pick<Announcement, 'title' | 'text'>,
): CardElement[] {
  return [
    text(escapeMarkdown(announcement.title), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    ...parseAnnouncementText(announcement.text).map(richBlock),
  ];
}

/**
 * An announcement as agents receive it: a banner that tells it from a quiz at a glance, the title, the text, and
 * the link button. A preview says it went to its author only.
 */
export function announcementCard(locale: Locale, announcement: Announcement): AdaptiveCard {
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'accent',
      items: [
        text(t(locale, 'announcement.banner'), { weight: 'Bolder' }),
        ...(announcement.preview
          ? [
              text(t(locale, 'announcement.previewBanner'), {
                isSubtle: true,
                spacing: 'None' as const,
              }),
            ]
          : []),
      ],
    },
    ...announcementBody(announcement),
  ];
  const actions: CardAction[] = announcement.link
    ? [{ type: 'Action.OpenUrl', title: announcement.link.label, url: announcement.link.url }]
    : [];
  return card(body, actions, locale);
}
