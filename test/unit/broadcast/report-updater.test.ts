import { ReportUpdater, type ReportUpdaterPorts } from '../../../src/broadcast/report-updater';
import { DEFAULT_SENDING_HOURS } from '../../../src/domain/announcements';
import type { DeliveryState } from '../../../src/domain/broadcast';
import type { OutgoingActivity } from '../../../src/domain/ports';
import { silentLogger } from '../../../src/log';
import { memoryDeps, type MemoryDeps } from '../../../src/storage/memory';
import { announcementReportOf } from '../../../src/usecases/announcement-reports';
import { cancelAnnouncement, postAnnouncement } from '../../../src/usecases/announcements';
import { givenAgent, givenChallenge } from '../../support/builders';
import { clockAt } from '../../support/clock';

const ORGANISER = 'organiser-1';
const CARD = {
  conversationReference: '{"conversation":{"id":"a:organiser"}}',
  activityId: 'act-7',
};

/** A limiter that grants at once and counts what it granted, saw leave, and got back. */
function countingLimiter() {
  const counts = { acquired: 0, used: 0, refunded: 0 };
  return {
    counts,
    limiter: {
      acquire: async () => {
        counts.acquired += 1;
        return { grantedAt: 0 };
      },
      used: () => {
        counts.used += 1;
      },
      refund: () => {
        counts.refunded += 1;
      },
    },
  };
}

async function given(agents = 3) {
  const deps = memoryDeps({
    clock: clockAt('2026-11-24T10:00:00+01:00'),
    organiserIds: [ORGANISER],
  });
  await givenChallenge(deps);
  await givenAgent(deps, { id: ORGANISER, name: 'Élodie' });
  for (let i = 1; i <= agents; i += 1) await givenAgent(deps, { id: `agent-${i}` });
  const { announcement, sending } = await postAnnouncement(deps, {
    by: ORGANISER,
    draft: { title: 'Atelier demain', text: 'Venez **nombreux**.', audience: { kind: 'all' } },
    hours: DEFAULT_SENDING_HOURS,
    reportCard: CARD,
  });
  await sending;
  return { deps, announcement };
}

/** A job on the twins; its card updates are recorded with the figures they showed. */
function aJob(deps: MemoryDeps, limiter = countingLimiter()) {
  const updates: { activityId: string; figures: unknown }[] = [];
  const ports: ReportUpdaterPorts = {
    challenges: deps.challenges,
    announcements: deps.announcements,
    limiter: limiter.limiter,
    messenger: {
      update: async (_reference: string, activityId: string, activity: OutgoingActivity) => {
        updates.push({ activityId, figures: activity.figures });
      },
    },
    report: async (announcement) => {
      const report = await announcementReportOf(deps, announcement);
      return {
        figures: report.figures,
        final: report.settled,
        activity: { figures: report.figures },
      };
    },
    log: silentLogger,
  };
  return { job: new ReportUpdater(ports), updates, counts: limiter.counts };
}

/** The fan-out's workers, by hand: one delivery of the send reaches `state`. */
async function deliver(deps: MemoryDeps, sendId: string, agentId: string, state: DeliveryState) {
  const delivery = await deps.broadcasts.getDelivery(sendId, agentId);
  if (!delivery) throw new Error(`no delivery for ${agentId}`);
  const { etag, ...row } = delivery;
  await deps.broadcasts.updateDelivery(
    { ...row, state, ...(state === 'failed' ? { reason: 'unreachable (HTTP 403)' } : {}) },
    etag,
  );
}

