import { TableAgentRepository } from '../../../src/storage/azure/agent-repository';
import { givenAgent } from '../../support/builders';
import { freshTables } from '../../support/storage';

/**
 * The organisers' scan: what the tab's ranking shows organisers (their pages) without a read of the reader. A
 * hint: this instance's own changes count at once, another instance's within a minute.
 */
/** Polls `check` until it holds (the scan behind the readers takes a few milliseconds). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('never held');
}

describe('the organisers as scanned', () => {
  it('lists the agents holding the role, and this instance’s grants and withdrawals at once', async () => {
    // given two organisers among four agents
    const agents = new TableAgentRepository(await freshTables());
    const [first, , second] = await Promise.all([
      givenAgent({ agents }, { organiser: true }),
      givenAgent({ agents }),
      givenAgent({ agents }, { organiser: true }),
      givenAgent({ agents }),
    ]);
    const scanned = new Set(await agents.organisers());

    // when this instance withdraws one role and erases the other organiser
    await agents.setOrganiser(first!.id, false);
    await agents.remove(second!.id);

    // then
    expect(scanned).toEqual(new Set([first!.id, second!.id]));
    expect(await agents.organisers()).toEqual(new Set());
  });

  it('sees another instance’s grant once its scan is a minute old, scanning behind the readers', async () => {
    // given this instance's scan, taken at minute 0
    const tables = await freshTables();
    let now = 0;
    const here = new TableAgentRepository(tables, () => now);
    const there = new TableAgentRepository(tables);
    const agent = await givenAgent({ agents: there });
    expect(await here.organisers()).toEqual(new Set());

    // when another instance grants the role
    await there.setOrganiser(agent.id, true);

    // then the hint keeps its scan for a minute; past it, the readers get the last scan at once while one scan
    // runs behind them, and the next readers get what it found
    now = 59_999;
    expect((await here.organisers()).has(agent.id)).toBe(false);
    now = 60_000;
    const during = await Promise.all(Array.from({ length: 20 }, () => here.organisers()));
    expect(during.every((ids) => !ids.has(agent.id))).toBe(true);
    await waitFor(async () => (await here.organisers()).has(agent.id));
    expect(new Set([...during, await here.organisers()]).size).toBe(2);
  });
});
