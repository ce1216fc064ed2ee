import type { Locale } from '../../domain/agents';
import {
  ANNOUNCEMENT_LIMITS,
  type AnnouncementDraft,
  type SendingHours,
} from '../../domain/announcements';
import type { AudienceChoices } from '../../usecases/announcements';
import { t } from '../messages';
import {
  card,
  escapeMarkdown,
  text,
  type AdaptiveCard,
  type CardElement,
  universalAction,
} from './adaptive';
import { announcementBody } from './announcement-card';

export const ANNOUNCEMENT_PREVIEW_VERB = 'announcement.preview';
export const ANNOUNCEMENT_EDIT_VERB = 'announcement.edit';
export const ANNOUNCEMENT_DISCARD_VERB = 'announcement.discard';
export const ANNOUNCEMENT_SEND_VERB = 'announcement.send';

/**
 * The compose card's fields as Teams sends them back (and as the preview's buttons carry them, so that "Edit"
 * redraws the filled form and "Send" sends exactly what was previewed). `audience` is "all", "team:<id>" or
 * "direction:<name>".
 */
export interface AnnouncementForm {
  title: string;
  text: string;
  linkLabel: string;
  linkUrl: string;
  audience: string;
}

export const EMPTY_FORM: AnnouncementForm = {
  title: '',
  text: '',
  linkLabel: '',
  linkUrl: '',
  audience: 'all',
};

/** The audience picker's choices: everyone, then each team, then each direction. */
function audienceChoices(locale: Locale, choices: AudienceChoices) {
  return [
    { title: t(locale, 'announcement.audience.all'), value: 'all' },
    ...choices.teams.map((team) => ({
      title: t(locale, 'announcement.audience.team', { name: team.name }),
      value: `team:${team.id}`,
    })),
    ...choices.directions.map((direction) => ({
      title: t(locale, 'announcement.audience.direction', { name: direction }),
      value: `direction:${direction}`,
    })),
  ];
}

/**
 * The organiser's compose card: title, text (a text area), an optional link button, the audience, a line on the
 * Markdown understood, and "Preview". Redrawn with what was typed and the problem on top when a preview refuses it.
 */
export function announcementComposeCard(
  locale: Locale,
  options: {
    choices: AudienceChoices;
    hours: SendingHours;
    form?: AnnouncementForm;
    error?: string;
  },
): AdaptiveCard {
  const form = options.form ?? EMPTY_FORM;
  const body: CardElement[] = [
    text(t(locale, 'announcement.compose.title'), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
    text(
      t(locale, 'announcement.compose.intro', {
        from: options.hours.from,
        to: options.hours.to,
      }),
      { isSubtle: true, spacing: 'Small' },
    ),
  ];
  if (options.error) body.push(text(options.error, { weight: 'Bolder' }));
  body.push(
    {
      type: 'Input.Text',
      id: 'title',
      label: t(locale, 'announcement.compose.titleLabel', { max: ANNOUNCEMENT_LIMITS.title }),
      maxLength: ANNOUNCEMENT_LIMITS.title,
      isRequired: true,
      errorMessage: t(locale, 'announcement.invalid.title', { limit: ANNOUNCEMENT_LIMITS.title }),
      ...(form.title ? { value: form.title } : {}),
    },
    {
      type: 'Input.Text',
      id: 'text',
      label: t(locale, 'announcement.compose.textLabel', { max: ANNOUNCEMENT_LIMITS.text }),
      isMultiline: true,
      maxLength: ANNOUNCEMENT_LIMITS.text,
      isRequired: true,
      errorMessage: t(locale, 'announcement.invalid.text', { limit: ANNOUNCEMENT_LIMITS.text }),
      ...(form.text ? { value: form.text } : {}),
    },
    // The syntax is shown as typed: a TextRun is never read as Markdown.
    {
      type: 'RichTextBlock',
      spacing: 'None',
      inlines: [{ type: 'TextRun', text: t(locale, 'announcement.compose.help'), italic: true }],
    },
    {
      type: 'Input.Text',
      id: 'linkLabel',
      label: t(locale, 'announcement.compose.linkLabel'),
      maxLength: ANNOUNCEMENT_LIMITS.linkLabel,
      ...(form.linkLabel ? { value: form.linkLabel } : {}),
    },
    {
      type: 'Input.Text',
      id: 'linkUrl',
      label: t(locale, 'announcement.compose.linkUrl'),
      placeholder: 'https://',
      maxLength: ANNOUNCEMENT_LIMITS.url,
      ...(form.linkUrl ? { value: form.linkUrl } : {}),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'audience',
      label: t(locale, 'announcement.compose.audience'),
      style: 'compact',
      isRequired: true,
      errorMessage: t(locale, 'announcement.invalid.audience'),
      choices: audienceChoices(locale, options.choices),
      value: form.audience || 'all',
    },
  );
  return card(
    body,
    [
      universalAction(
        t(locale, 'announcement.preview.title'),
        ANNOUNCEMENT_PREVIEW_VERB,
        {},
        'positive',
      ),
    ],
    locale,
  );
}

/**
 * The preview that replaces the compose card: the announcement as agents will see it, to whom, when if not now,
 * and "Send to N agents" / "Edit" / "Discard". The buttons carry the form, so the send is what was previewed.
 */
export function announcementPreviewCard(
  locale: Locale,
  options: {
    form: AnnouncementForm;
    draft: AnnouncementDraft;
    /** The audience in words ("Everyone", "Team …"), as typed by people: escaped here. */
    audience: string;
    audienceSize: number;
    /** The local time the send would wait for, when confirmed outside the sending hours. */
    startsAt?: string;
  },
): AdaptiveCard {
  const { form, draft } = options;
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'emphasis',
      items: [
        text(t(locale, 'announcement.preview.title'), { weight: 'Bolder' }),
        text(
          t(locale, 'announcement.preview.to', {
            audience: escapeMarkdown(options.audience),
            count: options.audienceSize,
          }),
          { spacing: 'None' },
        ),
        ...(options.startsAt
          ? [
              text(t(locale, 'announcement.preview.later', { time: options.startsAt }), {
                spacing: 'None' as const,
              }),
            ]
          : []),
      ],
    },
    ...announcementBody(draft),
  ];
  if (draft.link)
    // The link button as agents will get it, shown here without being one (an organiser clicks "Send" nearby).
    body.push(
      text(`🔗 ${escapeMarkdown(draft.link.label)} — ${escapeMarkdown(draft.link.url)}`, {
        isSubtle: true,
      }),
    );
  const data = { ...form };
  return card(
    body,
    [
      universalAction(
        t(locale, 'announcement.send', { count: options.audienceSize }),
        ANNOUNCEMENT_SEND_VERB,
        data,
        'positive',
      ),
      universalAction(t(locale, 'announcement.edit'), ANNOUNCEMENT_EDIT_VERB, data),
      universalAction(
        t(locale, 'announcement.discard'),
        ANNOUNCEMENT_DISCARD_VERB,
        {},
        'destructive',
      ),
    ],
    locale,
  );
}

/** What a discarded draft leaves in the chat. */
export function announcementDiscardedCard(locale: Locale): AdaptiveCard {
  return card([text(t(locale, 'announcement.discarded'), { isSubtle: true })], undefined, locale);
}
