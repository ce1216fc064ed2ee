import { nameForTeammate } from '../../../src/domain/agents';
import { isDomainError } from '../../../src/domain/errors';
import { memoryDeps } from '../../../src/storage/memory';
import { myTeamView } from '../../../src/usecases/tab-views';
import { setNameShownToTeam, teammateNames } from '../../../src/usecases/team-name-sharing';
import { givenAgent, givenChallenge, givenTeam } from '../../support/builders';
import { clockAt } from '../../support/clock';

const NOW = '2026-11-24T10:00:00+01:00';

/** Team "sobres" of three: Alice (the reader), Bruno, Chloé, each with an agent row. */
async function aTeamOfThree() {
  const deps = memoryDeps({ clock: clockAt(NOW) });
  await givenChallenge(deps);
  const members = [
    { agentId: 'alice', name: 'Alice Martin' },
    { agentId: 'bruno', name: 'Bruno Petit' },
    { agentId: 'chloe', name: 'Chloé Durand' },
  ];
  for (const m of members) await givenAgent(deps, { id: m.agentId, name: m.name });
  await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', members });
  return { deps, members };
}

describe('the name a teammate sees (rule)', () => {
  const member = { agentId: 'bruno', name: 'Bruno Petit' };

  it('is hidden by default, shown by the member’s own choice', () => {
    expect(nameForTeammate(member, 'alice', () => false)).toBeNull();
    expect(nameForTeammate(member, 'alice', (id) => id === 'bruno')).toBe('Bruno Petit');
  });

  it('is always shown to the member themself', () => {
    expect(nameForTeammate(member, 'bruno', () => false)).toBe('Bruno Petit');
  });
});

describe('showing one’s name to one’s team', () => {
  it('hides every teammate by default: the reader sees their own name only', async () => {
    // given
    const { deps, members } = await aTeamOfThree();

    // when
    const names = await teammateNames(deps, members, 'alice');

    // then
    expect(names).toEqual(['Alice Martin', null, null]);
  });

  it('shows the name of a teammate who opted in, and hides it again when they opt out', async () => {
    // given
    const { deps, members } = await aTeamOfThree();

    // when
    await setNameShownToTeam(deps, { agentId: 'bruno', show: true });

    // then
    expect(await teammateNames(deps, members, 'alice')).toEqual([
      'Alice Martin',
      'Bruno Petit',
      null,
    ]);
    await setNameShownToTeam(deps, { agentId: 'bruno', show: false });
    expect(await teammateNames(deps, members, 'alice')).toEqual(['Alice Martin', null, null]);
  });

  it('applies to the tab’s my-team view, which also tells the reader their own choice', async () => {
    // given
    const { deps } = await aTeamOfThree();
    await setNameShownToTeam(deps, { agentId: 'chloe', show: true });

    // when
    const alices = await myTeamView(deps, 'alice');
    await setNameShownToTeam(deps, { agentId: 'alice', show: true });
    const chloes = await myTeamView(deps, 'chloe');

    // then
    expect(alices.team?.members.map((m) => m.name)).toEqual(['Alice Martin', null, 'Chloé Durand']);
    expect(alices.team?.showMyName).toBe(false);
    expect(chloes.team?.members.map((m) => m.name)).toEqual(['Alice Martin', null, 'Chloé Durand']);
    expect(chloes.team?.showMyName).toBe(true);
  });

  it('is refused for someone who never started the app (nothing is created)', async () => {
    // given
    const { deps } = await aTeamOfThree();

    // when
    const error = await setNameShownToTeam(deps, { agentId: 'stranger', show: true }).then(
      () => null,
      (e: unknown) => e,
    );

    // then
    expect(isDomainError(error, 'agent_unknown')).toBe(true);
    expect(await deps.agents.get('stranger')).toBeNull();
  });
});
