import { chromium, type Browser } from 'playwright-core';

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
