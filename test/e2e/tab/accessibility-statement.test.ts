import type { Page } from 'playwright-core';
import { chromiumPages, runAxe, THEMES, type AxeResults } from '../../support/browser';
import { buildChallenge } from '../../support/builders';
import { startTestApp, type TestApp } from '../../support/test-app';

/** The statement in each language: its file, its heading, and what the About page's link says. */
const STATEMENTS = [
  {
    lang: 'fr',
    file: 'accessibilite.html',
    heading: 'Déclaration d’accessibilité',
    link: 'Accessibilité : non conforme',
    other: 'accessibility.html',
    sections: [
      'État de conformité',
      'Résultats des tests',
      'Contenus non accessibles',
      'Établissement de cette déclaration d’accessibilité',
      'Retour d’information et contact',
      'Voies de recours',
    ],
  },
  {
    lang: 'en',
    file: 'accessibility.html',
    heading: 'Accessibility statement',
    link: 'Accessibility: non-compliant',
    other: 'accessibilite.html',
    sections: [
      'Conformance status',
      'Test results',
      'Non-accessible content',
      'Preparation of this statement',
      'Feedback and contact',
      'Remedies',
    ],
  },
] as const;

/** The page's background in each theme (tab/static-page.css, as tab/src/styles.css). */
const BACKGROUNDS = {
  default: 'rgb(245, 245, 245)',
  dark: 'rgb(31, 31, 31)',
  contrast: 'rgb(0, 0, 0)',
} as const;

