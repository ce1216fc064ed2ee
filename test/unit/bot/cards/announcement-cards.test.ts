import {
  ANNOUNCEMENT_EDIT_VERB,
  ANNOUNCEMENT_PREVIEW_VERB,
  ANNOUNCEMENT_SEND_VERB,
  announcementComposeCard,
  announcementPreviewCard,
} from '../../../../src/bot/cards/announcement-compose-card';
import {
  ANNOUNCEMENT_CANCEL_VERB,
  ANNOUNCEMENT_REFRESH_VERB,
  announcementReportCard,
} from '../../../../src/bot/cards/announcement-report-card';
import type { AdaptiveCard, ExecuteAction } from '../../../../src/bot/cards/adaptive';
import { parseCommand } from '../../../../src/bot/command-parser';
import { DEFAULT_SENDING_HOURS, readAnnouncementDraft } from '../../../../src/domain/announcements';
import type { AnnouncementStatus } from '../../../../src/usecases/announcements';

const json = (value: unknown) => JSON.stringify(value);
const choices = {
  teams: [{ id: 't1', name: 'Les *Sobres*' }],
  directions: ['Direction des finances'],
};
const form = {
  title: 'Atelier demain',
  text: 'Venez **nombreux** <script>alert(1)</script> [x](javascript:alert(1))',
  linkLabel: '',
  linkUrl: '',
  audience: 'team:t1',
};
const executes = (card: AdaptiveCard) =>
  (card.actions ?? []).filter((a): a is ExecuteAction => a.type === 'Action.Execute');

function status(overrides: Partial<AnnouncementStatus> = {}): AnnouncementStatus {
  return {
    id: 'a20261124-1',
    title: 'Atelier [demain]',
    audience: { kind: 'all' },
    state: 'sending',
    preview: false,
    sendAt: '2026-11-24T09:00:00.000Z',
    createdAt: '2026-11-24T09:00:00.000Z',
    createdBy: 'organiser-1',
    total: 10,
    sent: 6,
    failed: 2,
    skipped: 0,
    pending: 2,
    failures: { 'unreachable (HTTP 403)': 1, 'HTTP 429 after 5 tries': 1 },
    ...overrides,
  };
}
const NOW = Date.parse('2026-11-24T10:00:00+01:00');

describe('the announce command', () => {
  it.each(['annonce', 'Annonce !', 'announce', 'nouvelle annonce', 'new announcement'])(
    'reads "%s"',
    (message) => {
      expect(parseCommand(message)).toEqual({ kind: 'announce' });
    },
  );
});

