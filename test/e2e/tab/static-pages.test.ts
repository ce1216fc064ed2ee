import type { Browser } from 'playwright-core';
import { launchChromium, runAxe } from '../../support/browser';
import { buildChallenge } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The pages the manifest links to without data: channel tab configuration, about, privacy, terms. */
describe('the tab’s static pages', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each([
    ['configurer', 'fr', 'Ajouter le Défi numérique à ce canal'],
    ['privacy', 'fr', 'Vos données'],
    ['about', 'en', 'About the Digital challenge'],
    ['terms', 'fr', 'Conditions d’utilisation'],
  ])(
    '#%s (%s) renders plainly, with no axe violation and no API call',
    async (route, lang, heading) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const apiCalls: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/api/')) apiCalls.push(request.url());
      });
      await page.goto(`${t.baseUrl}/tab/?lang=${lang}#${route}`);
      await page.waitForSelector('h1');
      expect(await page.textContent('h1')).toBe(heading);
      expect((await runAxe(page)).violations).toEqual([]);
      expect(apiCalls).toEqual([]);
      await context.close();
    },
    30_000,
  );
});
