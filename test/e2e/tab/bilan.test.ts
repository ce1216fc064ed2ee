import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { chromiumPages, runAxe, SCREENSHOTS, THEMES, type AxeResults } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

// A real Chromium beside the rest of the suite on two cores: a step can wait seconds for a busy machine.
jest.setTimeout(60_000);

// As tab.test.ts: the README's pictures are rewritten only when asked.
const ORGANISER = 'demo-agent-1-1';
const AGENT = 'demo-agent-3-1';
/** An A4 portrait page less 12 mm margins, in CSS pixels (96 per inch). */
const A4_CONTENT_WIDTH = Math.floor(((210 - 24) / 25.4) * 96);

/** The Bilan page in a real Chromium against the real app, the demo challenge loaded on Friday 27 November. */
describe('the Bilan page of the tab', () => {
  let t: TestApp;
  const pages = chromiumPages();

  const open = async (path: string, width = 1280): Promise<Page> =>
    pages.open(`${t.baseUrl}${path}`, { width, height: 900 });
  const ready = async (page: Page) => {
    await page.locator('.bilan .bilan-figures').waitFor();
    await page.locator('.bilan-podium svg').waitFor();
  };
  const axe = async (page: Page): Promise<AxeResults['violations']> => {
    const results = await runAxe(page);
    expect(results.passes.map((p) => p.id)).toEqual(
      expect.arrayContaining(['color-contrast', 'landmark-one-main']),
    );
    return results.violations;
  };
  /** axe cannot see SVG text: each chart's words and bars are checked against the page here. */
  const chartContrast = (page: Page) =>
    page.evaluate(() => {
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
      const behind = getComputedStyle(document.body).backgroundColor;
      const page =
        behind === 'rgba(0, 0, 0, 0)'
          ? getComputedStyle(document.documentElement).backgroundColor
          : behind;
      const failures: string[] = [];
      for (const text of Array.from(document.querySelectorAll<SVGTextElement>('.chart text'))) {
        const r = ratio(getComputedStyle(text).fill, page);
        if (r < 4.5) failures.push(`"${text.textContent}" ${r.toFixed(2)}:1`);
      }
      for (const bar of Array.from(document.querySelectorAll<SVGRectElement>('.chart-bar'))) {
        const r = ratio(getComputedStyle(bar).fill, page);
        if (r < 3) failures.push(`bar ${r.toFixed(2)}:1`);
      }
      return failures;
    });

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-27T16:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    await loadDemoIfEmpty(t.app.deps);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows the organiser the headline in big figures, each chart with its table, and the podium of the ranking', async () => {
    // Given the demo challenge; when the organiser opens the Bilan
    const page = await open(`/tab/?agent=${ORGANISER}#bilan`);
    await ready(page);
    const report = (await t.get('/api/admin/report', { Authorization: `Dev ${ORGANISER}` })).body;
    const board = (await t.get('/api/leaderboard', { Authorization: `Dev ${ORGANISER}` })).body;

    // Then the headline reads like the real challenge's report, with the API's figures
    expect(await page.locator('h1').textContent()).toBe('Bilan du défi');
    const headline = (await page.locator('.bilan-headline').textContent())!;
    expect(headline).toContain(`${report.headline.participations} participations`);
    expect(headline).toContain(`${report.headline.teams} équipes`);
    expect(headline).toMatch(/^\d+ agents? de \d+ directions?, /);
    expect(await page.locator('.bilan-figure').count()).toBe(6);
    expect(report.headline.participations).toBeGreaterThan(0);

    // Every chart is followed by a real table of the same rows, and its values are written out
    const figures = page.locator('figure.chart-figure');
    expect(await figures.count()).toBe(4);
    for (const figure of await figures.all()) {
      const bars = await figure.locator('.chart-bar').count();
      expect(bars).toBeGreaterThan(0);
      expect(await figure.locator('svg.chart').getAttribute('aria-hidden')).toBe('true');
      expect(await figure.locator('table tbody tr').count()).toBe(bars);
      expect(await figure.locator('.chart-value').count()).toBe(bars);
    }
    expect(await page.locator('#bilan-day ~ figure tbody tr').count()).toBe(report.byDay.length);

    // The podium: the same teams and ranks as the Classement's, ties said in words
    const onPodium = board.rows.filter((row: { rank: number }) => row.rank <= 5);
    expect(await page.locator('.bilan-podium-list li').count()).toBe(onPodium.length);
    expect(await page.locator('.bilan-podium .step').count()).toBe(onPodium.length);
    const first = (await page.locator('.bilan-podium-list li').first().textContent())!;
    expect(first).toContain(onPodium[0].name);
    expect(first.startsWith('1re')).toBe(true);

    // And the actions are there
    for (const name of ['Imprimer', 'Télécharger en CSV', 'Télécharger en JSON'])
      await expect(page.getByRole('button', { name }).count()).resolves.toBe(1);
  });

  it.each(THEMES)('has no axe violations and readable charts in the %s theme', async (theme) => {
    const page = await open(`/tab/?agent=${ORGANISER}&theme=${theme}#bilan`);
    await ready(page);

    expect(await axe(page)).toEqual([]);
    expect(await chartContrast(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: join(SCREENSHOTS, theme === 'default' ? 'bilan.png' : `bilan-${theme}.png`),
      fullPage: true,
    });
  });

  it('downloads the CSV through the API with the organiser credentials', async () => {
    const page = await open(`/tab/?agent=${ORGANISER}&lang=en#bilan`);
    await ready(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);

    expect(download.suggestedFilename()).toMatch(/^bilan-.+\.csv$/);
    const path = await download.path();
    const text = readFileSync(path!, 'utf8');
    expect(text).toContain('Chiffres clés');
  });

  it('is hidden from a non-organiser, who gets a notice and no report when typing #bilan', async () => {
    // Given an agent who is not an organiser
    const page = await open(`/tab/?agent=${AGENT}#classement`);
    await page.locator('.podium svg').waitFor();
    await page.waitForLoadState('networkidle');

    // Then the navigation has no Bilan link for them
    expect(await page.locator('nav a[href="#bilan"]').isVisible()).toBe(false);

    // When they type the address, the page refuses (the API answers 403) and shows nothing of the report
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/admin/report'));
    await page.evaluate(() => (location.hash = '#bilan'));
    expect((await refused).status()).toBe(403);
    await page.locator('main .notice').waitFor();
    expect(await page.locator('.bilan').count()).toBe(0);
  });

  it('prints on A4 portrait: no navigation, no buttons, nothing wider than the paper', async () => {
    // Given the Bilan as wide as an A4 page's printable area
    const page = await open(`/tab/?agent=${ORGANISER}#bilan`, A4_CONTENT_WIDTH);
    await ready(page);

    // When it is printed
    await page.emulateMedia({ media: 'print' });

    // Then
    expect(await page.locator('header nav').isVisible()).toBe(false);
    expect(await page.locator('.bilan-actions').isVisible()).toBe(false);
    expect(await page.locator('button:visible').count()).toBe(0);
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      charts: Math.max(
        ...Array.from(document.querySelectorAll('.chart, table, .bilan-podium svg'), (n) =>
          Math.ceil(n.getBoundingClientRect().right),
        ),
      ),
    }));
    expect(overflow.page).toBeLessThanOrEqual(A4_CONTENT_WIDTH);
    expect(overflow.charts).toBeLessThanOrEqual(A4_CONTENT_WIDTH);
    expect(
      await page
        .locator('.chart')
        .first()
        .evaluate((n) => getComputedStyle(n).breakInside),
    ).toBe('avoid');
    // Chromium lays it out as A4 paper without complaint.
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});
