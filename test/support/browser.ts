import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

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

/**
 * Chromium for one test file: launched once before the file's tests, each page in a context of its own (no
 * storage or cookies shared between tests), a test's contexts closed after it and the browser after the file.
 */
export function chromiumPages() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  const newPage = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const context = await browser!.newContext(options);
    contexts.push(context);
    return context.newPage();
  };
  return {
    newPage,
    /** A page at `url`, in a window of `viewport`'s size. */
    async open(url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
      const page = await newPage({ viewport });
      await page.goto(url);
      return page;
    },
  };
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
