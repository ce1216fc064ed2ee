import type { InsightsView } from '../../../src/api/views';
import {
  buildChallenge,
  buildQuestion,
  givenAgent,
  givenAnswer,
  givenQuiz,
} from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

const ORGANISER = 'orga-1';
const AGENT = 'agent-plain';
const as = (id: string) => ({ Authorization: `Dev ${id}` });

/**
 * What the answers teach, through the real app (dev sign-in, Azurite): organisers only, per quiz theme, with the
 * k ≥ 5 rule on every group shown, as JSON and CSV, and training links set per challenge.
 */
describe('the insights API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-27T18:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    const deps = t.app.deps;
    await deps.challenges.saveAsCurrent(buildChallenge());
    // Day 1: two questions on the mailbox, one on cybersecurity.
    await givenQuiz(deps, 1, {
      questions: [
        buildQuestion('j1-q1', { theme: 'messagerie' }),
        buildQuestion('j1-q2', { theme: 'messagerie' }),
        buildQuestion('j1-q3', { theme: 'cybersecurite' }),
      ],
    });
    await givenAgent(deps, { id: ORGANISER, name: 'Orga' });
    // 6 agents of the IT direction, 3 of HR, 2 of a direction whose name tries to be a formula.
    const directions = [
      ...Array.from({ length: 6 }, () => 'Direction des systèmes d’information'),
      ...Array.from({ length: 3 }, () => 'Direction des ressources humaines'),
      '=HYPERLINK("http://evil")',
      '=HYPERLINK("http://evil")',
    ];
    await Promise.all(
      directions.map(async (direction, i) => {
        const id = `a${i}`;
        await givenAgent(deps, { id, name: `Agent ${i}`, direction });
        // Everyone answers the mailbox questions: the IT agents get the first right, the others not.
        await givenAnswer(deps, id, { questionId: 'j1-q1', correct: i < 6, points: i < 6 ? 2 : 1 });
        await givenAnswer(deps, id, { questionId: 'j1-q2', correct: true, points: 2 });
        // Only four agents answer on cybersecurity: too few to show anything.
        if (i < 4) await givenAnswer(deps, id, { questionId: 'j1-q3', correct: true, points: 2 });
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses anyone but an organiser (403 not_organiser), and anyone not signed in (401)', async () => {
    for (const path of ['/api/admin/insights', '/api/admin/insights?format=csv']) {
      const refused = await t.get(path, as(AGENT));
      expect([path, refused.status, refused.body.error]).toEqual([path, 403, 'not_organiser']);
      expect((await t.get(path)).status).toBe(401);
    }
    const post = await t.post('/api/admin/insights/training-links', { links: {} }, as(AGENT));
    expect(post.status).toBe(403);
  });

  it('gives the organiser each theme’s share of right answers, with no group under 5 agents', async () => {
    // When
    const { status, body } = await t.get('/api/admin/insights', as(ORGANISER));
    const view = body as InsightsView;

    // Then the mailbox theme: 11 agents, 22 answers, 17 right; IT shown alone, the others merged
    expect(status).toBe(200);
    expect(view.minAgents).toBe(5);
    const mailbox = view.themes.find((theme) => theme.theme === 'messagerie')!;
    expect(mailbox.name.fr).toBe('Messagerie');
    expect(mailbox.overall).toEqual({
      agents: 11,
      answers: 22,
      right: 17,
      share: '0.77',
      weak: false,
    });
    expect(mailbox.groups).toEqual([
      {
        kind: 'direction',
        direction: 'Direction des systèmes d’information',
        agents: 6,
        answers: 12,
        right: 12,
        share: '1.00',
        weak: false,
      },
      {
        kind: 'others',
        directions: 2,
        agents: 5,
        answers: 10,
        right: 5,
        share: '0.50',
        weak: true,
      },
    ]);
    for (const theme of view.themes)
      for (const group of theme.groups) expect(group.agents).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(view)).not.toContain('ressources humaines');
    expect(JSON.stringify(view)).not.toContain('HYPERLINK');

    // And cybersecurity, answered by four agents, shows nothing but its training offer
    const cyber = view.themes.find((theme) => theme.theme === 'cybersecurite')!;
    expect(cyber.overall).toBeNull();
    expect(cyber.groups).toEqual([]);
    expect(cyber.training.url).toBe('https://secnumacademie.gouv.fr/');
  });

  it('downloads the same figures as a CSV for French spreadsheets, formulas defused', async () => {
    const csv = await t.get('/api/admin/insights?format=csv', as(ORGANISER));

    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="enseignements-c1.csv"',
    );
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines).toContain(
      'Messagerie;Direction des systèmes d’information;6;12;12;1,00;non;Pix — compétence 2.1 « Interagir » (Communication et collaboration);https://pix.fr/competences',
    );
    expect(
      lines.some((line) => line.startsWith('Messagerie;Autres directions (2);5;10;5;0,50;oui;')),
    ).toBe(true);
    expect(
      lines.some((line) => line.startsWith('Cybersécurité;moins de 5 agents ont répondu')),
    ).toBe(true);
    const cells = lines.flatMap((line) => line.split(';'));
    expect(cells.filter((cell) => /^"?[=+@-]/.test(cell))).toEqual([]);
  });

  it('lets an organiser set the challenge’s training link of a theme, and refuses an address that is not https', async () => {
    // When
    const set = await t.post(
      '/api/admin/insights/training-links',
      {
        links: {
          messagerie: {
            label: 'Parcours messagerie de la ville',
            url: 'https://formation.ville.fr/messagerie',
          },
        },
      },
      as(ORGANISER),
    );
    const bad = await t.post(
      '/api/admin/insights/training-links',
      { links: { messagerie: { label: 'Lien', url: 'http://formation.ville.fr' } } },
      as(ORGANISER),
    );
    const view = (await t.get('/api/admin/insights', as(ORGANISER))).body as InsightsView;

    // Then
    expect(set.status).toBe(200);
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_import' } });
    expect(view.themes.find((theme) => theme.theme === 'messagerie')!.training).toEqual({
      label: 'Parcours messagerie de la ville',
      url: 'https://formation.ville.fr/messagerie',
    });
    // The other themes keep their default offer.
    expect(view.themes.find((theme) => theme.theme === 'cybersecurite')!.training.url).toBe(
      'https://secnumacademie.gouv.fr/',
    );
  });
});
