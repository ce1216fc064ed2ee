import type { Announcement } from '../../../src/domain/announcements';
import type {
  AgentRepository,
  AnnouncementRepository,
  BroadcastRepository,
} from '../../../src/domain/ports';
import { TableAgentRepository } from '../../../src/storage/azure/agent-repository';
import { TableAnnouncementRepository } from '../../../src/storage/azure/announcement-repository';
import { TableBroadcastRepository } from '../../../src/storage/azure/broadcast-repository';
import type { TableSet } from '../../../src/storage/azure/tables';
import {
  MemoryAgentRepository,
  MemoryAnnouncementRepository,
  MemoryBroadcastRepository,
} from '../../../src/storage/memory';
import { buildSendClaim } from '../../support/builders';
import { freshTables } from '../../support/storage';

/** Announcements, send cancels and directions: the same expectations on Azurite and on the in-memory twins. */
let tables: TableSet;
beforeAll(async () => {
  tables = await freshTables();
});

interface Stores {
  announcements: AnnouncementRepository;
  broadcasts: BroadcastRepository;
  agents: AgentRepository;
}

const implementations: [string, () => Stores][] = [
  [
    'Azure Tables',
    () => ({
      announcements: new TableAnnouncementRepository(tables),
      broadcasts: new TableBroadcastRepository(tables),
      agents: new TableAgentRepository(tables),
    }),
  ],
  [
    'memory',
    () => ({
      announcements: new MemoryAnnouncementRepository(),
      broadcasts: new MemoryBroadcastRepository(),
      agents: new MemoryAgentRepository(),
    }),
  ],
];

let n = 0;
function anAnnouncement(overrides: Partial<Announcement> = {}): Announcement {
  n += 1;
  return {
    id: `a20261125-${String(n).padStart(16, '0')}`,
    challengeId: `c-${n}`,
    title: 'Atelier « demain » = 14 h',
    text: 'Venez **nombreux** !\n- a\n- b',
    link: { label: 'Programme', url: 'https://ville.example/p' },
    audience: { kind: 'direction', direction: 'Éducation' },
    preview: false,
    createdBy: 'orga',
    createdAt: '2026-11-25T09:00:00.000Z',
    sendAt: '2026-11-25T09:00:00.000Z',
    state: 'sending',
    sendId: `announcement.c-${n}.x`,
    ...overrides,
  };
}

describe.each(implementations)('%s', (_, open) => {
  it('keeps an announcement as written, and the second create of the same id returns the first', async () => {
    const { announcements } = open();
    const first = anAnnouncement();
    expect(await announcements.create(first)).toEqual({ created: true, announcement: first });
    const again = await announcements.create({ ...first, createdBy: 'someone else' });
    expect(again).toEqual({ created: false, announcement: first });
    const { etag, ...stored } = (await announcements.get(first.challengeId, first.id))!;
    expect(stored).toEqual(first);
    expect(etag).toBeTruthy();
  });

  it('creates one of 20 concurrent creates of the same id', async () => {
    const { announcements } = open();
    const one = anAnnouncement();
    const results = await Promise.all(Array.from({ length: 20 }, () => announcements.create(one)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('writes changes against a version: a stale etag changes nothing', async () => {
    const { announcements } = open();
    const one = anAnnouncement({ state: 'scheduled' });
    await announcements.create(one);
    const read = (await announcements.get(one.challengeId, one.id))!;
    const written = await announcements.update(
      one.challengeId,
      one.id,
      { state: 'sending' },
      read.etag,
    );
    expect(written).toBeTruthy();
    expect(
      await announcements.update(one.challengeId, one.id, { state: 'cancelled' }, read.etag),
    ).toBeNull();
    expect((await announcements.get(one.challengeId, one.id))!.state).toBe('sending');
    // without an etag, the write lands whatever the version
    await announcements.update(one.challengeId, one.id, {
      reportCard: { conversationReference: '{"a":1}', activityId: 'act-1' },
      reported: '1/0/0/3',
    });
    expect(await announcements.get(one.challengeId, one.id)).toMatchObject({
      state: 'sending',
      reportCard: { conversationReference: '{"a":1}', activityId: 'act-1' },
      reported: '1/0/0/3',
    });
  });

  it("lists a challenge's announcements oldest first, and answers null for unknown or unsafe ids", async () => {
    const { announcements } = open();
    const later = anAnnouncement({ createdAt: '2026-11-25T10:00:00.000Z' });
    const earlier = anAnnouncement({
      challengeId: later.challengeId,
      createdAt: '2026-11-25T08:00:00.000Z',
    });
    await announcements.create(later);
    await announcements.create(earlier);
    expect((await announcements.list(later.challengeId)).map((a) => a.id)).toEqual([
      earlier.id,
      later.id,
    ]);
    expect(await announcements.get(later.challengeId, 'nope')).toBeNull();
    expect(await announcements.get(later.challengeId, '../x#?')).toBeNull();
    expect(
      await announcements.update(later.challengeId, 'nope', { state: 'cancelled' }),
    ).toBeNull();
  });

  it('marks a send cancelled once: the first cancel is the one kept, and a takeover keeps it', async () => {
    const { broadcasts } = open();
    const send = buildSendClaim('instance-1', 0, { id: `announcement.c1.a${++n}`, leaseUntil: 1 });
    await broadcasts.claim(send, 0);
    const cancelled = await broadcasts.cancel(send.id, 'orga', '2026-11-25T10:00:00.000Z');
    expect(cancelled).toMatchObject({
      cancelledBy: 'orga',
      cancelledAt: '2026-11-25T10:00:00.000Z',
    });
    await broadcasts.cancel(send.id, 'other', '2026-11-25T11:00:00.000Z');
    // another instance takes the expired claim over
    await broadcasts.claim({ ...send, owner: 'instance-2', leaseUntil: 10 }, 5);
    expect(await broadcasts.getSend(send.id)).toMatchObject({ cancelledBy: 'orga' });
    expect(await broadcasts.cancel('unknown-send', 'orga', '2026-11-25T10:00:00.000Z')).toBeNull();
  });

  it('places an agent in a direction, and clears it', async () => {
    const { agents } = open();
    const id = `agent-dir-${++n}`;
    await agents.register(
      { id, tenantId: 't', name: 'Ana', locale: 'fr', conversationReference: '{}' },
      '2026-11-25T09:00:00.000Z',
    );
    await agents.setDirection(id, 'Éducation');
    expect((await agents.get(id))!.direction).toBe('Éducation');
    // a new registration keeps it
    await agents.register(
      { id, tenantId: 't', name: 'Ana B.', locale: 'fr', conversationReference: '{}' },
      '2026-11-25T10:00:00.000Z',
    );
    expect((await agents.get(id))!.direction).toBe('Éducation');
    await agents.setDirection(id, undefined);
    expect((await agents.get(id))!.direction).toBeUndefined();
  });
});
