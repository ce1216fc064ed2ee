import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { DEMO_ORGANISER, loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { chromiumPages } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

// A real Chromium beside the rest of the suite on two cores: a step can wait seconds for a busy machine.
jest.setTimeout(60_000);

interface Violation {
  directive: string;
  blocked: string;
}

/** The tab under its Content-Security-Policy, in a real Chromium: it works, and what the policy forbids is blocked. */
describe('the tab’s Content-Security-Policy', () => {
  let t: TestApp;
  let otherSite: Server;
  let otherSiteUrl: string;
  const pages = chromiumPages();

  /** A page that records every violation of the policy, as the page's own event and as Chromium's console line. */
  const open = async (
    path: string,
  ): Promise<{ page: Page; violations: () => Promise<string[]> }> => {
    const page = await pages.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const seen: Violation[] = [];
      (window as unknown as { cspViolations: Violation[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
      );
    });
    const console: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) console.push(message.text());
    });
    await page.goto(`${t.baseUrl}${path}`);
    return {
      page,
      violations: async () => [
        ...console,
        ...(
          await page.evaluate(
            () => (window as unknown as { cspViolations: Violation[] }).cspViolations,
          )
        ).map((v) => `${v.directive} ${v.blocked}`),
      ],
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T16:00:00+01:00' });
    await loadDemoIfEmpty(t.app.deps);
    // Another site (another origin: localhost, not 127.0.0.1) whose page frames the tab, as a clickjacker would.
    otherSite = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>prize</title><iframe src="${t.baseUrl}/tab/#classement"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', () => resolve()));
    otherSiteUrl = `http://localhost:${(otherSite.address() as AddressInfo).port}/`;
  }, 90_000);
  afterAll(async () => {
    await new Promise((resolve) => otherSite?.close(resolve));
    await t?.close();
  });

  it.each([
    ['an agent', '/tab/?agent=demo-agent-1-1#classement', '.podium svg'],
    ['an agent', '/tab/?agent=demo-agent-1-1#equipe', '#team-name'],
    ['an agent', '/tab/?agent=demo-agent-1-1&theme=dark#agenda', 'main .page > :not([aria-busy])'],
    ['the organiser', `/tab/?agent=${DEMO_ORGANISER}#organisation`, '#organisation-figures'],
    ['the organiser', `/tab/?agent=${DEMO_ORGANISER}#bilan`, '.bilan-podium svg'],
    ['anyone', '/tab/?lang=en#about', 'h1'],
  ])('%s: %s renders with no violation of the policy', async (_who, path, selector) => {
    // given the tab served with its policy
    const { page, violations } = await open(path);
    // when the page has drawn its data (styles injected, bars sized, charts drawn)
    await page.locator(selector).first().waitFor();
    await page.waitForLoadState('networkidle');
    // then nothing was blocked
    expect(await violations()).toEqual([]);
  });

  it('blocks a script injected into the page, inline or as an event handler', async () => {
    // given the tab, and markup that slipped in somehow
    const { page, violations } = await open('/tab/?lang=en#about');
    await page.locator('h1').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.pwned = "inline"';
      document.body.append(script);
      const image = document.createElement('img');
      image.setAttribute('src', 'data:,');
      image.setAttribute('onerror', 'window.pwned = "handler"');
      image.setAttribute('onload', 'window.pwned = "handler"');
      document.body.append(image);
      const remote = document.createElement('script');
      remote.src = 'https://evil.example/x.js';
      document.body.append(remote);
    });
    await page.waitForFunction(
      () => (window as unknown as { cspViolations: unknown[] }).cspViolations.length >= 3,
    );
    // then none of it ran, and each was reported
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: string }).pwned),
    ).toBeUndefined();
    const seen = await violations();
    expect(seen).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^script-src-elem inline$/),
        expect.stringMatching(/^script-src-attr inline$/),
        expect.stringMatching(/^script-src-elem https:\/\/evil\.example/),
      ]),
    );
  });

  it('cannot be framed by a page of another site', async () => {
    // given a page of another origin that frames the tab
    const page = await pages.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refused.push(message.text());
    });
    // when it loads
    await page.goto(otherSiteUrl);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => document.querySelector('iframe') !== null);
    // then Chromium refuses to show the tab inside it: the frame holds no page of ours
    for (let waited = 0; refused.length === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refused.join('\n')).toContain('frame-ancestors');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const ours = await frame
      ?.evaluate(() => document.querySelector('meta[name="defi-sign-in"]') !== null)
      .catch(() => false);
    expect(ours ?? false).toBe(false);
  });
});
