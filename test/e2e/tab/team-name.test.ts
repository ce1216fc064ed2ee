import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { launchChromium } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(60_000);

/**
 * The "show my name to my team" choice on the tab's Mon équipe page, in a real Chromium against the demo: a native
 * checkbox with its label, operated from the keyboard; the outcome is said and focused; a teammate then sees the
 * name, which was "Un membre de l'équipe" before.
 */
describe('the tab’s "show my name" choice', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const open = async (agent: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/tab/?agent=${agent}#equipe`);
    await page.locator('main .page > :not([aria-busy])').first().waitFor();
    return page;
  };
  const memberNames = (page: Page) =>
    page.locator('.members li > span:first-child').allTextContents();

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T16:00:00+01:00' });
    await loadDemoIfEmpty(t.app.deps);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('hides teammates by default, and shows Aïcha’s name to Bruno once she ticks the box', async () => {
    // given: Bruno sees his own name only
    const bruno = await open('demo-agent-1-2');
    const before = await memberNames(bruno);
    expect(before).toContain('Bruno Lefèvre (vous)');
    expect(before).not.toContain('Aïcha Benali');
    expect(before.filter((name) => name === 'Un membre de l’équipe')).toHaveLength(3);

    // when Aïcha ticks the box from the keyboard
    const aicha = await open('demo-agent-1-1');
    const box = aicha.getByLabel('Montrer mon nom aux membres de mon équipe');
    expect(await box.isChecked()).toBe(false);
    await box.focus();
    await aicha.keyboard.press('Space');

    // then the outcome is said, and focused, and the box stays ticked after the page's refresh
    const outcome = aicha.locator('#action-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe(
      'C’est noté : les membres de votre équipe voient maintenant votre nom.',
    );
    await aicha.waitForFunction(() => document.activeElement?.id === 'action-outcome');
    expect(await aicha.getByLabel('Montrer mon nom aux membres de mon équipe').isChecked()).toBe(
      true,
    );

    // and Bruno now sees her name
    const again = await open('demo-agent-1-2');
    expect(await memberNames(again)).toContain('Aïcha Benali');
  });
});
