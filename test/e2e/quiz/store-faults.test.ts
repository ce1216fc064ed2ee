import { printFigures, runFaultScenario } from '../../bench/faults';

/**
 * Issue 12, "load and faults", in CI time: agents answer as fast as the app takes them for 30 s (the bench runs
 * 5 minutes: `npm run bench -- faults`) and the embedded store is killed (SIGKILL) at half time. The app starts
 * it again by itself; answers refused during the outage are fine, but every confirmed one is kept, counted once,
 * and the app's memory does not grow.
 */
describe('answers under load with the embedded store killed in the middle', () => {
  it('loses no confirmed answer and counts none twice', async () => {
    // given 30 s of answers, 16 in flight, and the store killed at 15 s
    // when the scenario has run and the store is audited
    const figures = await runFaultScenario({ seconds: 30, agents: 3000 });
    printFigures(figures, (line) => console.log(line));

    // then the app took answers before and after the kill
    expect(figures.confirmed).toBeGreaterThan(150);
    expect(figures.outageMs).toBeLessThan(15_000);
    expect(figures.storeLog.join('\n')).toContain('embedded store started again');
    // and none of those it confirmed is lost or counted other than once
    expect(figures.lost).toBe(0);
    expect(figures.countedTwice).toBe(0);
    expect(figures.countedNever).toBe(0);
    // and its memory stays flat (a leak over thousands of answers would show in the second half)
    expect(figures.rss.end).toBeLessThan(figures.rss.middle + 64 * 1024 * 1024);
  }, 120_000);
});
