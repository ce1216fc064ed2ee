import { DomainError } from './errors';
import { foldText } from './text';
import { addDays, localDate, localTime, zonedInstant } from './time';

/**
 * Organisers' announcements: what one says (a title, a text in a small Markdown, an optional link button), to
 * whom (everyone, a team, a direction), and when it may go out (never at night).
 */

export type Audience =
  { kind: 'all' } | { kind: 'team'; teamId: string } | { kind: 'direction'; direction: string };

export interface AnnouncementLink {
  label: string;
  /** An https address. */
  url: string;
}

/** What an organiser writes. */
export interface AnnouncementDraft {
  title: string;
  /** Limited Markdown: **bold**, *italics* or _italics_, "- " lists, "1. " lists, [label](https://…) links. */
  text: string;
  link?: AnnouncementLink;
  audience: Audience;
}

/**
 * - scheduled: written outside the sending hours, starts at `sendAt`;
 * - sending: its send is started (its figures are the send's, `sendId`);
 * - cancelled: stopped before it started (a started one is cancelled on its send).
 */
export type AnnouncementState = 'scheduled' | 'sending' | 'cancelled';

export interface Announcement extends AnnouncementDraft {
  /** Derived from what it says and the day (`announcementId`): the same announcement twice is one. */
  id: string;
  challengeId: string;
  /** A preview goes to its author only; it is kept apart from real announcements. */
  preview: boolean;
  createdBy: string;
  createdAt: string;
  /** The earliest time it may go out (ISO instant). */
  sendAt: string;
  state: AnnouncementState;
  sendId?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  /** The author's card in the bot's chat, updated in place with the delivery report. */
  reportCard?: { conversationReference: string; activityId: string };
  /** The figures last shown on that card ("sent/failed/skipped/pending"), and whether it shows the end. */
  reported?: string;
  reportedFinal?: boolean;
}

export const ANNOUNCEMENT_LIMITS = {
  title: 120,
  text: 2000,
  linkLabel: 40,
  url: 500,
  teamId: 64,
  direction: 120,
} as const;

/** Sending hours (Europe/Paris by default): an announcement written outside them waits for the next opening. */
export interface SendingHours {
  from: string;
  to: string;
}

export const DEFAULT_SENDING_HOURS: SendingHours = { from: '08:00', to: '19:00' };

function invalid(field: string, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('announcement_invalid', message, { field, ...details });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Letters, digits, spaces and punctuation: control characters (and lone surrogates) are refused. */
function cleanText(value: unknown, field: string, limit: number, required: boolean): string {
  if (value === undefined || value === null) {
    if (required) invalid(field, `${field} is required`, { limit });
    return '';
  }
  if (typeof value !== 'string') invalid(field, `${field} must be text`, { limit });
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (required && text === '') invalid(field, `${field} is empty`, { limit });
  if ([...text].length > limit)
    invalid(field, `${field} is longer than ${limit} characters`, { limit });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B-\u001F\u007F]/.test(text) || LONE_SURROGATE.test(text))
    invalid(field, `${field} holds characters that cannot be shown`);
  return text;
}

/** An https address without credentials, or null. */
export function safeUrl(value: string): string | null {
  if (value.length > ANNOUNCEMENT_LIMITS.url) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null; // not an address at all
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) return null;
  return url.href;
}

function readAudience(value: unknown): Audience {
  const audience = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  switch (audience.kind) {
    case 'all':
      return { kind: 'all' };
    case 'team':
      return {
        kind: 'team',
        teamId: cleanText(audience.teamId, 'audience.teamId', ANNOUNCEMENT_LIMITS.teamId, true),
      };
    case 'direction':
      return {
        kind: 'direction',
        direction: cleanText(
          audience.direction,
          'audience.direction',
          ANNOUNCEMENT_LIMITS.direction,
          true,
        ),
      };
    default:
      return invalid('audience', 'audience must be { kind: "all" | "team" | "direction" }');
  }
}

/** Reads an announcement from a request or a card; throws announcement_invalid saying which field and its limit. */
export function readAnnouncementDraft(input: unknown): AnnouncementDraft {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    invalid('body', 'an announcement is { title, text, audience }');
  const body = input as Record<string, unknown>;
  const title = cleanText(body.title, 'title', ANNOUNCEMENT_LIMITS.title, true);
  if (title.includes('\n')) invalid('title', 'title is one line');
  const text = cleanText(body.text, 'text', ANNOUNCEMENT_LIMITS.text, true);
  const audience = readAudience(body.audience);
  const rawLink = (
    typeof body.link === 'object' && body.link !== null ? body.link : null
  ) as Record<string, unknown> | null;
  let link: AnnouncementLink | undefined;
  if (rawLink && (rawLink.url || rawLink.label)) {
    const url = safeUrl(cleanText(rawLink.url, 'link.url', ANNOUNCEMENT_LIMITS.url, true));
    if (!url) invalid('link.url', 'link.url must be an https address');
    const label = cleanText(rawLink.label, 'link.label', ANNOUNCEMENT_LIMITS.linkLabel, true);
    link = { label, url };
  } else if (body.link !== undefined && body.link !== null && rawLink === null) {
    invalid('link', 'link is { label, url }');
  }
  return { title, text, ...(link ? { link } : {}), audience };
}

