import { cpus } from 'node:os';
import { benchAnnouncement } from './announcement';
import { benchAnswers } from './answers';
import { benchBroadcast } from './broadcast';
import { benchFaults } from './faults';
import { benchInstalls } from './installs';
import { benchLeaderboard } from './leaderboard';
import { benchInstances, benchServerPackage, benchStartup } from './production';
import { benchRoster } from './roster';
import { measureTabWeight } from './tab-weight';

/** `npm run bench [name…]`: prints every figure the issues name. Figures are printed, never asserted. */
const benches: Record<string, () => Promise<void>> = {
  tab: async () => {
    const { bytes, requests } = await measureTabWeight();
    console.log(
      `tab first load: ${(bytes / 1024).toFixed(1)} KB compressed, ${requests} requests (goal ≤ 50 KB, ≤ 6 requests)`,
    );
    const organiser = await measureTabWeight({ page: 'organisation' });
    console.log(
      `organiser page first load: ${(organiser.bytes / 1024).toFixed(1)} KB compressed, ${organiser.requests} requests (${(organiser.bytes / bytes).toFixed(2)} × the agents' first load)`,
    );
  },
  leaderboard: benchLeaderboard,
  answers: benchAnswers,
  broadcast: benchBroadcast,
  installs: () => benchInstalls(),
  announcement: () => benchAnnouncement(),
  roster: benchRoster,
  startup: benchStartup,
  package: benchServerPackage,
  instances: () => benchInstances(),
  'one-instance': () => benchInstances(2000, ['a']),
  faults: () => benchFaults(),
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2).filter((name) => !name.startsWith('-'));
  const names = chosen.length ? chosen : Object.keys(benches);
  console.log(`Défi numérique benchmarks on ${cpus().length} cores, Node ${process.version}`);
  for (const name of names) {
    const bench = benches[name];
    if (!bench) throw new Error(`unknown bench "${name}" (${Object.keys(benches).join(', ')})`);
    console.log(`\n== ${name}`);
    await bench();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
