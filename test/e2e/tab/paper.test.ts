import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadDemoIfEmpty } from '../../../src/demo/demo-challenge';
import { givenAgent } from '../../support/builders';
import { chromiumPages, runAxe, SCREENSHOTS, THEMES } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';

// A real Chromium beside the rest of the suite on two cores: a step can wait seconds for a busy machine.
jest.setTimeout(60_000);

const ORGANISER = 'demo-agent-1-1';
const FIELD_AGENT = 'agent-terrain';
const as = { Authorization: `Dev ${ORGANISER}` };
/** 14 pt in CSS pixels (96 per inch, 72 points per inch). */
const FOURTEEN_POINTS = (14 * 96) / 72;

/**
 * Paper for those without Teams, in a real Chromium against the real app (the demo challenge on Friday 27
 * November): the day's sheet as printed on A4, and the organiser's entry screen.
 */
describe('the quiz on paper', () => {
  let t: TestApp;
  let today: number;
  const pages = chromiumPages();

  const newPage = async (): Promise<Page> => {
    return pages.newPage({ viewport: { width: 1280, height: 900 } });
  };
  const openEntry = async (query = ''): Promise<Page> => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/tab/?agent=${ORGANISER}${query}#papier`);
    await page.locator('#paper-search').waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-27T16:00:00+01:00',
      env: { ORGANISER_IDS: ORGANISER },
    });
    await loadDemoIfEmpty(t.app.deps);
    // An agent who works in the streets, without Teams: their sheets are entered by hand.
    await givenAgent(t.app.deps, {
      id: FIELD_AGENT,
      name: 'Dominique Terrain',
      direction: 'Voirie',
    });
    today = 5;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('the sheet', () => {
    const sheetPage = async (): Promise<Page> => {
      const sheet = await t.get(`/api/admin/quiz/${today}/sheet`, as);
      expect(sheet.status).toBe(200);
      const page = await newPage();
      await page.setContent(String(sheet.body));
      return page;
    };

    it('prints on A4 in large print: 14 pt at least, a box per choice, the name line, no answer', async () => {
      // Given the day's sheet, printed
      const page = await sheetPage();
      await page.emulateMedia({ media: 'print' });
      const challenge = (await t.app.deps.challenges.current())!;
      const quiz = (await t.app.deps.quizzes.get(challenge.id, `j${today}`))!;

      // Then every piece of text is 14 pt or more
      const smallest = await page.evaluate(() =>
        Math.min(
          ...Array.from(document.querySelectorAll('body *'))
            .filter((n) =>
              Array.from(n.childNodes).some((c) => c.nodeType === 3 && c.textContent!.trim()),
            )
            .map((n) => parseFloat(getComputedStyle(n).fontSize)),
        ),
      );
      expect(smallest).toBeGreaterThanOrEqual(FOURTEEN_POINTS - 0.01);
      // A box per choice, each with its label; the lines for the agent's name and direction
      const boxes = quiz.questions.reduce((n, q) => n + q.choices.length, 0);
      expect(await page.locator('input[type="checkbox"]').count()).toBe(boxes);
      for (const box of await page.locator('input[type="checkbox"]').all()) {
        const id = await box.getAttribute('id');
        expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
      }
      expect(await page.locator('.line').allTextContents()).toEqual([
        'Nom et prénom :',
        'Direction ou service :',
      ]);
      // Every question, and none of the answers: no explanation, no source
      const text = (await page.locator('body').textContent())!;
      for (const question of quiz.questions) {
        expect(text).toContain(question.text);
        expect(text).not.toContain(question.explanation);
        expect(text).not.toContain(question.source.title);
      }
      // A question is never cut across two pages
      expect(
        await page
          .locator('.question')
          .first()
          .evaluate((n) => getComputedStyle(n).breakInside),
      ).toBe('avoid');
      // And Chromium lays it out on A4 paper, as the sheet asks
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
      expect([Math.round(Number(box![1])), Math.round(Number(box![2]))]).toEqual([595, 842]);
    });

    it('has no axe violations, on screen and printed', async () => {
      const page = await sheetPage();
      expect((await runAxe(page)).violations).toEqual([]);
      await page.emulateMedia({ media: 'print' });
      expect((await runAxe(page)).violations).toEqual([]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'papier-feuille.png'), fullPage: true });
    });
  });

  describe('the entry screen', () => {
    it.each(THEMES)(
      'has no axe violations in the %s theme, with an agent chosen',
      async (theme) => {
        const page = await openEntry(`&theme=${theme}`);
        await page.locator('#paper-search').fill('Aïcha');
        await page.locator('#paper-search-submit').click();
        await page.locator('fieldset.pick input[type="radio"]').first().check();
        await page.locator('.paper-answers').waitFor();

        const results = await runAxe(page);
        expect(results.passes.map((p) => p.id)).toEqual(
          expect.arrayContaining(['color-contrast', 'label']),
        );
        expect(results.violations).toEqual([]);
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({
          path: join(SCREENSHOTS, theme === 'default' ? 'papier.png' : `papier-${theme}.png`),
          fullPage: true,
        });
      },
    );

    it('enters a sheet for an agent found by name, once: the answers count and say who entered them', async () => {
      // Given the organiser on the entry screen, today's quiz chosen
      const page = await openEntry();
      expect(await page.locator('#paper-day').inputValue()).toBe(String(today));

      // When they find the agent, tick what the sheet says and record
      await page.locator('#paper-search').fill('dominique');
      await page.locator('#paper-search-submit').click();
      await page.getByRole('radio', { name: /Dominique Terrain/ }).check();
      const questions = page.locator('.paper-question');
      const count = await questions.count();
      for (let i = 0; i < count; i += 1) await questions.nth(i).locator('input').first().check();
      await page.locator('#paper-record').click();

      // Then the outcome says what counted, and the store has the answers, marked as entered by the organiser
      const outcome = page.locator('#paper-outcome-record');
      await outcome.waitFor();
      expect(await outcome.textContent()).toContain('Réponses de Dominique Terrain enregistrées');
      await expect(outcome.evaluate((n) => n === document.activeElement)).resolves.toBe(true);
      const challenge = (await t.app.deps.challenges.current())!;
      const answers = await t.app.deps.events.answersOf(challenge.id, FIELD_AGENT);
      expect(answers).toHaveLength(count);
      expect(answers.every((a) => a.enteredBy === ORGANISER)).toBe(true);

      // And when the same agent is chosen again, the questions are said answered and cannot be ticked
      await page.locator('#paper-search').fill('dominique');
      await page.locator('#paper-search-submit').click();
      await page.getByRole('radio', { name: /Dominique Terrain/ }).check();
      expect(await page.locator('.paper-question.done').count()).toBe(count);
      expect(await page.locator('.paper-question input:enabled').count()).toBe(0);
    });

    it('prints the sheet from the screen, in a frame of its own with the sheet’s A4 styles', async () => {
      const page = await openEntry();
      await page.getByRole('button', { name: 'Imprimer la feuille' }).click();
      const frame = page.locator('iframe.print-frame');
      await frame.waitFor({ state: 'attached' });
      const sheet = page.frameLocator('iframe.print-frame');
      expect(await sheet.locator('h1').textContent()).toMatch(
        /^Quiz du vendredi 27 novembre 2026$/,
      );
      expect(await sheet.locator('input[type="checkbox"]').count()).toBeGreaterThan(0);
    });
  });
});
