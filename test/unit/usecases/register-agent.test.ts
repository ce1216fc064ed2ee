import { memoryDeps } from '../../../src/storage/memory';
import { registerAgent, type AgentSighting } from '../../../src/usecases/register-agent';
import { givenAgent } from '../../support/builders';
import { clockAt } from '../../support/clock';

const NOW = '2026-11-20T10:00:00+01:00';
const REFERENCE = JSON.stringify({ conversation: { id: 'a:personal-aicha' } });

function aStore() {
  const deps = memoryDeps({ clock: clockAt(NOW) });
  return { deps, writes: jest.spyOn(deps.agents, 'register') };
}

/** What an activity of Aïcha's personal chat says about her. */
function sighting(overrides: Partial<AgentSighting> = {}): AgentSighting {
  return {
    id: 'aicha',
    tenantId: 'tenant-test',
    name: 'Aïcha',
    locale: 'fr',
    conversationReference: REFERENCE,
    ...overrides,
  };
}

describe('registering an agent', () => {
  it('records an agent seen for the first time, reachable in their personal chat', async () => {
    // given nobody
    const { deps } = aStore();

    // when
    const { agent, isNew } = await registerAgent(deps, sighting());

    // then
    expect(isNew).toBe(true);
    expect(agent).toMatchObject({
      id: 'aicha',
      tenantId: 'tenant-test',
      name: 'Aïcha',
      locale: 'fr',
      reachable: true,
      conversationReference: REFERENCE,
      registeredAt: '2026-11-20T09:00:00.000Z',
    });
    expect(await deps.agents.get('aicha')).toEqual(agent);
  });

  it('writes nothing when the activity says what is already known', async () => {
    // given Aïcha, known as she is
    const { deps, writes } = aStore();
    const known = await givenAgent(deps, {
      id: 'aicha',
      name: 'Aïcha',
      conversationReference: REFERENCE,
    });
    writes.mockClear();

    // when she writes again
    const { agent, isNew } = await registerAgent(deps, sighting());

    // then
    expect(writes).not.toHaveBeenCalled();
    expect({ agent, isNew }).toEqual({ agent: known, isNew: false });
  });

  it('writes nothing for an activity outside the personal chat, which says no conversation', async () => {
    // given
    const { deps, writes } = aStore();
    await givenAgent(deps, { id: 'aicha', name: 'Aïcha', conversationReference: REFERENCE });
    writes.mockClear();

    // when she writes in a channel, with no name given
    const { agent } = await registerAgent(
      deps,
      sighting({ conversationReference: undefined, name: '' }),
    );

    // then her personal chat and her name are kept
    expect(writes).not.toHaveBeenCalled();
    expect(agent).toMatchObject({ name: 'Aïcha', conversationReference: REFERENCE });
  });

  it.each([
    ['a new name', { name: 'Aïcha B.' }, { name: 'Aïcha B.' }],
    ['another language', { locale: 'en' as const }, { locale: 'en' }],
    [
      'another personal chat',
      { conversationReference: '{"new":1}' },
      { conversationReference: '{"new":1}' },
    ],
  ])('refreshes an agent when the activity brings %s', async (_label, change, expected) => {
    // given
    const { deps, writes } = aStore();
    await givenAgent(deps, { id: 'aicha', name: 'Aïcha', conversationReference: REFERENCE });
    writes.mockClear();

    // when
    const { agent, isNew } = await registerAgent(deps, sighting(change));

    // then
    expect(writes).toHaveBeenCalledTimes(1);
    expect(isNew).toBe(false);
    expect(agent).toMatchObject(expected);
    expect(await deps.agents.get('aicha')).toMatchObject(expected);
  });

  it('makes an agent who had uninstalled the app reachable again, keeping what the activity does not say', async () => {
    // given Aïcha uninstalled the app
    const { deps, writes } = aStore();
    await givenAgent(deps, { id: 'aicha', name: 'Aïcha', conversationReference: REFERENCE });
    await deps.agents.markUnreachable('aicha');
    writes.mockClear();

    // when she writes from a channel, without a name
    const { agent } = await registerAgent(
      deps,
      sighting({ conversationReference: undefined, name: '' }),
    );

    // then
    expect(writes).toHaveBeenCalledTimes(1);
    expect(agent).toMatchObject({
      reachable: true,
      name: 'Aïcha',
      conversationReference: REFERENCE,
    });
  });

  it('names an agent the channel gives no name "Agent", and keeps at most 120 characters of a name', async () => {
    // given
    const { deps } = aStore();

    // when
    const nameless = await registerAgent(deps, sighting({ id: 'nameless', name: '' }));
    const long = await registerAgent(deps, sighting({ id: 'long', name: 'x'.repeat(300) }));

    // then
    expect(nameless.agent.name).toBe('Agent');
    expect(long.agent.name).toBe('x'.repeat(120));
  });
});