describe('the report job', () => {
  it('redraws the card when its figures change, a last time when the send is over, and never after', async () => {
    // Given an announcement to 4 agents (the organiser too), its card seen by the job once
    const { deps, announcement } = await given(3);
    const { job, updates, counts } = aJob(deps);
    expect(await job.tick()).toBe(0); // first seen: the invoke response that drew the card comes first

    // When nothing is delivered yet, the card is drawn with the figures as they stand
    expect(await job.tick()).toBe(1);
    expect(await job.tick()).toBe(0); // nothing changed

    // When two deliveries go out, it is drawn again, once
    await deliver(deps, announcement.sendId!, 'agent-1', 'sent');
    await deliver(deps, announcement.sendId!, 'agent-2', 'sent');
    expect(await job.tick()).toBe(1);
    expect(await job.tick()).toBe(0);

    // When the last ones end, it is drawn a last time as done
    await deliver(deps, announcement.sendId!, 'agent-3', 'failed');
    await deliver(deps, announcement.sendId!, ORGANISER, 'sent');
    expect(await job.tick()).toBe(1);
    expect(updates.map((u) => u.figures)).toEqual([
      'sending/4/0/0/0/4',
      'sending/4/2/0/0/2',
      'done/4/3/1/0/0',
    ]);
    expect(updates.every((u) => u.activityId === CARD.activityId)).toBe(true);
    expect((await deps.announcements.get('c1', announcement.id))?.reportedFinal).toBe(true);

    // Then never again, whatever happens to the rows
    await deliver(deps, announcement.sendId!, 'agent-3', 'sent');
    expect(await job.tick()).toBe(0);
    expect(await job.tick()).toBe(0);
    expect(updates).toHaveLength(3);
    // and each update took a slot of the limiter, used when the request left
    expect(counts).toEqual({ acquired: 3, used: 3, refunded: 0 });
  });

  it('draws a stopped send once it settles, and says it stopped', async () => {
    // Given a send with one delivery out, then stopped by the organiser
    const { deps, announcement } = await given(2);
    const { job, updates } = aJob(deps);
    await job.tick();
    await deliver(deps, announcement.sendId!, 'agent-1', 'sent');
    await cancelAnnouncement(deps, { by: ORGANISER, id: announcement.id });
    // When the queued cards are skipped by the workers
    await deliver(deps, announcement.sendId!, 'agent-2', 'skipped');
    await deliver(deps, announcement.sendId!, ORGANISER, 'skipped');
    await job.tick();
    await job.tick();
    // Then the card shows what went out, stopped, once
    expect(updates.map((u) => u.figures)).toEqual(['cancelled/3/1/0/2/0']);
  });

  it('makes one update when two jobs (two instances) see the same change', async () => {
    // Given two jobs on the same store, both having seen the card
    const { deps, announcement } = await given(2);
    const first = aJob(deps);
    const second = aJob(deps);
    await Promise.all([first.job.tick(), second.job.tick()]);
    await Promise.all([first.job.tick(), second.job.tick()]);
    const before = first.updates.length + second.updates.length;
    expect(before).toBe(1);

    // When a delivery goes out and both look at once
    await deliver(deps, announcement.sendId!, 'agent-1', 'sent');
    await Promise.all([first.job.tick(), second.job.tick()]);

    // Then one of them redraws the card; the other gives its slot back
    expect(first.updates.length + second.updates.length).toBe(2);
    const used = first.counts.used + second.counts.used;
    const refunded = first.counts.refunded + second.counts.refunded;
    const acquired = first.counts.acquired + second.counts.acquired;
    expect(used).toBe(2);
    expect(acquired).toBe(used + refunded);
  });

  it('tries again at the next tick when the connector refused the update for a while', async () => {
    // Given a connector that fails once
    const { deps } = await given(1);
    const { job, updates } = aJob(deps);
    let failures = 1;
    const ports = (job as unknown as { ports: ReportUpdaterPorts }).ports;
    const real = ports.messenger.update;
    ports.messenger.update = async (...args) => {
      if (failures-- > 0) throw Object.assign(new Error('busy'), { statusCode: 503 });
      return real(...args);
    };
    // When the job runs
    await job.tick();
    expect(await job.tick()).toBe(0);
    // Then the next tick draws the card
    expect(await job.tick()).toBe(1);
    expect(updates).toHaveLength(1);
  });
});
