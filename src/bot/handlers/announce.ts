import type { Audience, AnnouncementDraft } from '../../domain/announcements';
import { ANNOUNCEMENT_LIMITS } from '../../domain/announcements';
import { type DomainError, isDomainError } from '../../domain/errors';
import { localDate, localTime } from '../../domain/time';
import {
  announcementChoices,
  checkAnnouncement,
  type AudienceChoices,
} from '../../usecases/announcements';
import { card, text, type AdaptiveCard } from '../cards/adaptive';
import {
  ANNOUNCEMENT_DISCARD_VERB,
  ANNOUNCEMENT_EDIT_VERB,
  ANNOUNCEMENT_PREVIEW_VERB,
  announcementComposeCard,
  announcementDiscardedCard,
  announcementPreviewCard,
  type AnnouncementForm,
} from '../cards/announcement-compose-card';
import type { HandlerContext } from '../handler-context';
import { dateText, errorText, t } from '../messages';
import { audience, typed, type CardFields } from '../card-data';
import { cardActionRoute, commandRoute, textField, type CardData } from '../routing';

/** What is kept of a field typed in the card: enough to show it again, never a whole oversized body. */
const KEPT = ANNOUNCEMENT_LIMITS.text + 500;

/** The compose form's fields, as the compose card's inputs and the preview's buttons send them. */
export const FORM_FIELDS: CardFields = {
  title: typed(KEPT),
  text: typed(4 * KEPT),
  linkLabel: typed(KEPT),
  linkUrl: typed(KEPT),
  audience: audience(),
};

/** The compose form from card data (the inputs Teams merged in, or the preview's buttons' data). */
export function readForm(data: CardData): AnnouncementForm {
  const field = (name: string) => textField(data, name).slice(0, KEPT);
  return {
    title: field('title'),
    text: field('text'),
    linkLabel: field('linkLabel'),
    linkUrl: field('linkUrl').trim(),
    audience: field('audience'),
  };
}

/** "all", "team:<id>", "direction:<name>" → the draft's audience, or undefined (refused by the draft's reader). */
function audienceOfForm(value: string): Audience | undefined {
  if (value === 'all') return { kind: 'all' };
  if (value.startsWith('team:')) return { kind: 'team', teamId: value.slice('team:'.length) };
  if (value.startsWith('direction:'))
    return { kind: 'direction', direction: value.slice('direction:'.length) };
  return undefined;
}

/** The form as the draft `readAnnouncementDraft` checks (a link only when either of its fields is filled). */
export function draftOfForm(form: AnnouncementForm): unknown {
  return {
    title: form.title,
    text: form.text,
    ...(form.linkLabel.trim() || form.linkUrl
      ? { link: { label: form.linkLabel, url: form.linkUrl } }
      : {}),
    audience: audienceOfForm(form.audience),
  };
}

/** A refused draft in words, naming the field and its limit. */
export function invalidDraftText(context: HandlerContext, error: DomainError): string {
  const field = String(error.details.field ?? '');
  const locale = context.locale;
  if (/cannot be shown/.test(error.message))
    return t(locale, 'announcement.invalid.characters', { field });
  if (field === 'title')
    return t(locale, 'announcement.invalid.title', { limit: ANNOUNCEMENT_LIMITS.title });
  if (field === 'text')
    return t(locale, 'announcement.invalid.text', { limit: ANNOUNCEMENT_LIMITS.text });
  if (field === 'link.label')
    return t(locale, 'announcement.invalid.link.label', { limit: ANNOUNCEMENT_LIMITS.linkLabel });
  if (field.startsWith('link'))
    return t(locale, 'announcement.invalid.link.url', { limit: ANNOUNCEMENT_LIMITS.url });
  if (field.startsWith('audience')) return t(locale, 'announcement.invalid.audience');
  return errorText(locale, error);
}

/** A refusal in place of the clicked card, for what the compose card cannot be shown for (not an organiser). */
export function refusalCard(context: HandlerContext, message: string): AdaptiveCard {
  return card([text(message, { weight: 'Bolder' })], [], context.locale);
}

/** The audience in words, with the team's name rather than its id. */
function audienceInWords(
  context: HandlerContext,
  draft: AnnouncementDraft,
  choices: AudienceChoices,
): string {
  const audience = draft.audience;
  if (audience.kind === 'all') return t(context.locale, 'announcement.audience.all');
  if (audience.kind === 'team')
    return t(context.locale, 'announcement.audience.team', {
      name: choices.teams.find((team) => team.id === audience.teamId)?.name ?? audience.teamId,
    });
  return t(context.locale, 'announcement.audience.direction', { name: audience.direction });
}

async function composeCard(
  context: HandlerContext,
  form?: AnnouncementForm,
  error?: string,
): Promise<AdaptiveCard> {
  const choices = await announcementChoices(context.deps, { by: context.agent.id });
  return announcementComposeCard(context.locale, {
    choices,
    hours: context.settings.sendingHours,
    ...(form ? { form } : {}),
    ...(error ? { error } : {}),
  });
}

/** `annonce` / `announce`: an organiser's compose card (anyone else is told it is for organisers). */
export const announceRoute = commandRoute({
  kind: 'announce',
  async handle(context) {
    await context.replyCard(await composeCard(context));
  },
});

/**
 * "Preview": the draft checked as the send will check it; refused, the compose card comes back with what was
 * typed and the problem on top; accepted, it is replaced by the announcement as agents will see it.
 */
export const announcementPreviewAction = cardActionRoute({
  verb: ANNOUNCEMENT_PREVIEW_VERB,
  fields: FORM_FIELDS,
  async handle(context, data) {
    const form = readForm(data);
    try {
      const checked = await checkAnnouncement(context.deps, {
        by: context.agent.id,
        draft: draftOfForm(form),
        hours: context.settings.sendingHours,
      });
      const choices = await announcementChoices(context.deps, { by: context.agent.id });
      const now = context.deps.clock.now();
      const sameDay =
        localDate(checked.sendAt, checked.timeZone) === localDate(now, checked.timeZone);
      const time = localTime(checked.sendAt, checked.timeZone);
      return announcementPreviewCard(context.locale, {
        form,
        draft: checked.draft,
        audience: audienceInWords(context, checked.draft, choices),
        audienceSize: checked.audienceSize,
        ...(checked.sendAt > now
          ? {
              startsAt: sameDay
                ? time
                : `${dateText(context.locale, localDate(checked.sendAt, checked.timeZone))} ${time}`,
            }
          : {}),
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (isDomainError(error, 'not_organiser'))
        return refusalCard(context, errorText(context.locale, error));
      const message = isDomainError(error, 'announcement_invalid')
        ? invalidDraftText(context, error)
        : errorText(context.locale, error);
      return composeCard(context, form, message);
    }
  },
});

/** "Edit" on the preview: the compose card again, filled with what was previewed. */
export const announcementEditAction = cardActionRoute({
  verb: ANNOUNCEMENT_EDIT_VERB,
  fields: FORM_FIELDS,
  async handle(context, data) {
    try {
      return await composeCard(context, readForm(data));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return refusalCard(context, errorText(context.locale, error));
    }
  },
});

/** "Discard" on the preview: nothing is kept or sent. */
export const announcementDiscardAction = cardActionRoute({
  verb: ANNOUNCEMENT_DISCARD_VERB,
  fields: {},
  handle: async (context) => announcementDiscardedCard(context.locale),
});
