import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  runAxe,
  SCREENSHOTS,
  THEMES,
  type AxeResults,
} from '../../support/browser';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { rankSnapshot, type RankingRow } from '../../../src/domain/scoring';
import { programmeOrder } from '../../../src/domain/workshops';
import { exportSnapshot, workshopPointsOf } from '../../../src/usecases/export-snapshot';
import { startTestApp, type TestApp } from '../../support/test-app';

// A real Chromium beside the rest of the suite on two cores: a step can wait seconds for a busy machine.
jest.setTimeout(60_000);

const PAGES = ['classement', 'equipe', 'agenda'] as const;

/** The tab in a real Chromium against the real app, the demo challenge loaded on Wednesday 25 November at 16:00. */
describe('the Teams tab', () => {
  let t: TestApp;
  let browser: Browser;
  let expected: RankingRow[];
  const contexts: BrowserContext[] = [];

  const open = async (
    path: string,
    options: { width?: number; height?: number } = {},
  ): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}${path}`);
    return page;
  };
  /** Waits for the page's data (not the loading line) and, on the Classement, for the drawn podium. */
  const ready = async (page: Page) => {
    await page.locator('main .page > :not([aria-busy])').first().waitFor();
    if ((await page.evaluate(() => location.hash)) === '#classement')
      await page.locator('.podium svg').waitFor();
  };
  const go = async (page: Page, id: (typeof PAGES)[number]) => {
    await page.evaluate((hash) => (location.hash = hash), id);
    await page.waitForFunction(
      (hash) =>
        document.querySelector(`nav a[href="#${hash}"]`)?.getAttribute('aria-current') === 'page',
      id,
    );
    await ready(page);
  };
  const axe = async (page: Page): Promise<AxeResults['violations']> => {
    const results = await runAxe(page);
    // A sanity check that the rules did run (and that the page had something to check).
    expect(results.passes.map((p) => p.id)).toEqual(
      expect.arrayContaining(['color-contrast', 'landmark-one-main', 'html-has-lang']),
    );
    return results.violations;
  };

  /** axe cannot see behind SVG text ("needs review"): the podium's contrast is checked here, text and steps. */
  const podiumContrast = (page: Page) =>
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
      const page = getComputedStyle(document.documentElement).backgroundColor;
      const failures: string[] = [];
      for (const text of Array.from(document.querySelectorAll<SVGTextElement>('.podium text'))) {
        const style = getComputedStyle(text);
        const step = text.classList.contains('rank')
          ? text.parentElement!.querySelector('rect')!
          : null;
        const behind = step ? getComputedStyle(step).fill : page;
        const size = Number(text.getAttribute('font-size'));
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        const r = ratio(style.fill, behind);
        if (r < (large ? 3 : 4.5)) failures.push(`"${text.textContent}" ${r.toFixed(2)}:1`);
      }
      for (const step of Array.from(document.querySelectorAll<SVGRectElement>('.podium .step'))) {
        const style = getComputedStyle(step);
        const edge = Math.max(ratio(style.fill, page), ratio(style.stroke, page));
        if (edge < 3) failures.push(`step ${edge.toFixed(2)}:1`);
      }
      return failures;
    });

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T16:00:00+01:00' });
    await loadDemoIfEmpty(t.app.deps);
    expected = rankSnapshot(await exportSnapshot(t.app.deps, await workshopPointsOf(t.app.deps)));
    browser = await launchChromium();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the podium and a ranking that matches the spec ranking of the exported snapshot, in French', async () => {
    const page = await open('/tab/');
    await ready(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Classement des équipes');

    const rows = await page.$$eval('table.ranking tbody tr', (trs) =>
      trs.map((tr) => ({
        rank: Number(tr.querySelector('.rank-value')!.textContent),
        name: tr.querySelector('.team-value')!.textContent,
        score: tr.querySelector('.score-value')!.textContent,
      })),
    );
    expect(expected).toHaveLength(6);
    expect(rows).toEqual(
      expected.map((row) => ({
        rank: row.rank,
        name: row.name,
        score: row.score.replace('.', ','),
      })),
    );
    expect(rows.every((row) => /^\d+,\d\d$/.test(row.score!))).toBe(true);

    // The podium: every team ranked 5th or better, named in words for assistive technologies.
    const onPodium = expected.filter((row) => row.rank <= 5);
    const podium = page.getByRole('img', { name: /^Podium : / });
    await expect(podium.count()).resolves.toBe(1);
    const label = (await podium.evaluate((svg) => svg.querySelector('title')!.textContent))!;
    for (const row of onPodium)
      expect(label).toContain(`${row.name}, ${row.score.replace('.', ',')} points par membre`);
    expect(label).toContain(`1re : ${expected[0]!.name}`);
    expect(await page.locator('.podium .step').count()).toBe(onPodium.length);
    const first = expected[0]!;
    const podiumText = await page
      .locator('.podium svg')
      .evaluate((svg) => Array.from(svg.querySelectorAll('text'), (n) => n.textContent).join(' '));
    expect(podiumText).toContain(first.score.replace('.', ','));

    // The agent's own team (demo-agent-1-1 is in "Les Sobres du 3e"): highlighted and labelled, not by colour alone.
    const mine = page.locator('tr.mine');
    await expect(mine.count()).resolves.toBe(1);
    expect(await mine.locator('.team-value').textContent()).toBe('Les Sobres du 3e');
    expect(await mine.textContent()).toContain('Votre équipe');
    // Participation as a French percentage.
    expect(
      await page.locator('table.ranking tbody tr').first().locator('td').last().textContent(),
    ).toMatch(/^\d+\u00a0%$/);
  });

  it.each(THEMES)(
    'has no axe violations on any page in the %s theme',
    async (theme) => {
      const page = await open(`/tab/?theme=${theme}#classement`);
      await ready(page);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      const found: Record<string, string[]> = {};
      for (const id of PAGES) {
        await go(page, id);
        if (id === 'classement') await page.locator('summary').click();
        for (const v of await axe(page))
          found[`${id}: ${v.id} (${v.impact}) ${v.help}`] = v.nodes.map((n) => n.target.join(' '));
        if (id === 'classement') {
          expect(await page.locator('.podium text').count()).toBeGreaterThan(10);
          expect(await podiumContrast(page)).toEqual([]);
        }
      }
      expect(found).toEqual({});
    },
    45_000,
  );

  it('is usable with the keyboard alone: skip link, tab bar with Enter and Space, score rule disclosure', async () => {
    const page = await open('/tab/#classement');
    await ready(page);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return {
          tag: el.tagName,
          text: el.textContent?.trim(),
          outline: getComputedStyle(el).outlineStyle,
        };
      });

    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'A', text: 'Aller au contenu' });
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ tag: 'H1', text: 'Classement des équipes' });

    await page.keyboard.press('Shift+Tab'); // back to the tab bar's last link
    expect(await focused()).toMatchObject({ tag: 'A', text: 'Bibliothèque', outline: 'solid' });
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ tag: 'A', text: 'Agenda', outline: 'solid' });
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ tag: 'A', text: 'Mon équipe' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Mon équipe');
    await ready(page);
    expect(await focused()).toMatchObject({ tag: 'H1', text: 'Mon équipe' });
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Mon équipe');
    expect(await page.locator('#team-name').textContent()).toBe('Les Sobres du 3e');

    for (let i = 0; i < 2; i += 1) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ text: 'Agenda' });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Agenda');
    expect(await page.evaluate(() => location.hash)).toBe('#agenda');
    await ready(page);
    // Wednesday afternoon: today's workshops and the rest of the week's, with the check-in form.
    expect(await page.locator('.workshops > li').count()).toBe(8);
    expect(await page.locator('.workshops h3').first().textContent()).toBe(
      'Repair café : réparer plutôt que remplacer',
    );
    // The format in words, as the API names it.
    expect(await page.locator('.workshops > li p').first().textContent()).toMatch(
      /^N° \d+ · Atelier · /,
    );
    expect(await page.locator('main').textContent()).toContain('Pointer à un atelier');

    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ text: 'Classement' });
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () => document.querySelector('h1')?.textContent === 'Classement des équipes',
    );
    await ready(page);

    // From the heading, the next stop is the score rule: it opens with Enter and closes with Space.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({
      tag: 'SUMMARY',
      text: 'Comment est calculé le score ?',
      outline: 'solid',
    });
    const rule = page.getByText('divisé par son nombre de membres');
    expect(await rule.isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    expect(await rule.isVisible()).toBe(true);
    expect(await rule.textContent()).toContain(
      'moins de 3 membres compte comme si elle en avait 3',
    );
    await page.keyboard.press('Space');
    expect(await rule.isVisible()).toBe(false);
    // Then the ranking table's scrolling box, so it can be scrolled without a mouse.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('table-box'))).toBe(
      true,
    );
  });

  it('keeps every page readable with text at 200 %: no page-wide horizontal scroll, no clipped text', async () => {
    const page = await open('/tab/#classement');
    await ready(page);
    const before = await page.locator('.podium text.name').first().getAttribute('font-size');
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    // The podium is redrawn for the new text size.
    await page.waitForFunction(
      (size) => document.querySelector('.podium text.name')?.getAttribute('font-size') !== size,
      before,
    );
    expect(Number(await page.locator('.podium text.name').first().getAttribute('font-size'))).toBe(
      2 * Number(before),
    );
    for (const id of PAGES) {
      await go(page, id);
      if (id === 'classement') await page.locator('summary').click();
      const problems = await page.evaluate(() => {
        const found: string[] = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth)
          found.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
        const blocks = document.querySelectorAll<HTMLElement>(
          'h1, h2, h3, p, summary, li, nav a, th, td, .podium',
        );
        for (const el of Array.from(blocks)) {
          // The ranking may scroll inside its own box; nothing else may overflow.
          if (el.closest('.table-box') && !el.closest('.days')) continue;
          if (el.scrollWidth > el.clientWidth + 1)
            found.push(
              `${el.tagName} "${el.textContent?.slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`,
            );
        }
        const svg = document.querySelector('.podium svg');
        if (
          svg &&
          svg.getBoundingClientRect().width > document.querySelector('.podium')!.clientWidth + 1
        )
          found.push('podium wider than its box');
        return found;
      });
      expect({ page: id, problems }).toEqual({ page: id, problems: [] });
    }
  });

  it('speaks English when asked (?lang=en)', async () => {
    const page = await open('/tab/?lang=en#classement');
    await ready(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Team ranking');
    // an agent's navigation: the organisers' pages stay hidden
    expect(await page.locator('nav li:not([hidden]) a').allTextContents()).toEqual([
      'Ranking',
      'My team',
      'Agenda',
      'Library',
    ]);
    expect(await page.locator('summary').textContent()).toBe('How is the score computed?');
    expect(await page.locator('tr.mine .badge').textContent()).toBe('Your team');
    expect(await page.locator('table.ranking .score-value').first().textContent()).toBe(
      expected[0]!.score,
    );
    await expect(page.getByRole('img', { name: /^Podium: 1st: / }).count()).resolves.toBe(1);
    await go(page, 'agenda');
    expect(await page.locator('main').textContent()).toContain('Check in at a workshop');
    expect(await page.locator('.workshops > li p').first().textContent()).toMatch(
      /^No\. \d+ · Workshop · /,
    );
    expect(await page.locator('.workshops h3').last().textContent()).toBe(
      'Clôture du défi et remise des prix',
    );
  });

  it('shows the team page, or how to join one, without anyone’s individual points but one’s own', async () => {
    const page = await open('/tab/#equipe');
    await ready(page);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('SBR3EA');
    expect(main).toContain('équipe rejoindre SBR3EA');
    expect(await page.locator('.members li').count()).toBe(4);
    expect(await page.locator('.members li').first().textContent()).toMatch(
      /Aïcha Benali \(vous\).*(a participé|pas encore)/,
    );
    expect(await page.locator('table.days tbody tr').count()).toBe(5);

    const stranger = await open('/tab/?agent=someone-new#equipe');
    await ready(stranger);
    expect(await stranger.locator('main').textContent()).toContain(
      'Vous n’êtes dans aucune équipe',
    );
    expect(await stranger.locator('main').textContent()).toContain('« équipe rejoindre CODE »');
  });

  it('asks the server at most once a minute, revalidating with If-None-Match (304 keeps the ranking)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.install();
    const calls: { ifNoneMatch?: string; status?: number }[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/leaderboard')) {
        calls.push({
          ifNoneMatch: response.request().headers()['if-none-match'],
          status: response.status(),
        });
      }
    });
    await page.goto(`${t.baseUrl}/tab/#classement`);
    await ready(page);
    expect(calls).toEqual([{ ifNoneMatch: undefined, status: 200 }]);
    // Coming back to the tab within the minute asks nothing.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.clock.runFor(30_000);
    expect(calls).toHaveLength(1);
    const revalidated = page.waitForResponse((response) =>
      response.url().endsWith('/api/leaderboard'),
    );
    await page.clock.runFor(31_000);
    await revalidated;
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({ ifNoneMatch: expect.stringMatching(/^".+"$/), status: 304 });
    expect(await page.locator('table.ranking tbody tr').count()).toBe(expected.length);
  });

  it('puts every team ranked 5th or better on the podium, ties included, and wraps long names on a phone', async () => {
    const row = (rank: number, name: string, score: string, mine = false) => ({
      rank,
      teamId: name,
      name,
      score,
      points: 10,
      members: 4,
      activeMembers: 3,
      participationRate: '0.75',
      mine,
    });
    const rows = [
      row(1, 'Les Très Très Longues Équipes de la Direction Générale des Services', '8.00'),
      row(2, 'Alpha', '7.50'),
      row(2, 'Bêta', '7.50'),
      row(4, 'Gamma', '6.00'),
      row(5, 'Delta', '5.00'),
      row(5, 'Epsilon', '5.00'),
      row(5, 'Zêta', '5.00', true),
      row(8, 'Êta', '1.00'),
    ];
    const context = await browser.newContext({ viewport: { width: 400, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.route('**/api/leaderboard', (route) =>
      route.fulfill({
        json: { challenge: { id: 'c', title: 'Défi' }, minTeamSize: 3, rows, podiumSize: 7 },
      }),
    );
    await page.goto(`${t.baseUrl}/tab/#classement`);
    await ready(page);
    expect(await page.locator('.podium .step').count()).toBe(7);
    const label = (await page.locator('.podium title').textContent())!;
    for (const r of rows.slice(0, 7)) expect(label).toContain(r.name);
    expect(label).not.toContain('Êta');
    expect(await page.locator('.ranking .tied').count()).toBe(5);
    // Each line of text stays within its step; the page never scrolls sideways (the podium may, in its box).
    const overflowing = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.podium g')).flatMap((g) => {
        const width = Number(g.querySelector('rect')!.getAttribute('width'));
        return Array.from(g.querySelectorAll('text'))
          .filter((text) => text.getComputedTextLength() > width + 1)
          .map((text) => text.textContent);
      }),
    );
    expect(overflowing).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      400,
    );
    expect(await page.locator('.podium').getAttribute('tabindex')).toBe('0');
    expect(await axe(page)).toEqual([]);
  });

  it('offers the check-in when opened from a workshop’s QR code, and signs up and cancels with a button', async () => {
    const challenge = (await t.app.deps.challenges.current())!;
    const workshops = programmeOrder(await t.app.deps.workshops.list(challenge.id));
    // Check-in of the RGAA talk (14:00–15:30) is open until 16:00, the clock of this app.
    const rgaa = workshops.find((w) => w.title.startsWith('Accessibilité'))!;
    const page = await open(
      `/tab/?agent=visiteur-qr&pointage=${rgaa.code.toLowerCase()}#classement`,
    );
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Agenda');
    await ready(page);
    expect(await page.evaluate(() => location.hash)).toBe('#agenda');
    expect(await page.locator('#checkin-code').inputValue()).toBe(rgaa.code);
    expect(await page.locator('main').textContent()).toContain(
      'Vous arrivez par le QR code d’un atelier',
    );
    await page.getByRole('button', { name: 'Pointer', exact: true }).click();
    await page.locator('#action-outcome').waitFor();
    expect(await page.locator('#action-outcome').textContent()).toBe(
      'Pointage enregistré pour « Accessibilité numérique : le RGAA en pratique » : +5 points. Vous n’êtes dans aucune équipe : ce pointage ne compte pour aucune équipe tant que vous n’en avez pas rejoint une.',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('action-outcome');
    expect(await t.app.deps.events.checkinsOf(challenge.id, 'visiteur-qr')).toHaveLength(1);
    await page
      .locator('.workshops h3', { hasText: 'Accessibilité' })
      .locator('..')
      .getByText('Pointé')
      .waitFor();

    // A second try says so.
    await page.locator('#checkin-code').fill(rgaa.code);
    await page.locator('#checkin-submit').click();
    await page.waitForFunction(() =>
      document.querySelector('#action-outcome')?.textContent?.includes('déjà pointé'),
    );

    const sig = workshops.find((w) => w.title.startsWith('Atelier SIG'))!;
    await page
      .getByRole('button', {
        name: 'M’inscrire — Atelier SIG et open data : les données du territoire',
      })
      .click();
    await page.waitForFunction(() =>
      document
        .querySelector('#action-outcome')
        ?.textContent?.startsWith('Vous êtes inscrit·e à « Atelier SIG'),
    );
    expect(await t.app.deps.signups.isSignedUp(challenge.id, sig.id, 'visiteur-qr')).toBe(true);
    await page.locator(`#seat-${sig.id}`, { hasText: 'Me désinscrire' }).click();
    await page.waitForFunction(() =>
      document.querySelector('#action-outcome')?.textContent?.includes('est annulée'),
    );
    expect(await t.app.deps.signups.isSignedUp(challenge.id, sig.id, 'visiteur-qr')).toBe(false);
    expect(await axe(page)).toEqual([]);
  });

  it('says "session expired" in plain words on a 401, never a blank page', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.route('**/api/leaderboard', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: '{"error":"unauthorized"}',
      }),
    );
    await page.goto(`${t.baseUrl}/tab/`);
    await page.getByText('Votre session a expiré, rechargez l’onglet').waitFor();
    expect(await page.getByRole('button', { name: 'Recharger l’onglet' }).count()).toBe(1);
  });

  it('keeps a clear message and a retry button when the server cannot be reached', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.route('**/api/my-team', (route) => route.abort('connectionfailed'));
    await page.goto(`${t.baseUrl}/tab/#equipe`);
    await page.getByText('Le serveur ne répond pas pour le moment.').waitFor();
    await page.unroute('**/api/my-team');
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await page.locator('#team-name').waitFor();
    expect(await page.locator('#team-name').textContent()).toBe('Les Sobres du 3e');
  });

  it('falls back to the local demo when framed by a page that is not Teams (app.initialize never settles)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/healthz`);
    await page.setContent(
      `<iframe title="tab" src="${t.baseUrl}/tab/#classement" style="width: 1200px; height: 700px"></iframe>`,
    );
    const frame = page.frameLocator('iframe');
    await frame.locator('table.ranking tbody tr').first().waitFor({ timeout: 10_000 });
    expect(await frame.locator('.demo').textContent()).toContain('Mode démonstration local');
  });

  describe('outside Teams with Teams sign-in (SSO)', () => {
    let sso: TestApp;
    beforeAll(async () => {
      sso = await startTestApp({
        now: '2026-11-25T16:00:00+01:00',
        env: {
          AAD_APP_CLIENT_ID: '22222222-3333-4444-5555-666666666666',
          AAD_APP_TENANT_ID: 'tenant',
          TEAMS_APP_ID: 'b3c1f5a2-0000-4000-8000-000000000abc',
        },
      });
    });
    afterAll(() => sso?.close());

    it('says the page opens in Teams, with a link there, and calls no API', async () => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const api: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/api/')) api.push(request.url());
      });
      await page.goto(`${sso.baseUrl}/tab/`);
      const heading = page.getByRole('heading', {
        level: 1,
        name: /^Cette page s.ouvre dans Microsoft Teams$/,
      });
      await heading.waitFor();
      const link = page.getByRole('link', { name: 'Ouvrir le Défi numérique dans Teams' });
      expect(await link.getAttribute('href')).toBe(
        'https://teams.microsoft.com/l/entity/b3c1f5a2-0000-4000-8000-000000000abc/classement',
      );
      expect(api).toEqual([]);
      expect(await axe(page)).toEqual([]);

      await page.goto(`${sso.baseUrl}/tab/?lang=en`);
      await page
        .getByRole('heading', { level: 1, name: 'This page opens in Microsoft Teams' })
        .waitFor();
    });
  });

  it('saves a screenshot of each page in each theme, and of the Classement on a phone', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const theme of THEMES) {
      for (const id of PAGES) {
        const page = await open(`/tab/?theme=${theme}#${id}`);
        await ready(page);
        await page.screenshot({
          path: join(SCREENSHOTS, `${id}-${theme}.png`),
          animations: 'disabled',
        });
        await page.context().close();
      }
    }
    const phone = await open('/tab/#classement', { width: 400, height: 800 });
    await ready(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      400,
    );
    await phone.screenshot({
      path: join(SCREENSHOTS, 'classement-mobile.png'),
      fullPage: true,
      animations: 'disabled',
    });
  }, 45_000);
});
