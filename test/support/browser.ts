import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, with nothing of its own going to the network: this machine has no internet, and
 * Chromium's background connections would fail (many at a time) and slow every page. Nothing downloads a browser.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const ROOT = join(__dirname, '..', '..');
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** The tab's three themes (Teams' default, dark and high contrast). */
export const THEMES = ['default', 'dark', 'contrast'] as const;

/**
 * Where the tab tests put their screenshots: the README's pictures are rewritten only when asked
 * (`npm run screenshots`); a test run leaves the tree as it was.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(ROOT, 'docs', 'screenshots')
  : mkdtempSync(join(tmpdir(), 'defi-screenshots-'));

export interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  passes: { id: string }[];
}

/** axe-core's verdict on the page as it stands (its script added once per page). */
export async function runAxe(page: Page): Promise<AxeResults> {
  // Evaluated rather than added as a <script>: the tab's policy allows scripts from its own origin only.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  return (await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResults;
}
