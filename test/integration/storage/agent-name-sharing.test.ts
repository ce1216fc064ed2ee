import { TableAgentRepository } from '../../../src/storage/azure/agent-repository';
import { MemoryAgentRepository } from '../../../src/storage/memory';
import { freshTables } from '../../support/storage';

const registration = (conversationReference: string) => ({
  id: 'alice',
  tenantId: 'tenant-test',
  name: 'Alice Martin',
  locale: 'fr' as const,
  conversationReference,
});

/** The "show my name to my team" choice on the agent's row, in Azure Tables and in the in-memory twin alike. */
describe.each([
  ['Azure Tables (Azurite)', async () => new TableAgentRepository(await freshTables())],
  ['in memory', async () => new MemoryAgentRepository()],
])('an agent’s name-sharing choice, %s', (_, repository) => {
  it('is off for a new agent, kept through a registration that rewrites the row, and can be turned off', async () => {
    // given
    const agents = await repository();
    const { agent } = await agents.register(registration('{"v":1}'), '2026-11-20T09:00:00.000Z');
    expect(agent.showNameToTeam).toBe(false);

    // when
    expect(await agents.setShowNameToTeam('alice', true)).toBe(true);
    await agents.register(registration('{"v":2}'), '2026-11-21T09:00:00.000Z');

    // then
    expect(await agents.get('alice')).toMatchObject({
      showNameToTeam: true,
      conversationReference: '{"v":2}',
    });
    expect(await agents.setShowNameToTeam('alice', false)).toBe(true);
    expect((await agents.get('alice'))?.showNameToTeam).toBe(false);
  });

  it('writes nothing for an unknown agent', async () => {
    const agents = await repository();
    expect(await agents.setShowNameToTeam('nobody', true)).toBe(false);
    expect(await agents.get('nobody')).toBeNull();
  });
});
