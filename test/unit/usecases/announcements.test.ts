import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import {
  announcementStatus,
  cancelAnnouncement,
  listAnnouncements,
  postAnnouncement,
  startDueAnnouncements,
} from '../../../src/usecases/announcements';
import { clockAt, type FakeClock } from '../../support/clock';
import { givenAgent, givenChallenge, givenTeam } from '../../support/builders';

const HOURS = { from: '08:00', to: '19:00' };
const DRAFT = { title: 'Atelier demain', text: 'Venez **nombreux** !', audience: { kind: 'all' } };

let deps: MemoryDeps;
let clock: FakeClock;

/** An organiser, three reachable agents (two of the DRH) and one who uninstalled the app, on Wednesday 10:00. */
beforeEach(async () => {
  clock = clockAt('2026-11-25T10:00:00+01:00');
  deps = memoryDeps({ clock, organiserIds: ['orga'] });
  await givenChallenge(deps);
  await givenAgent(deps, { id: 'orga', name: 'Organisatrice' });
  await givenAgent(deps, { id: 'ana', direction: 'DRH' });
  await givenAgent(deps, { id: 'bea', direction: 'Direction des Ressources humaines' });
  await givenAgent(deps, { id: 'chloe', direction: 'Éducation' });
  await givenAgent(deps, { id: 'gone', direction: 'Éducation' });
  await deps.agents.markUnreachable('gone');
});

/** Posts, and waits until its audience is handed to the queue (edges answer before that). */
const post = async (draft: unknown = DRAFT, by = 'orga', preview = false) => {
  const posted = await postAnnouncement(deps, { by, draft, preview, hours: HOURS });
  await posted.sending;
  return posted;
};
/** Every agent a send was started for, over every send. */
const queued = async () => {
  const agents: string[] = [];
  for (const send of await deps.broadcasts.listSends())
    for (const delivery of await deps.broadcasts.listDeliveries(send.id))
      agents.push(delivery.agentId);
  return agents.sort();
};

describe('posting an announcement', () => {
  it('sends it at once to every reachable agent, one card each', async () => {
    // when the organiser posts to everyone during the day
    const posted = await post();
    // then the send starts with one delivery per reachable agent, the organiser included
    expect(posted).toMatchObject({ created: true, audienceSize: 4 });
    expect(posted.announcement.state).toBe('sending');
    expect(await queued()).toEqual(['ana', 'bea', 'chloe', 'orga']);
    const status = await announcementStatus(deps, { by: 'orga', id: posted.announcement.id });
    expect(status).toMatchObject({ state: 'sending', total: 4, sent: 0, pending: 4 });
  });

  it('reaches one team only', async () => {
    const team = await givenTeam(deps, {
      members: [
        { agentId: 'ana', name: 'Ana' },
        { agentId: 'chloe', name: 'Chloé' },
      ],
    });
    const posted = await post({ ...DRAFT, audience: { kind: 'team', teamId: team.id } });
    expect(posted.audienceSize).toBe(2);
    expect(await queued()).toEqual(['ana', 'chloe']);
  });

  it('reaches one direction, accents and case aside, and never the unreachable', async () => {
    const posted = await post({
      ...DRAFT,
      audience: { kind: 'direction', direction: 'education' },
    });
    expect(posted.audienceSize).toBe(1);
    expect(await queued()).toEqual(['chloe']);
  });

  it('makes one announcement and one send of the same one posted twice, even at once', async () => {
    // when two organisers (or a double click) post the same announcement 20 times at once
    const results = await Promise.all(Array.from({ length: 20 }, () => post()));
    // then one was created, the others are that one, and each agent is queued once
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.announcement.id)).size).toBe(1);
    expect(await queued()).toEqual(['ana', 'bea', 'chloe', 'orga']);
    expect(await listAnnouncements(deps, { by: 'orga' })).toHaveLength(1);
  });

  it('refuses a non-organiser, and keeps and sends nothing', async () => {
    await expect(post(DRAFT, 'ana')).rejects.toMatchObject({ code: 'not_organiser' });
    expect(await queued()).toEqual([]);
    expect(await deps.announcements.list('c1')).toEqual([]);
  });

  it.each([
    ['an unknown team', { kind: 'team', teamId: 'nope' }, 'audience_unknown'],
    ['an unknown direction', { kind: 'direction', direction: 'Marine' }, 'audience_unknown'],
  ])('refuses %s, and keeps and sends nothing', async (_, audience, code) => {
    await expect(post({ ...DRAFT, audience })).rejects.toMatchObject({ code });
    expect(await queued()).toEqual([]);
    expect(await deps.announcements.list('c1')).toEqual([]);
  });

  it('says so when nobody of the audience can be reached, and sends nothing', async () => {
    // given a direction whose only agent uninstalled the app
    await deps.agents.setDirection('chloe', 'DRH');
    // when posting to "Éducation" (only "gone" is left there)
    await expect(
      post({ ...DRAFT, audience: { kind: 'direction', direction: 'Éducation' } }),
    ).rejects.toMatchObject({ code: 'audience_empty' });
    expect(await queued()).toEqual([]);
    expect(await deps.announcements.list('c1')).toEqual([]);
  });

  it('refuses an oversize text, saying the limit, and keeps nothing', async () => {
    await expect(post({ ...DRAFT, text: 'x'.repeat(2001) })).rejects.toMatchObject({
      code: 'announcement_invalid',
      details: { field: 'text', limit: 2000 },
    });
    expect(await deps.announcements.list('c1')).toEqual([]);
  });

  it('sends a preview to its author only, and does not list it', async () => {
    const posted = await post(DRAFT, 'orga', true);
    expect(posted.announcement.preview).toBe(true);
    expect(await queued()).toEqual(['orga']);
    expect(await listAnnouncements(deps, { by: 'orga' })).toEqual([]);
    // and the real one after it is a send of its own
    await post();
    expect(await queued()).toEqual(['ana', 'bea', 'chloe', 'orga', 'orga']);
  });
});

