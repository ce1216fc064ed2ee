import { reachableRegistration } from '../support/activities';
import { DEFAULT_SENDING_HOURS } from '../../src/domain/announcements';
import { announcementStatus, postAnnouncement } from '../../src/usecases/announcements';
import { buildChallenge } from '../support/builders';
import { pool, startBenchApp, startConnectorProcess } from './support';

/**
 * Announcement: one organiser's announcement to N agents (BENCH_AGENTS, 2,000 by default) through a connector
 * stand-in, in its own process, that enforces 50 msg/s and answers 429 + Retry-After on 5 % of calls. Prints the
 * rate as a share of the ceiling, whether every agent got it exactly once, and whether the announcement's report
 * says what the connector received.
 */
export async function benchAnnouncement(
  agents = Number(process.env.BENCH_AGENTS ?? 2_000),
): Promise<void> {
  const ceiling = 50;
  const organiser = 'bench-organiser';
  const connector = await startConnectorProcess(ceiling);
  const connectorUrl = connector.url;
  const stats = connector.stats;
  // A Monday at 09:00 in Paris: inside the sending hours, so the announcement goes at once.
  const bench = await startBenchApp({
    now: '2026-11-23T09:00:00+01:00',
    env: {
      BROADCAST_RATE_PER_SECOND: String(ceiling),
      BROADCAST_CONCURRENCY: '32',
      ORGANISER_IDS: organiser,
    },
  });
  try {
    const { deps } = bench.app;
    await deps.challenges.saveAsCurrent(buildChallenge());
    const ids = Array.from({ length: agents }, (_, i) => `agent-${i}`);
    await pool(ids, 16, (id) =>
      deps.agents.register(reachableRegistration(id, connectorUrl), new Date().toISOString()),
    );
    const started = Date.now();
    const { announcement, audienceSize, sending } = await postAnnouncement(deps, {
      by: organiser,
      draft: {
        title: 'Semaine du numérique responsable',
        text: 'Atelier **fresque du numérique** jeudi à 14 h.\n\n- salle 2\n- apportez vos questions',
        link: { label: 'Le programme', url: 'https://example.org/programme' },
        audience: { kind: 'all' },
      },
      hours: DEFAULT_SENDING_HOURS,
    });
    // The post answers at once; the audience is handed to the queue as the workers take it.
    let postedAfter = 0;
    void sending.then(() => (postedAfter = Date.now() - started));
    // Followed at the connector once a second, as the broadcast bench does; BENCH_FOLLOW_STATUS=1 follows the
    // announcement's own status instead, as the CLI does (a read of every delivery row each second, on the
    // same store the workers use: its cost shows in the rate).
    const followStatus = process.env.BENCH_FOLLOW_STATUS === '1';
    const statusOf = () => announcementStatus(deps, { by: organiser, id: announcement.id });
    let last = -1;
    let stalledSince = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const done = followStatus ? (await statusOf()).sent : (await stats()).sent;
      if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${done}/${agents}\n`);
      if (done >= agents) break;
      if (done !== last) stalledSince = Date.now();
      last = done;
      if (Date.now() - stalledSince > 60_000) {
        console.log(`  stalled: ${agents - done} not sent after a minute without progress`);
        break;
      }
    }
    // The last rows are written just after the connector answers: wait for the report to settle.
    let status = await statusOf();
    for (let i = 0; i < 30 && status.state !== 'done' && status.state !== 'cancelled'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await statusOf();
    }
    const elapsed = (Date.now() - started) / 1000;
    const final = await stats();
    const counts = Object.values(final.perConversation);
    const received = final.sent;
    const distinct = counts.length;
    const duplicates = counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const missing = ids.filter((id) => !final.perConversation[`conv-${id}`]).length;
    const rejected = final.rejected['429'] ?? 0;
    // From the first card to the last, as the broadcast bench measures it.
    const rate = (received - 1) / ((final.lastAt - final.firstAt) / 1000);
    const overall = received / elapsed;
    // Teams counts every request against the 50/s, throttled ones included: the 429s use part of the ceiling.
    const requests = (received + rejected - 1) / ((final.lastAt - final.firstAt) / 1000);
    // Steady state: the middle 80 % of cards, without the start-up and the last retries' tail.
    const times = [...final.times].sort((a, b) => a - b);
    const from = Math.floor(times.length * 0.1);
    const to = Math.floor(times.length * 0.9);
    const steady = (to - from) / ((times[to]! - times[from]!) / 1000);
    const reportMatches =
      status.sent === received &&
      status.total === agents &&
      status.failed === 0 &&
      status.skipped === 0 &&
      status.pending === 0;
    console.log(
      `announcement: ${agents} agents (audience ${audienceSize}, followed at the ${followStatus ? 'status' : 'connector'}) in ${elapsed.toFixed(1)} s, handed to the queue in ${(postedAfter / 1000).toFixed(1)} s`,
    );
    console.log(
      `  delivered ${rate.toFixed(2)} msg/s = ${(rate / ceiling).toFixed(3)} of the ${ceiling}/s ceiling (goal ≥ 0.97); from the post to the last report ${overall.toFixed(2)} msg/s = ${(overall / ceiling).toFixed(3)}`,
    );
    console.log(
      `  steady state ${steady.toFixed(2)} msg/s = ${(steady / ceiling).toFixed(3)}; requests (429s included) ${requests.toFixed(2)}/s = ${(requests / ceiling).toFixed(3)} of the ceiling`,
    );
    console.log(
      `  every agent once: ${distinct} distinct recipients of ${agents}, missing ${missing}, duplicates ${duplicates} (goal 0, 0); 429 answered ${rejected}`,
    );
    console.log(
      `  report ${status.state}: sent ${status.sent}, failed ${status.failed}, skipped ${status.skipped}, pending ${status.pending} of ${status.total}; the connector accepted ${received} → ${reportMatches ? 'equal' : 'NOT EQUAL'}`,
    );
  } finally {
    await bench.close();
    connector.stop();
  }
}

if (require.main === module)
  benchAnnouncement().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
