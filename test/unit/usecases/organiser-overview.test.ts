import { memoryDeps } from '../../../src/storage/memory';
import { organiserOverview } from '../../../src/usecases/organiser-overview';
import {
  givenAgent,
  givenAnswer,
  givenChallenge,
  givenCheckin,
  givenQuiz,
  givenTeam,
  givenWorkshop,
  buildRosterEntry,
} from '../../support/builders';
import { clockAt } from '../../support/clock';

/** Wednesday 25 November 2026 at 16:00 in Paris: day 3 of the challenge. */
async function aChallengeOnWednesday() {
  const clock = clockAt('2026-11-25T16:00:00+01:00');
  const memory = memoryDeps({ clock });
  await givenChallenge(memory);
  return { clock, deps: memory };
}

describe('the organisers’ overview', () => {
  it('counts the agents registered and reachable, and who answered or checked in today (Paris time)', async () => {
    // given four agents, one of them unreachable
    const { deps } = await aChallengeOnWednesday();
    for (const [id, direction] of [
      ['a', 'DSI'],
      ['b', 'DSI'],
      ['c', 'Culture'],
      ['d', ''],
    ]) {
      await givenAgent(deps, { id });
      if (direction) await deps.agents.setDirection(id!, direction);
    }
    await deps.agents.markUnreachable('d');
    const workshop = await givenWorkshop(deps, { id: 'w-today' });
    // a answered today (00:30 in Paris is still Wednesday, though 23:30 UTC on Tuesday)
    await givenAnswer(deps, 'a', { at: '2026-11-24T23:30:00.000Z', points: 2 });
    // b answered yesterday only, and checked in today
    await givenAnswer(deps, 'b', { at: '2026-11-24T10:00:00.000Z', points: 1 });
    await givenCheckin(deps, 'b', {
      workshopId: workshop.id,
      points: 5,
      at: '2026-11-25T13:00:00.000Z',
    });

    // when
    const view = await organiserOverview(deps);

    // then
    expect(view.today).toBe('2026-11-25');
    expect(view.agents).toEqual({
      registered: 4,
      reachable: 3,
      answeredToday: 1,
      checkedInToday: 1,
    });
    expect(view.directions).toEqual([
      { direction: 'Culture', agents: 1, answeredToday: 0, points: 0 },
      { direction: 'DSI', agents: 2, answeredToday: 1, points: 8 },
      { direction: null, agents: 1, answeredToday: 0, points: 0 },
    ]);
    expect(view.audiences.directions).toEqual(['Culture', 'DSI']);
  });

  it('gives each team its members, who answered today and its points, teams by name', async () => {
    // given two teams, one member of "Les Sobres" answered today
    const { deps } = await aChallengeOnWednesday();
    await givenTeam(deps, { id: 'zz', name: 'Zéro papier', members: 1 });
    await givenTeam(deps, { id: 'sobres', name: 'Les Sobres', members: 3 });
    await givenAnswer(deps, 'sobres-m1', { at: '2026-11-25T08:30:00.000Z', points: 2 });
    await givenAnswer(deps, 'sobres-m2', { at: '2026-11-23T08:30:00.000Z', points: 1 });

    // when
    const view = await organiserOverview(deps);

    // then
    expect(view.teams).toEqual([
      { id: 'sobres', name: 'Les Sobres', agents: 3, answeredToday: 1, points: 3 },
      { id: 'zz', name: 'Zéro papier', agents: 1, answeredToday: 0, points: 0 },
    ]);
    expect(view.audiences.teams).toEqual([
      { id: 'sobres', name: 'Les Sobres' },
      { id: 'zz', name: 'Zéro papier' },
    ]);
  });

  it('lists every send newest first, with its progress and what it carries', async () => {
    // given Monday's quiz sent at 09:00, then a workshop reminder, then a stopped announcement send
    const { deps, clock } = await aChallengeOnWednesday();
    await givenQuiz(deps, 1);
    const workshop = await givenWorkshop(deps, { id: 'w1', title: 'Sobriété des mails' });
    const recipients = async function* () {
      for (const id of ['a', 'b'])
        yield { agentId: id, locale: 'fr' as const, conversationReference: `{"id":"${id}"}` };
    };
    const send = (kind: 'quiz' | 'workshop-reminder' | 'announcement', subject: string) =>
      deps.fanOut.start({ kind, challengeId: 'c1', subject, requestedBy: 'scheduler', recipients });
    await send('quiz', 'j1');
    clock.advance(60_000);
    await send('workshop-reminder', workshop.id);
    clock.advance(60_000);
    const announced = await send('announcement', 'ann-1');
    await deps.fanOut.cancel(announced.send.id, 'organiser');

    // when
    const view = await organiserOverview(deps);

    // then
    expect(view.sends.map((s) => [s.kind, s.title, s.day, s.announcementId])).toEqual([
      ['announcement', null, null, 'ann-1'],
      ['workshop-reminder', 'Sobriété des mails', null, null],
      ['quiz', null, 1, null],
    ]);
    expect(view.sends[2]).toMatchObject({ total: 2, sent: 0, pending: 2, done: false });
    expect(view.sends[0]).toMatchObject({ state: 'cancelled', done: true });
  });

  it('gives each workshop its number, sign-ups and attendance', async () => {
    // given two workshops; one agent signed up to the first and checked in, another checked in without a seat
    const { deps } = await aChallengeOnWednesday();
    const first = await givenWorkshop(deps, { id: 'w1', startsAt: '2026-11-24T09:00:00.000Z' });
    await givenWorkshop(deps, { id: 'w2', startsAt: '2026-11-26T09:00:00.000Z', capacity: 20 });
    await deps.signups.signUp(
      'c1',
      first.id,
      { agentId: 'a', name: 'A', at: '2026-11-20T09:00:00Z' },
      () => undefined,
    );
    await givenCheckin(deps, 'a', {
      workshopId: first.id,
      points: 5,
      at: '2026-11-24T09:10:00.000Z',
    });
    await givenCheckin(deps, 'b', {
      workshopId: first.id,
      points: 5,
      at: '2026-11-24T09:12:00.000Z',
    });

    // when
    const view = await organiserOverview(deps);

    // then
    expect(view.workshops).toEqual([
      expect.objectContaining({ id: 'w1', number: 1, signedUp: 1, attended: 2, capacity: null }),
      expect.objectContaining({ id: 'w2', number: 2, signedUp: 0, attended: 0, capacity: 20 }),
    ]);
    expect(view.workshops[0]!.formatName).toEqual({ fr: 'Atelier', en: 'Workshop' });
  });

  it('needs a running challenge', async () => {
    // given an empty store
    const deps = memoryDeps({ clock: clockAt('2026-11-25T16:00:00+01:00') });

    // when / then
    await expect(organiserOverview(deps)).rejects.toMatchObject({ code: 'challenge_missing' });
  });

  it('tells who the directory holds, who has the app, and who could not be reached, by direction', async () => {
    // given a roster of five: two installed, one waiting, two refused (one without Teams), one who left
    const { deps } = await aChallengeOnWednesday();
    await deps.roster.putMany([
      buildRosterEntry({ install: 'installed' }),
      buildRosterEntry({ install: 'installed', direction: 'Culture' }),
      buildRosterEntry({ install: 'pending' }),
      buildRosterEntry({ install: 'failed', installReason: 'no_teams', direction: 'Culture' }),
      buildRosterEntry({ install: 'failed', installReason: 'blocked_by_policy' }),
      buildRosterEntry({ install: 'pending', leftAt: '2026-11-20T06:00:00.000Z' }),
    ]);

    // when
    const { reach } = await organiserOverview(deps);

    // then
    expect(reach).toEqual({
      members: 5,
      installed: 2,
      pending: 1,
      failed: 2,
      byDirection: [
        { direction: 'Culture', total: 1, byReason: { no_teams: 1 } },
        { direction: 'Direction des finances', total: 1, byReason: { blocked_by_policy: 1 } },
      ],
    });
  });
});