describe('the sending hours', () => {
  it('holds an announcement written at night until 08:00, then the scheduler sends it once', async () => {
    // given 21:30
    clock.set('2026-11-25T21:30:00+01:00');
    const posted = await post();
    expect(posted.announcement).toMatchObject({
      state: 'scheduled',
      sendAt: '2026-11-26T07:00:00.000Z',
    });
    expect(await queued()).toEqual([]);
    // when the scheduler ticks at 07:59, nothing; at 08:00, it starts; ticking again changes nothing
    clock.set('2026-11-26T07:59:00+01:00');
    expect(await startDueAnnouncements(deps)).toBe(0);
    clock.set('2026-11-26T08:00:10+01:00');
    expect(await startDueAnnouncements(deps)).toBe(1);
    expect(await startDueAnnouncements(deps)).toBe(0);
    expect(await queued()).toEqual(['ana', 'bea', 'chloe', 'orga']);
  });

  it('never starts one cancelled while it waited', async () => {
    clock.set('2026-11-25T21:30:00+01:00');
    const { announcement } = await post();
    const status = await cancelAnnouncement(deps, { by: 'orga', id: announcement.id });
    expect(status.state).toBe('cancelled');
    clock.set('2026-11-26T08:00:10+01:00');
    expect(await startDueAnnouncements(deps)).toBe(0);
    expect(await queued()).toEqual([]);
  });
});

describe('cancelling', () => {
  it('stops a send in progress and reports what went out', async () => {
    const { announcement } = await post();
    const status = await cancelAnnouncement(deps, { by: 'orga', id: announcement.id });
    expect(status).toMatchObject({ state: 'cancelled', total: 4 });
    const send = await deps.broadcasts.getSend(announcement.sendId!);
    expect(send).toMatchObject({ cancelledBy: 'orga' });
    // cancelling again is harmless
    expect((await cancelAnnouncement(deps, { by: 'orga', id: announcement.id })).state).toBe(
      'cancelled',
    );
  });

  it('refuses to cancel a send that is over', async () => {
    const { announcement } = await post();
    for (const delivery of await deps.broadcasts.listDeliveries(announcement.sendId!)) {
      const found = await deps.broadcasts.getDelivery(delivery.sendId, delivery.agentId);
      await deps.broadcasts.updateDelivery({ ...delivery, state: 'sent' }, found!.etag);
    }
    expect((await announcementStatus(deps, { by: 'orga', id: announcement.id })).state).toBe(
      'done',
    );
    await expect(
      cancelAnnouncement(deps, { by: 'orga', id: announcement.id }),
    ).rejects.toMatchObject({
      code: 'send_finished',
    });
  });

  it('refuses a non-organiser and an unknown id', async () => {
    const { announcement } = await post();
    await expect(
      cancelAnnouncement(deps, { by: 'ana', id: announcement.id }),
    ).rejects.toMatchObject({
      code: 'not_organiser',
    });
    await expect(cancelAnnouncement(deps, { by: 'orga', id: 'nope/../x' })).rejects.toMatchObject({
      code: 'announcement_unknown',
    });
    expect((await announcementStatus(deps, { by: 'orga', id: announcement.id })).state).toBe(
      'sending',
    );
  });
});
