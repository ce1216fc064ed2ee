import { cpus, loadavg } from 'node:os';

/**
 * `npm run bench [name…]`: prints every figure the issues name. Figures are printed, never asserted. Each bench is
 * loaded only when asked for: one that does not load cannot stop the others.
 */
const benches: Record<string, () => Promise<void>> = {
  tab: async () => {
    const { measureTabWeight } = await import('./tab-weight');
    const { bytes, requests } = await measureTabWeight();
    console.log(
      `tab first load: ${(bytes / 1024).toFixed(1)} KB compressed, ${requests} requests (goal ≤ 50 KB, ≤ 6 requests)`,
    );
    const organiser = await measureTabWeight({ page: 'organisation' });
    console.log(
      `organiser page first load: ${(organiser.bytes / 1024).toFixed(1)} KB compressed, ${organiser.requests} requests (${(organiser.bytes / bytes).toFixed(2)} × the agents' first load)`,
    );
  },
  leaderboard: async () => (await import('./leaderboard')).benchLeaderboard(),
  answers: async () => (await import('./answers')).benchAnswers(),
  broadcast: async () => (await import('./broadcast')).benchBroadcast(),
  installs: async () => (await import('./installs')).benchInstalls(),
  announcement: async () => (await import('./announcement')).benchAnnouncement(),
  roster: async () => (await import('./roster')).benchRoster(),
  startup: async () => (await import('./production')).benchStartup(),
  package: async () => (await import('./production')).benchServerPackage(),
  instances: async () => (await import('./production')).benchInstances(),
  'one-instance': async () => (await import('./production')).benchInstances(2000, ['a']),
  faults: async () => (await import('./faults')).benchFaults(),
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2).filter((name) => !name.startsWith('-'));
  const names = chosen.length ? chosen : Object.keys(benches);
  console.log(`Défi numérique benchmarks on ${cpus().length} cores, Node ${process.version}`);
  for (const name of names) {
    const bench = benches[name];
    if (!bench) throw new Error(`unknown bench "${name}" (${Object.keys(benches).join(', ')})`);
    // The machine may be shared: its load, before and after, says how far latencies can be trusted.
    const load = () => loadavg()[0]!.toFixed(1);
    console.log(`\n== ${name} (load average ${load()})`);
    await bench();
    console.log(`   (load average ${load()} at the end)`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