describe('the compose card', () => {
  it('asks for the title, a multi-line text, a link and the audience, with the limits named', () => {
    const card = announcementComposeCard('fr', { choices, hours: DEFAULT_SENDING_HOURS });
    const inputs = card.body.filter((e) => e.type === 'Input.Text' || e.type === 'Input.ChoiceSet');
    expect(inputs.map((e) => ('id' in e ? e.id : ''))).toEqual([
      'title',
      'text',
      'linkLabel',
      'linkUrl',
      'audience',
    ]);
    expect(card.body).toContainEqual(expect.objectContaining({ id: 'text', isMultiline: true }));
    expect(json(card)).toContain('120 caractères au plus');
    expect(json(card)).toContain('2000 caractères au plus');
    const audience = card.body.find((e) => e.type === 'Input.ChoiceSet');
    expect(audience).toMatchObject({
      choices: [
        { title: 'Tout le monde', value: 'all' },
        { title: 'Équipe Les *Sobres*', value: 'team:t1' },
        { title: 'Direction Direction des finances', value: 'direction:Direction des finances' },
      ],
    });
    // The Markdown help is shown as typed (a TextRun), not rendered
    expect(json(card)).toMatch(/"type":"TextRun","text":"Mise en forme : \*\*gras\*\*/);
    const [preview] = executes(card);
    expect(preview).toMatchObject({
      verb: ANNOUNCEMENT_PREVIEW_VERB,
      fallback: { type: 'Action.Submit', data: { verb: ANNOUNCEMENT_PREVIEW_VERB } },
    });
  });

  it('comes back with what was typed and the problem on top', () => {
    const card = announcementComposeCard('en', {
      choices,
      hours: DEFAULT_SENDING_HOURS,
      form,
      error: 'The title is required',
    });
    expect(card.body[2]).toMatchObject({ text: 'The title is required', weight: 'Bolder' });
    expect(card.body).toContainEqual(expect.objectContaining({ id: 'text', value: form.text }));
    expect(card.body).toContainEqual(expect.objectContaining({ id: 'audience', value: 'team:t1' }));
  });
});

describe('the preview card', () => {
  const draft = readAnnouncementDraft({
    title: form.title,
    text: form.text,
    audience: { kind: 'team', teamId: 't1' },
  });

  it('shows the announcement as agents get it, to whom, and send / edit / discard carrying the form', () => {
    const card = announcementPreviewCard('en', {
      form,
      draft,
      audience: 'Team Les *Sobres*',
      audienceSize: 12,
    });
    const text = json(card);
    expect(text).toContain('To: Team Les \\\\*Sobres\\\\* (12 agent(s))');
    // What was typed is text: no markup, no link but https ones
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).not.toContain('"url":"javascript');
    const actions = executes(card);
    expect(actions.map((a) => a.title)).toEqual(['Send to 12 agent(s)', 'Edit', 'Discard']);
    expect(actions[0]).toMatchObject({ verb: ANNOUNCEMENT_SEND_VERB, data: form });
    expect(actions[1]).toMatchObject({ verb: ANNOUNCEMENT_EDIT_VERB, data: form });
  });

  it('says when it will go out, outside the sending hours', () => {
    const card = announcementPreviewCard('fr', {
      form,
      draft,
      audience: 'Tout le monde',
      audienceSize: 3,
      startsAt: '08:00',
    });
    expect(json(card)).toContain('elle partira à 08:00');
  });
});

describe('the report card', () => {
  it('says how the send goes, why some failed, and offers refresh and stop while it runs', () => {
    const card = announcementReportCard('en', status(), {
      timeZone: 'Europe/Paris',
      now: NOW,
      userId: '29:organiser',
    });
    const text = json(card);
    expect(text).toContain('Sending the announcement “Atelier \\\\[demain\\\\]”');
    expect(card.body).toContainEqual({
      type: 'FactSet',
      facts: [
        { title: 'Received', value: '6 of 10' },
        { title: 'Failed', value: '2 of 10' },
        { title: 'Not sent', value: '0 of 10' },
        { title: 'Waiting', value: '2 of 10' },
      ],
    });
    expect(text).toContain('the app is no longer installed for these agents');
    expect(text).toContain('Teams had no room for them');
    expect(executes(card).map((a) => a.verb)).toEqual([
      ANNOUNCEMENT_REFRESH_VERB,
      ANNOUNCEMENT_CANCEL_VERB,
    ]);
    expect(card.refresh).toMatchObject({
      action: {
        type: 'Action.Execute',
        verb: ANNOUNCEMENT_REFRESH_VERB,
        data: { id: 'a20261124-1' },
      },
      userIds: ['29:organiser'],
    });
  });

  it('says it waits for the opening of the sending hours', () => {
    const card = announcementReportCard(
      'fr',
      status({ state: 'scheduled', sendAt: '2026-11-25T07:00:00.000Z', sent: 0, pending: 10 }),
      { timeZone: 'Europe/Paris', now: Date.parse('2026-11-24T21:00:00+01:00') },
    );
    expect(json(card)).toContain('l’envoi commencera à mercredi 25 novembre 08:00');
  });

  it.each([
    ['done', 'Send finished'],
    ['cancelled', 'Send stopped: what went out is counted below'],
  ] as const)('once %s, says so and offers nothing more', (state, words) => {
    const card = announcementReportCard('en', status({ state, pending: 0 }), {
      timeZone: 'Europe/Paris',
      now: NOW,
      userId: '29:organiser',
    });
    expect(json(card)).toContain(words);
    expect(card.actions).toBeUndefined();
    expect(card.refresh).toBeUndefined();
  });
});
