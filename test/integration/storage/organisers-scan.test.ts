import { TableAgentRepository } from '../../../src/storage/azure/agent-repository';
import { givenAgent } from '../../support/builders';
import { freshTables } from '../../support/storage';

/**
 * The organisers' scan: what the tab's ranking shows organisers (their pages) without a read of the reader. A
 * hint: this instance's own changes count at once, another instance's within a minute.
 */
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

  it('sees another instance’s grant once its scan is a minute old, with one scan for many readers', async () => {
    // given this instance's scan, taken at minute 0
    const tables = await freshTables();
    let now = 0;
    const here = new TableAgentRepository(tables, () => now);
    const there = new TableAgentRepository(tables);
    const agent = await givenAgent({ agents: there });
    expect(await here.organisers()).toEqual(new Set());

    // when another instance grants the role
    await there.setOrganiser(agent.id, true);

    // then the hint keeps its scan for a minute, then scans again once for everyone asking
    now = 59_999;
    expect((await here.organisers()).has(agent.id)).toBe(false);
    now = 60_000;
    const answers = await Promise.all(Array.from({ length: 20 }, () => here.organisers()));
    expect(answers.every((ids) => ids.has(agent.id))).toBe(true);
    expect(new Set(answers).size).toBe(1);
  });
});