/** 32-bit FNV-1a of a string from `seed`. */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The id of an announcement: what it says, to whom, and the day. Two organisers (or one double click) sending the
 * same announcement the same day make one announcement, hence one send; the same text another day is a new one.
 */
export function announcementId(
  challengeId: string,
  draft: AnnouncementDraft,
  date: string,
): string {
  const key = JSON.stringify([
    challengeId,
    date,
    draft.title,
    draft.text,
    draft.link ?? null,
    draft.audience.kind,
    draft.audience.kind === 'team' ? draft.audience.teamId : '',
    draft.audience.kind === 'direction' ? foldText(draft.audience.direction) : '',
  ]);
  return `a${date.replace(/-/g, '')}-${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x01234567)}`;
}

/** Whether a direction is the one asked for, accents, case and spacing aside. */
export function sameDirection(a: string | undefined, b: string): boolean {
  return a !== undefined && foldText(a) === foldText(b);
}

/** The earliest instant from `now` inside the sending hours: `now` itself, or the next opening. */
export function nextSendingInstant(now: number, timeZone: string, hours: SendingHours): number {
  const date = localDate(now, timeZone);
  const time = localTime(now, timeZone);
  if (time >= hours.from && time < hours.to) return now;
  const day = time < hours.from ? date : addDays(date, 1);
  return zonedInstant(day, hours.from, timeZone);
}

/** Reads "08:00-19:00"; null when it is not two times in order. */
export function parseSendingHours(value: string): SendingHours | null {
  const match = /^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)\s*$/.exec(value);
  if (!match) return null;
  const from = `${match[1]}:${match[2]}`;
  const to = `${match[3]}:${match[4]}`;
  return from < to ? { from, to } : null;
}

// The text: a small Markdown read into blocks, so that each edge renders it its own way and nothing typed can
// become markup (the bot draws TextRuns, which Teams never reads as Markdown; the tab draws DOM text nodes).

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** An https address (anything else stays text). */
  href?: string;
}

export type TextBlockKind = 'paragraph' | 'bullet' | 'numbered';

export interface AnnouncementBlock {
  kind: TextBlockKind;
  /** The number of a numbered item. */
  number?: number;
  /** Lines of the block (a paragraph keeps its line breaks), each a list of spans. */
  lines: Span[][];
}

const INLINE =
  /\*\*([^*\n]+?)\*\*|\*([^*\n]+?)\*|(?<![\p{L}\p{N}])_([^_\n]+?)_(?![\p{L}\p{N}])|\[([^\]\n]+)\]\(([^)\s]+)\)|(https:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/gu;

/** Reads one line's emphasis and links; what is not understood stays as typed. */
export function parseInline(line: string): Span[] {
  const spans: Span[] = [];
  const push = (span: Span) => {
    if (span.text === '') return;
    const last = spans[spans.length - 1];
    if (
      last &&
      !last.bold &&
      !last.italic &&
      !last.href &&
      !span.bold &&
      !span.italic &&
      !span.href
    )
      last.text += span.text;
    else spans.push(span);
  };
  let at = 0;
  for (const match of line.matchAll(INLINE)) {
    push({ text: line.slice(at, match.index) });
    const [whole, bold, star, underscore, label, target, bare] = match;
    if (bold !== undefined) push({ text: bold, bold: true });
    else if (star !== undefined) push({ text: star, italic: true });
    else if (underscore !== undefined) push({ text: underscore, italic: true });
    else if (label !== undefined) {
      const href = safeUrl(target ?? '');
      push(href ? { text: label, href } : { text: whole });
    } else if (bare !== undefined) {
      const href = safeUrl(bare);
      push(href ? { text: bare, href } : { text: whole });
    }
    at = (match.index ?? 0) + whole.length;
  }
  push({ text: line.slice(at) });
  return spans;
}

/** Reads the text into paragraphs and list items. */
export function parseAnnouncementText(text: string): AnnouncementBlock[] {
  const blocks: AnnouncementBlock[] = [];
  let paragraph: AnnouncementBlock | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      paragraph = null;
      continue;
    }
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    const numbered = /^(\d{1,3})[.)]\s+(.*)$/.exec(line);
    if (bullet) {
      paragraph = null;
      blocks.push({ kind: 'bullet', lines: [parseInline(bullet[1] ?? '')] });
    } else if (numbered) {
      paragraph = null;
      blocks.push({
        kind: 'numbered',
        number: Number(numbered[1]),
        lines: [parseInline(numbered[2] ?? '')],
      });
    } else if (paragraph) {
      paragraph.lines.push(parseInline(line));
    } else {
      paragraph = { kind: 'paragraph', lines: [parseInline(line)] };
      blocks.push(paragraph);
    }
  }
  return blocks;
}

/** The text without its markup, for notifications and plain-text fallbacks. */
export function plainText(text: string): string {
  return parseAnnouncementText(text)
    .map((block) => {
      const body = block.lines.map((line) => line.map((span) => span.text).join('')).join('\n');
      if (block.kind === 'bullet') return `• ${body}`;
      if (block.kind === 'numbered') return `${block.number}. ${body}`;
      return body;
    })
    .join('\n');
}
