import { installPacer } from '../../src/app';
import type { InstallOutcome, RosterEntry } from '../../src/domain/directory';
import type { RosterRepository } from '../../src/domain/ports';
import type { GraphDirectory } from '../../src/graph/graph-directory';
import { installForRoster } from '../../src/usecases/install-app';
import { syncRoster } from '../../src/usecases/roster-sync';
import type { UseCaseDeps } from '../../src/usecases/deps';
import {
  standInDirectory,
  startGraphStandIn,
  standInUsers,
  type GraphStandIn,
  type InstallThrottling,
} from '../support/graph';
import { startBenchApp, type BenchApp } from './support';

/**
 * Roster: a sync of BENCH_ROSTER users (10,000 by default, 100 a page) then a delta sync with 1 % changed, and the
 * installation for BENCH_INSTALLS users (3,000) through a Graph stand-in that enforces 30 installations/s and
 * answers 5 % of them 429 + Retry-After: 1. The real GraphDirectory (Graph client, @azure/identity) against the
 * stand-in over https, the real use cases, Azure Tables in an embedded Azurite.
 *
 * The stand-in runs in this process (unlike the connector of the broadcast bench): its window is judged on each
 * request's arrival, so the app's own CPU can only make requests later, never more of them in a second.
 */

const NOW = '2026-11-23T09:00:00+01:00';

/** Store writes, counted at the repository (calls, and rows for the batched writes). */
interface Writes {
  putMany: number;
  rows: number;
  update: number;
  agents: number;
  other: number;
}

function countingDeps(deps: UseCaseDeps): { deps: UseCaseDeps; writes: Writes } {
  const writes: Writes = { putMany: 0, rows: 0, update: 0, agents: 0, other: 0 };
  const roster: RosterRepository = Object.create(deps.roster) as RosterRepository;
  roster.putMany = (entries: readonly RosterEntry[]) => {
    // An empty page of newcomers writes nothing.
    if (entries.length) writes.putMany += 1;
    writes.rows += entries.length;
    return deps.roster.putMany(entries);
  };
  roster.update = (userId, changes, etag) => {
    writes.update += 1;
    return deps.roster.update(userId, changes, etag);
  };
  roster.saveDeltaLink = (scope, link) => {
    writes.other += 1;
    return deps.roster.saveDeltaLink(scope, link);
  };
  const agents = Object.create(deps.agents) as UseCaseDeps['agents'];
  agents.setDirection = (id, direction) => {
    writes.agents += 1;
    return deps.agents.setDirection(id, direction);
  };
  agents.markUnreachable = (id) => {
    writes.agents += 1;
    return deps.agents.markUnreachable(id);
  };
  return { deps: { ...deps, roster, agents }, writes };
}

async function world(
  users: number,
  throttling: InstallThrottling = {},
): Promise<{
  graph: GraphStandIn;
  directory: GraphDirectory;
  bench: BenchApp;
  close(): Promise<void>;
}> {
  process.noDeprecation = true;
  const graph = await startGraphStandIn({
    users: standInUsers(users),
    pageSize: 100,
    ...throttling,
  });
  const directory = standInDirectory(graph);
  const bench = await startBenchApp({ now: NOW });
  return {
    graph,
    directory,
    bench,
    async close() {
      directory.close();
      await bench.close();
      await graph.close();
    },
  };
}

