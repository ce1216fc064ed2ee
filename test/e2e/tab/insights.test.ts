import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { InsightsView } from '../../../src/api/views';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { givenAgent, givenAnswer } from '../../support/builders';
import { chromiumPages, runAxe, SCREENSHOTS, THEMES } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

// A real Chromium beside the rest of the suite on two cores: a step can wait seconds for a busy machine.
jest.setTimeout(60_000);

const ORGANISER = 'demo-agent-1-1';
const AGENT = 'demo-agent-3-1';

/**
 * The Enseignements page in a real Chromium against the real app: the demo challenge on Friday 27 November, and a
 * direction of six field agents who mostly missed the "right to disconnect" question, so that one theme is weak.
 */
describe('the Enseignements page of the tab', () => {
  let t: TestApp;
  let view: InsightsView;
  const pages = chromiumPages();

  const open = async (path: string): Promise<Page> => {
    const page = await pages.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.baseUrl}${path}`);
    await page.locator('.insight-list').waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-27T16:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    const deps = t.app.deps;
    await loadDemoIfEmpty(deps);
    const challenge = (await deps.challenges.current())!;
    const quizzes = await deps.quizzes.list(challenge.id);
    const disconnect = quizzes
      .flatMap((quiz) => quiz.questions.map((q) => ({ quiz, q })))
      .find(({ q }) => q.theme === 'deconnexion')!;
    for (let i = 0; i < 15; i += 1) {
      const id = `field-${i}`;
      await givenAgent(deps, {
        id,
        name: `Agent de terrain ${i}`,
        direction: 'Direction de la voirie',
      });
      await givenAnswer(deps, id, {
        challengeId: challenge.id,
        quizId: disconnect.quiz.id,
        questionId: disconnect.q.id,
        correct: false,
        points: 1,
      });
    }
    view = (await t.get('/api/admin/insights', { Authorization: `Dev ${ORGANISER}` }))
      .body as InsightsView;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows each theme’s share in words beside its bar, the weak one flagged with its training link', async () => {
    // Given the API's view: one weak theme
    const weak = view.themes.filter((theme) => theme.overall?.weak);
    expect(weak.map((theme) => theme.theme)).toEqual(['deconnexion']);

    // When the organiser opens the page
    const page = await open(`/tab/?agent=${ORGANISER}#enseignements`);

    // Then every theme is listed, weakest first, its share written out
    expect(await page.locator('h1').textContent()).toBe('Ce que les réponses apprennent');
    const items = page.locator('.insight-list > li');
    expect(await items.count()).toBe(view.themes.length);
    const first = items.first();
    expect(await first.locator('h3').textContent()).toContain('Droit à la déconnexion');
    // Weak in words, not by colour alone
    expect(await first.locator('.weak-mark').textContent()).toContain('À renforcer');
    expect(await first.textContent()).toMatch(/\d+\s%\sde bonnes réponses/);
    const link = first.locator('.training a');
    expect(await link.getAttribute('href')).toBe(weak[0]!.training.url);
    // Only the weak theme carries the mark
    expect(await page.locator('.weak-mark').count()).toBe(1);
    // The bars are drawings only: the figures are in the text and the tables
    expect(await page.locator('.insight-bar[aria-hidden="true"]').count()).toBe(view.themes.length);

    // And the tables: one for the themes, one per theme shown with its directions, with captions and headers
    const tables = page.locator('table');
    expect(await tables.count()).toBe(1 + view.themes.filter((theme) => theme.overall).length);
    for (const table of await tables.all()) {
      expect(await table.locator('caption').count()).toBe(1);
      expect(await table.locator('thead th[scope="col"]').count()).toBeGreaterThan(0);
      expect(await table.locator('tbody th[scope="row"]').count()).toBeGreaterThan(0);
    }
    // The field agents' direction has its own row on the weak theme; no row holds fewer than 5 agents
    const disconnect = page.locator('table', { hasText: 'Droit à la déconnexion : part' });
    expect(await disconnect.textContent()).toContain('Direction de la voirie');
    const agentCells = await page
      .locator('section[aria-labelledby="insights-directions"] tbody td:nth-child(2)')
      .allTextContents();
    expect(agentCells.length).toBeGreaterThan(0);
    for (const cell of agentCells)
      expect(Number(cell.replace(/\D/g, ''))).toBeGreaterThanOrEqual(5);
  });

  it.each(THEMES)('has no axe violations in the %s theme', async (theme) => {
    const page = await open(`/tab/?agent=${ORGANISER}&theme=${theme}#enseignements`);
    const results = await runAxe(page);
    expect(results.passes.map((p) => p.id)).toEqual(
      expect.arrayContaining(['color-contrast', 'landmark-one-main']),
    );
    expect(results.violations).toEqual([]);
    // The bar's frame and fill stand out from the card (non-text contrast, 3:1)
    const contrast = await page.evaluate(() => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const luminance = (color: string) => {
        const [r, g, b] = rgb(color).map((v) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const ratio = (a: string, b: string) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi! + 0.05) / (lo! + 0.05);
      };
      const bar = document.querySelector('.insight-bar')!;
      const fill = document.querySelector('.insight-fill')!;
      const card = getComputedStyle(document.querySelector('.insight')!).backgroundColor;
      return {
        frame: ratio(getComputedStyle(bar).borderTopColor, card),
        fill: ratio(getComputedStyle(fill).backgroundColor, getComputedStyle(bar).backgroundColor),
      };
    });
    expect(contrast.frame).toBeGreaterThanOrEqual(3);
    expect(contrast.fill).toBeGreaterThanOrEqual(3);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: join(
        SCREENSHOTS,
        theme === 'default' ? 'enseignements.png' : `enseignements-${theme}.png`,
      ),
      fullPage: true,
    });
  });

  it('downloads the CSV through the API with the organiser credentials', async () => {
    const page = await open(`/tab/?agent=${ORGANISER}&lang=en#enseignements`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^enseignements-.+\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('Ce que les réponses apprennent');
  });

  it('is refused to an agent, who gets a notice and no figures', async () => {
    const page = await pages.newPage();
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/admin/insights'));
    await page.goto(`${t.baseUrl}/tab/?agent=${AGENT}#enseignements`);
    expect((await refused).status()).toBe(403);
    await page.locator('main .notice').waitFor();
    expect(await page.locator('.insight-list').count()).toBe(0);
    expect(await page.locator('nav a[href="#enseignements"]').isVisible()).toBe(false);
  });
});
