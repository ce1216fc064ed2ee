import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { DEMO_ORGANISER, loadDemoIfEmpty } from '../../src/demo/demo-challenge';
import { silentLogger } from '../../src/log';
import { startEmbeddedAzurite } from '../../src/storage/azurite';
import { FakeClock } from '../support/test-app';

/**
 * The tab's first load as the network sees it: every request the Classement page makes on a cold cache, and the
 * bytes that crossed the wire for them (compressed bodies plus headers, Chromium's `encodedDataLength`).
 * Run: `npx tsx test/bench/tab-weight.ts`.
 */

/** The sobriety budget. */
export const TAB_BUDGET = { bytes: 50 * 1024, requests: 6 } as const;

const ROOT = join(__dirname, '..', '..');

export interface TabRequest {
  url: string;
  status: number;
  bytes: number;
}

/** The agents' first page, or the organisers' (the demo's organiser, on #organisation). */
export type TabPage = 'classement' | 'organisation';

export async function measureTabWeight(
  options: { details?: TabRequest[]; page?: TabPage } = {},
): Promise<{ bytes: number; requests: number }> {
  execFileSync(process.execPath, [join(ROOT, 'tab', 'build.mjs')], { stdio: 'pipe' });
  const azurite = await startEmbeddedAzurite();
  const config = loadConfig({
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: 'benchtab',
    PORT: '0',
    DEMO: 'false',
    SCHEDULER: 'off',
    LOG_LEVEL: 'silent',
  });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let browser: Browser | undefined;
  try {
    // The demo's Wednesday afternoon: three days of answers, as in the end-to-end test.
    app = await startApp(config, silentLogger, {
      clock: new FakeClock(Date.parse('2026-11-25T16:00:00+01:00')),
    });
    await loadDemoIfEmpty(app.deps);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = new Map<string, TabRequest>();
    cdp.on('Network.requestWillBeSent', (event) => {
      if (!event.request.url.startsWith('data:'))
        requests.set(event.requestId, { url: event.request.url, status: 0, bytes: 0 });
    });
    cdp.on('Network.responseReceived', (event) => {
      const request = requests.get(event.requestId);
      if (request) request.status = event.response.status;
    });
    cdp.on('Network.loadingFinished', (event) => {
      const request = requests.get(event.requestId);
      if (request) request.bytes = event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

    if (options.page === 'organisation') {
      await page.goto(`http://127.0.0.1:${app.port}/tab/?agent=${DEMO_ORGANISER}#organisation`);
      await page.locator('main .page > :not([aria-busy])').first().waitFor();
    } else {
      await page.goto(`http://127.0.0.1:${app.port}/tab/#classement`);
      await page.locator('table.ranking tbody tr').first().waitFor();
      await page.locator('.podium svg').waitFor();
    }
    await page.waitForLoadState('networkidle');

    const all = [...requests.values()];
    options.details?.push(...all);
    return { bytes: all.reduce((sum, r) => sum + r.bytes, 0), requests: all.length };
  } finally {
    await browser?.close();
    await app?.close();
    await azurite.close();
  }
}

if (require.main === module) {
  const details: TabRequest[] = [];
  measureTabWeight({ details }).then(
    ({ bytes, requests }) => {
      for (const r of details)
        console.log(
          `  ${String(r.status).padStart(3)} ${(r.bytes / 1024).toFixed(1).padStart(6)} KB  ${new URL(r.url).pathname}`,
        );
      console.log(
        `tab first load: ${(bytes / 1024).toFixed(1)} KB compressed, ${requests} requests`,
      );
      const over = bytes > TAB_BUDGET.bytes || requests > TAB_BUDGET.requests;
      console.log(
        `budget: ${TAB_BUDGET.bytes / 1024} KB, ${TAB_BUDGET.requests} requests — ${over ? 'OVER' : 'ok'}`,
      );
      if (over) process.exitCode = 1;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