/** The accessibility statement (tab/accessibilite.html and its English twin), reached from the tab's About page. */
describe('the accessibility statement', () => {
  let t: TestApp;
  const pages = chromiumPages();

  const open = async (path: string, width = 1280): Promise<Page> =>
    pages.open(`${t.baseUrl}${path}`, { width, height: 800 });
  const axe = async (page: Page): Promise<AxeResults['violations']> => {
    const results = await runAxe(page);
    // A sanity check that the rules did run on something.
    expect(results.passes.map((p) => p.id)).toEqual(
      expect.arrayContaining(['color-contrast', 'landmark-one-main', 'html-has-lang']),
    );
    return results.violations;
  };
  /** The levels of the page's headings, in document order. */
  const headingLevels = (page: Page) =>
    page.$$eval('h1, h2, h3, h4, h5, h6', (headings) =>
      headings.map((heading) => Number(heading.tagName.slice(1))),
    );

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.deps.challenges.saveAsCurrent(buildChallenge());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  describe.each(STATEMENTS)('in $lang', (statement) => {
    it.each(THEMES)(
      'has no axe violation in the %s theme, says its language and keeps its headings in order',
      async (theme) => {
        // given the statement opened in a Teams theme
        const requests: string[] = [];
        const page = await pages.newPage({ viewport: { width: 1280, height: 800 } });
        page.on('request', (request) => requests.push(request.url()));
        const response = await page.goto(`${t.baseUrl}/tab/${statement.file}?theme=${theme}`);

        // then Teams may frame it as it frames the tab (the tab's policy, which lets its script and style load)
        const policy = response?.headers()['content-security-policy'] ?? '';
        expect(policy).toContain('https://teams.microsoft.com');
        // and it shows in that theme (its script ran, its stylesheet applies), in its language, with no axe violation
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        expect(
          await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
        ).toBe(BACKGROUNDS[theme]);
        expect(await page.getAttribute('html', 'lang')).toBe(statement.lang);
        expect(await page.textContent('h1')).toBe(statement.heading);
        expect(await axe(page)).toEqual([]);
        // one level 1 heading, first; no level skipped going down
        const levels = await headingLevels(page);
        expect(levels[0]).toBe(1);
        expect(levels.filter((level) => level === 1)).toHaveLength(1);
        const skips = levels.filter((level, i) => i > 0 && level > levels[i - 1]! + 1);
        expect(skips).toEqual([]);
        // the sections of the official model, in its order
        expect(await page.$$eval('h2', (h2s) => h2s.map((h2) => h2.textContent))).toEqual(
          statement.sections,
        );
        // and it loads nothing but its own files: no API call, no third party
        expect(requests.filter((url) => !url.startsWith(`${t.baseUrl}/tab/`))).toEqual([]);
        expect(requests.some((url) => url.includes('/api/'))).toBe(false);
      },
      30_000,
    );

    it('gives the status, the checks run, the date, a contact and the Défenseur des droits', async () => {
      const page = await open(`/tab/${statement.file}`);
      const text = (await page.textContent('main')) ?? '';
      expect(await page.textContent('main .status strong')).toBe(`${statement.link}.`);
      expect(text).toContain('axe-core');
      expect(text).toContain(statement.lang === 'fr' ? '27 novembre 2026' : '27 November 2026');
      expect(text).toContain('Libre réponse 71120');
      expect(text).toContain('75342 Paris CEDEX 07');
      const hrefs = await page.$$eval('main a', (links) =>
        links.map((a) => a.getAttribute('href')),
      );
      expect(hrefs).toEqual(
        expect.arrayContaining([
          'https://formulaire.defenseurdesdroits.fr/',
          'https://www.defenseurdesdroits.fr/saisir/delegues',
        ]),
      );
      // The other language, and the way back to the About page, in the same theme.
      const dark = await open(`/tab/${statement.file}?theme=dark`);
      expect(
        await dark.getAttribute(
          `header a[hreflang="${statement.other === 'accessibilite.html' ? 'fr' : 'en'}"]`,
          'href',
        ),
      ).toBe(`/tab/${statement.other}?theme=dark`);
      await dark.click(`a[href^="/tab/?lang=${statement.lang}"]`);
      await dark.waitForSelector('main h1');
      expect(await dark.evaluate(() => location.hash)).toBe('#about');
      expect(await dark.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    });

    it('is linked from the About page with its status, and the link works with the keyboard', async () => {
      // given the tab's About page in the contrast theme
      const page = await open(`/tab/?lang=${statement.lang}&theme=contrast#about`);
      await page.waitForSelector('main h1');
      const link = page.getByRole('link', { name: statement.link });
      expect(await link.count()).toBe(1);

      // when the reader tabs to the link and presses Enter
      let steps = 0;
      while (
        !(await page.evaluate(
          (name) => document.activeElement?.textContent === name,
          statement.link,
        ))
      ) {
        await page.keyboard.press('Tab');
        steps += 1;
        if (steps > 10) throw new Error('the statement link is not reachable with Tab');
      }
      await page.keyboard.press('Enter');

      // then the statement opens, in the same theme, and the About page had no axe violation
      await page.waitForURL(`**/tab/${statement.file}?theme=contrast`);
      expect(await page.textContent('h1')).toBe(statement.heading);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('contrast');
      await page.goBack();
      await page.waitForSelector('main h1');
      expect(await axe(page)).toEqual([]);
    });

    it('stays readable with text at 200 % and on a phone: no sideways scroll, nothing cut off', async () => {
      for (const width of [1280, 400]) {
        const page = await open(`/tab/${statement.file}`, width);
        await page.evaluate(() => {
          document.documentElement.style.fontSize = '200%';
        });
        const problems = await page.evaluate(() => {
          const found: string[] = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth)
            found.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
          for (const el of Array.from(
            document.querySelectorAll<HTMLElement>('h1, h2, h3, p, li, nav a'),
          )) {
            if (el.scrollWidth > el.clientWidth + 1)
              found.push(`${el.tagName} "${el.textContent?.slice(0, 40)}"`);
          }
          return found;
        });
        expect({ width, problems }).toEqual({ width, problems: [] });
      }
    });
  });

  it('starts with a skip link to the statement’s content', async () => {
    const page = await open('/tab/accessibilite.html');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
  });
});