/** Requests to Graph by kind, from the stand-in's counters. */
function requestsOf(graph: GraphStandIn): { pages: number; token: number; discovery: number } {
  let pages = 0;
  let token = 0;
  let discovery = 0;
  for (const [key, n] of graph.requests) {
    if (key === 'GET /v1.0/users/delta') pages += n;
    else if (key.endsWith('/oauth2/v2.0/token')) token += n;
    else if (key.includes('/.well-known/')) discovery += n;
  }
  return { pages, token, discovery };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function benchRosterSync(users = Number(process.env.BENCH_ROSTER ?? 10_000)) {
  const { graph, directory, bench, close } = await world(users);
  try {
    const { deps, writes } = countingDeps(bench.app.deps);
    const sync = () => syncRoster(deps, { directory, scope: { kind: 'tenant' }, now: NOW });

    let started = performance.now();
    const first = await sync();
    const firstMs = performance.now() - started;
    const firstRequests = requestsOf(graph);
    const firstWrites = { ...writes };
    console.log(
      `roster sync: ${users} users, ${graph.pageSize} a page, in ${seconds(firstMs)} (${((users / firstMs) * 1000).toFixed(0)} users/s); ${first.added} new, ${first.changed} changed, ${first.left} left`,
    );
    console.log(
      `  Graph: ${firstRequests.pages} pages (goal ${Math.ceil(users / graph.pageSize)}), ${firstRequests.token} token request(s), ${firstRequests.discovery} discovery; store: ${firstWrites.putMany} batched writes of ${firstWrites.rows} rows, ${firstWrites.update} row updates, ${firstWrites.agents} agent writes, ${firstWrites.other} delta link`,
    );

    // 1 % of the directory changes direction: the delta should bring those only.
    const changed = graph.users().filter((_, i) => i % 100 === 0);
    for (const user of changed) graph.putUser({ ...user, department: 'Direction des sports' });
    started = performance.now();
    const second = await sync();
    const secondMs = performance.now() - started;
    const after = requestsOf(graph);
    console.log(
      `  delta sync, ${changed.length} changed (1 %): ${seconds(secondMs)} = ${(secondMs / firstMs).toFixed(3)} × the full sync; ${second.seen} read, ${second.changed} changed, ${second.added} new`,
    );
    console.log(
      `  Graph: ${after.pages - firstRequests.pages} pages, ${after.token - firstRequests.token} token request(s); store: ${writes.update - firstWrites.update} row updates, ${writes.rows - firstWrites.rows} rows written whole`,
    );

    // Where the full sync's time goes: the same pages read again with nothing written.
    started = performance.now();
    let read = 0;
    for await (const page of directory.roster({ kind: 'tenant' })) read += page.users.length;
    const readMs = performance.now() - started;
    console.log(
      `  the ${read} users' pages read alone (no store): ${seconds(readMs)} = ${(readMs / firstMs).toFixed(2)} of the full sync; the rest is the store and the scans`,
    );
  } finally {
    await close();
  }
}

export async function benchRosterInstall(users = Number(process.env.BENCH_INSTALLS ?? 3_000)) {
  const ceiling = 30;
  const share = Number(process.env.BENCH_429_SHARE ?? 0.05);
  const { graph, directory, bench, close } = await world(users, {
    installRatePerSecond: ceiling,
    random429Share: share,
  });
  const pacer = installPacer(ceiling);
  try {
    const { deps } = bench.app;
    await syncRoster(deps, { directory, scope: { kind: 'tenant' }, now: NOW });

    // Where a worker's time goes: waiting for its slot, and the request (the client's retries included).
    let paceMs = 0;
    let requestMs = 0;
    let slow = 0;
    const pace = async () => {
      const at = performance.now();
      await pacer.pace();
      paceMs += performance.now() - at;
    };
    const timed = {
      roster: directory.roster.bind(directory),
      groupMembers: directory.groupMembers.bind(directory),
      async installApp(userId: string): Promise<InstallOutcome> {
        const at = performance.now();
        try {
          return await directory.installApp(userId);
        } finally {
          const ms = performance.now() - at;
          requestMs += ms;
          if (ms > 1000) slow += 1;
        }
      },
    };

    const started = performance.now();
    const startedAt = Date.now();
    // As the CLI and the daily pass call it (the use case's default); BENCH_INSTALL_CONCURRENCY to try others.
    const concurrency = process.env.BENCH_INSTALL_CONCURRENCY
      ? Number(process.env.BENCH_INSTALL_CONCURRENCY)
      : undefined;
    const summary = await installForRoster(deps, {
      directory: timed,
      pace,
      ...(concurrency ? { concurrency } : {}),
    });
    const elapsedMs = performance.now() - started;

    const installs = graph.log.filter(
      (entry) => entry.at >= startedAt && entry.key.endsWith('/teamwork/installedApps'),
    );
    const created = installs.filter((entry) => entry.status === 201).map((entry) => entry.at);
    const first = Math.min(...installs.map((entry) => entry.at));
    const last = Math.max(...created);
    const rate = (created.length - 1) / ((last - first) / 1000);
    const overall = created.length / (elapsedMs / 1000);
    const requestRate = installs.length / ((last - first) / 1000);
    const sorted = [...created].sort((a, b) => a - b);
    const from = Math.floor(sorted.length * 0.1);
    const to = Math.floor(sorted.length * 0.9);
    const steady = (to - from) / ((sorted[to]! - sorted[from]!) / 1000);
    const duplicates = [...graph.installs.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const conflicts = installs.filter((entry) => entry.status === 409).length;
    const states: Record<string, number> = {};
    for await (const entry of deps.roster.all())
      states[entry.install] = (states[entry.install] ?? 0) + 1;

    console.log(
      `installation: ${users} users in ${seconds(elapsedMs)}, ${ceiling}/s enforced by the stand-in, ${(share * 100).toFixed(0)} % random 429s, ${concurrency ?? 'default'} in flight`,
    );
    console.log(
      `  installed ${rate.toFixed(2)}/s = ${(rate / ceiling).toFixed(3)} of the ${ceiling}/s ceiling (goal ≥ 0.95; at most ${(0.98 * (1 - share)).toFixed(3)} while Graph counts the ${(share * 100).toFixed(0)} % of 429s and the pacer runs at 0.98), first request to last install; whole run ${overall.toFixed(2)}/s = ${(overall / ceiling).toFixed(3)}; steady state (middle 80 %) ${(steady / ceiling).toFixed(3)}`,
    );
    console.log(
      `  requests ${installs.length} (${requestRate.toFixed(2)}/s = ${(requestRate / ceiling).toFixed(3)} of the ceiling), over the stand-in's limit ${graph.overLimit}, 429 answered ${graph.throttled} (${graph.throttled - graph.overLimit} at random)`,
    );
    console.log(
      `  duplicates ${duplicates} (goal 0), asked again once installed (409) ${conflicts}; outcome: installed ${summary.installed}, already ${summary.already}, failed ${summary.failed}${Object.keys(summary.byReason).length ? ` ${JSON.stringify(summary.byReason)}` : ''}, skipped ${summary.skipped} of ${summary.candidates}; rows ${JSON.stringify(states)}`,
    );
    console.log(
      `  per installation: ${(paceMs / summary.candidates).toFixed(0)} ms waiting for a slot, ${(requestMs / summary.candidates).toFixed(0)} ms in the request (${slow} over 1 s: a 429's Retry-After, waited inside the Graph client)`,
    );
  } finally {
    pacer.close();
    await close();
  }
}

export async function benchRoster(): Promise<void> {
  await benchRosterSync();
  await benchRosterInstall();
}

if (require.main === module)
  benchRoster().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
