import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LibraryView } from '../../../src/api/views';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { isHostOf, programmeOrder } from '../../../src/domain/workshops';
import { chromiumPages, runAxe, SCREENSHOTS, THEMES, type AxeResults } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

// A real Chromium beside the rest of the suite on two cores: a step can wait seconds for a busy machine.
jest.setTimeout(60_000);

/** Of the DSI, which hosts three workshops of the demo's programme. */
const HOST = 'demo-agent-1-1';
/** Of the education direction, which hosts none. */
const AGENT = 'demo-agent-1-2';

/** The library page in a real Chromium against the real app, the demo challenge loaded on Wednesday 25 November. */
describe('the library page of the tab', () => {
  let t: TestApp;
  let hostedId: string;
  const pages = chromiumPages();

  const open = async (path: string, width = 1280): Promise<Page> =>
    pages.open(`${t.baseUrl}${path}`, { width, height: 900 });
  const ready = (page: Page) => page.locator('#library-count').waitFor();
  const library = async (agentId: string): Promise<LibraryView> =>
    (await t.get('/api/library', { Authorization: `Dev ${agentId}` })).body;
  const axe = async (page: Page): Promise<AxeResults['violations']> => {
    const results = await runAxe(page);
    expect(results.passes.map((p) => p.id)).toEqual(
      expect.arrayContaining(['color-contrast', 'landmark-one-main', 'label', 'heading-order']),
    );
    return results.violations;
  };
  /** What the reader sees of the library: every shown question's id-less text, and the count said. */
  const shownQuestions = (page: Page) =>
    page.locator('.library-theme .library-entry:visible .library-question').allTextContents();

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T16:00:00+01:00' });
    await loadDemoIfEmpty(t.app.deps);
    const challenge = (await t.app.deps.challenges.current())!;
    const host = (await t.app.deps.agents.get(HOST))!;
    const hosted = programmeOrder(await t.app.deps.workshops.list(challenge.id)).filter((w) =>
      isHostOf(host, w),
    );
    hostedId = hosted[0]!.id;
    // A host already shared the slides of their first workshop.
    const added = await t.post(
      `/api/workshops/${hostedId}/materials`,
      {
        label: 'Diaporama : le numérique en dix chiffres',
        url: 'https://intranet.example.org/dix-chiffres.pdf',
      },
      { Authorization: `Dev ${HOST}` },
    );
    expect(added.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows the questions of the quizzes sent so far by theme, and the workshops’ materials, in French', async () => {
    // Given an agent; when they open the library from the navigation
    const page = await open(`/tab/?agent=${AGENT}#classement`);
    await page.locator('.podium svg').waitFor();
    await page.getByRole('link', { name: 'Bibliothèque' }).click();
    await ready(page);
    const view = await library(AGENT);

    // Then the page has its title, and every question of Monday to Wednesday, none of Thursday or Friday
    expect(await page.locator('h1').textContent()).toBe('Bibliothèque des éco-gestes');
    expect(await page.locator('nav a[href="#bibliotheque"]').getAttribute('aria-current')).toBe(
      'page',
    );
    const questions = view.themes.flatMap((theme) => theme.questions);
    expect(new Set(questions.map((q) => q.day))).toEqual(new Set([1, 2, 3]));
    expect(await shownQuestions(page)).toHaveLength(questions.length);
    expect(await page.locator('.library-theme h3').allTextContents()).toEqual(
      view.themes.map((theme) => theme.name.fr),
    );
    expect(await page.locator('text=/^Jour [45],/').count()).toBe(0);
    // what the agent answered shows its answer and source; what they did not waits for their answer in the chat
    const answered = questions.filter((q) => q.answer !== null);
    expect(answered.length).toBeGreaterThan(0);
    expect(await page.locator('.library-answer').count()).toBe(answered.length);
    expect(await page.locator('.library-pending').count()).toBe(questions.length - answered.length);
    expect(await page.locator('.library-answer a[href^="https://"]').count()).toBe(answered.length);
    // the workshop's slides, as a link
    await expect(
      page.getByRole('link', { name: 'Diaporama : le numérique en dix chiffres' }).count(),
    ).resolves.toBe(1);
    expect(await page.locator('.library-add').count()).toBe(0);
    expect(await page.locator('#library-count').textContent()).toBe(
      `${questions.length} questions et 1 atelier.`,
    );
  });

  it('filters as the reader types, without minding accents or capitals, and says how many match', async () => {
    const page = await open(`/tab/?agent=${AGENT}#bibliotheque`);
    await ready(page);
    const view = await library(AGENT);
    const all = (await shownQuestions(page)).length;
    const count = page.locator('#library-count');
    expect(await count.getAttribute('aria-live')).toBe('polite');
    expect(await count.getAttribute('role')).toBe('status');

    // When they type "ENERGIE" (no accent, capitals): the theme "Énergie et données" is found
    await page.getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' }).fill('ENERGIE');
    const energy = view.themes.find((theme) => theme.name.fr === 'Énergie et données');
    expect(energy).toBeDefined();
    await page.waitForFunction(() =>
      document.querySelector('#library-count')?.textContent?.startsWith('Pour « ENERGIE »'),
    );
    const shown = await shownQuestions(page);
    expect(shown.length).toBeGreaterThanOrEqual(energy!.questions.length);
    expect(shown.length).toBeLessThan(all);
    for (const q of energy!.questions) expect(shown).toContain(q.text);
    expect(await count.textContent()).toMatch(
      /^Pour « ENERGIE » : \d+ questions? et \d+ ateliers?\.$/,
    );

    // "eco" finds "éco" (here in a material's label or a question), and nothing matches a made-up word
    await page
      .getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' })
      .fill('dix chiffres');
    await page.waitForFunction(() =>
      document.querySelector('#library-count')?.textContent?.startsWith('Pour « dix chiffres »'),
    );
    expect(
      await page.locator('.library-list > li.library-entry:visible h3').allTextContents(),
    ).toHaveLength(1);
    await page
      .getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' })
      .fill('xylophone');
    await page.waitForFunction(
      () =>
        document.querySelector('#library-count')?.textContent ===
        'Rien ne correspond à « xylophone ».',
    );
    expect(await shownQuestions(page)).toEqual([]);

    // And clearing the search shows everything again
    await page.getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' }).fill('');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.library-theme .library-entry:not([hidden])').length === n,
      all,
    );
  });

  it('finds "éco" when the reader types "eco"', async () => {
    const page = await open(`/tab/?agent=${AGENT}#bibliotheque`);
    await ready(page);
    await page.getByRole('searchbox', { name: 'Rechercher dans la bibliothèque' }).fill('eco');
    await page.waitForFunction(() =>
      document.querySelector('#library-count')?.textContent?.startsWith('Pour « eco »'),
    );
    const texts = await page.locator('.library-entry:visible').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const text of texts) expect(fold(text)).toContain('eco');
    expect(texts.some((text) => /éco/i.test(text))).toBe(true);
  });

  it('loads its code only when opened: the first load of the ranking does not carry it', async () => {
    const page = await open(`/tab/?agent=${AGENT}#classement`);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.js')) scripts.push(new URL(request.url()).pathname);
    });
    await page.locator('.podium svg').waitFor();
    await page.waitForLoadState('networkidle');
    expect(scripts.filter((s) => s.includes('/library.'))).toEqual([]);
    await page.evaluate(() => (location.hash = '#bibliotheque'));
    await ready(page);
    expect(scripts.filter((s) => s.includes('/library.'))).toHaveLength(1);
  });

  it('lets a host add a link to their workshop, and says plainly why a bad one is refused', async () => {
    const page = await open(`/tab/?agent=${HOST}#bibliotheque`);
    await ready(page);
    const form = page.locator(`#material-${hostedId}-label`).locator('xpath=ancestor::details');
    await form.locator('summary').click();

    // A javascript: address is refused by the server, with the reason, and nothing is added
    await page.locator(`#material-${hostedId}-label`).fill('Cliquez ici');
    await page.locator(`#material-${hostedId}-url`).fill('javascript:alert(1)');
    await form.getByRole('button', { name: /^Ajouter le lien/ }).click();
    const outcome = page.locator('#action-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('https://');
    expect(await outcome.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await library(HOST)).workshops.find((w) => w.id === hostedId)!.materials).toHaveLength(
      1,
    );
    // what was typed is still there to fix
    expect(await page.locator(`#material-${hostedId}-label`).inputValue()).toBe('Cliquez ici');

    // A good one is added and shown
    await page.locator(`#material-${hostedId}-url`).fill('https://intranet.example.org/guide.pdf');
    await form.getByRole('button', { name: /^Ajouter le lien/ }).click();
    await page.getByRole('link', { name: 'Cliquez ici' }).waitFor();
    expect(await page.locator('#action-outcome').textContent()).toMatch(/^Lien ajouté/);

    // And removed again
    await page.getByRole('button', { name: 'Retirer — Cliquez ici' }).click();
    await page.waitForFunction(() =>
      document.querySelector('#action-outcome')?.textContent?.startsWith('Lien retiré'),
    );
    await page.getByRole('link', { name: 'Cliquez ici' }).waitFor({ state: 'detached' });
  });

  it.each(THEMES)('has no axe violations in the %s theme, its add form open', async (theme) => {
    const page = await open(`/tab/?agent=${HOST}&theme=${theme}#bibliotheque`);
    await ready(page);
    await page.locator('.library-add-box summary').first().click();

    expect(await axe(page)).toEqual([]);
    // Headings in order: the page's h1, then h2 sections, then h3 themes and workshops.
    const levels = await page.$$eval('main h1, main h2, main h3, main h4', (hs) =>
      hs.map((h) => Number(h.tagName.slice(1))),
    );
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level - levels[i - 1]!).toBeLessThanOrEqual(1));
    mkdirSync(SCREENSHOTS, { recursive: true });
    if (theme === 'default') {
      await page
        .locator('.library-add-box')
        .first()
        .evaluate((d) => d.removeAttribute('open'));
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: join(SCREENSHOTS, 'bibliotheque.png'),
        animations: 'disabled',
      });
    }
  });

  it('prints without navigation nor controls, each link’s address written out', async () => {
    const page = await open(`/tab/?agent=${HOST}#bibliotheque`);
    await ready(page);

    await page.emulateMedia({ media: 'print' });

    expect(await page.locator('header nav').isVisible()).toBe(false);
    expect(await page.locator('#library-search').isVisible()).toBe(false);
    expect(await page.locator('.library-add-box').first().isVisible()).toBe(false);
    expect(await page.locator('button:visible').count()).toBe(0);
    expect(await page.locator('.library-theme').first().isVisible()).toBe(true);
    const after = await page
      .getByRole('link', { name: 'Diaporama : le numérique en dix chiffres' })
      .evaluate((a) => getComputedStyle(a, '::after').content);
    expect(after).toContain('https://intranet.example.org/dix-chiffres.pdf');
  });

  it('reflows on a phone and at 200 % text: no page-wide horizontal scroll', async () => {
    const page = await open(`/tab/?agent=${HOST}#bibliotheque`, 400);
    await ready(page);
    await page.locator('.library-add-box summary').first().click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      400,
    );
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const wide = await open(`/tab/?agent=${HOST}#bibliotheque`, 1280);
    await ready(wide);
    await wide.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    for (const p of [page, wide]) {
      const { scroll, width } = await p.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      expect(scroll).toBeLessThanOrEqual(width);
    }
  });

  it('speaks English when asked', async () => {
    const page = await open(`/tab/?agent=${AGENT}&lang=en#bibliotheque`);
    await ready(page);
    expect(await page.locator('h1').textContent()).toBe('Green gestures library');
    expect(await page.locator('nav a[href="#bibliotheque"]').textContent()).toBe('Library');
    await expect(page.getByRole('searchbox', { name: 'Search the library' }).count()).resolves.toBe(
      1,
    );
    expect(await page.locator('.library-theme h3').first().textContent()).not.toBe('');
  });
});
