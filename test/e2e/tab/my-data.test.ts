import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { launchChromium, runAxe } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(60_000);

const AGENT = 'demo-agent-3-1';

/** The "Mes données" page of the tab, reached from the About page, in a real Chromium against the real app. */
describe('the Mes données page of the tab', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-27T16:00:00+01:00' });
    await loadDemoIfEmpty(t.app.deps);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is linked from the About page and downloads the reader’s own data', async () => {
    // given the About page
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/tab/?agent=${AGENT}#about`);
    await page.waitForSelector('h1');

    // when the reader follows its link, then asks for the download
    await page.getByRole('link', { name: 'Mes données : les voir et les télécharger' }).click();
    await page.getByRole('heading', { name: 'Mes données' }).waitFor();
    expect((await runAxe(page)).violations).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger mes données' }).click(),
    ]);

    // then the file is theirs
    expect(download.suggestedFilename()).toBe('mes-donnees.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.agentId).toBe(AGENT);
    // and the page is not in the navigation
    expect(await page.locator('nav a[href="#mes-donnees"]').count()).toBe(0);
    await context.close();
  });
});
