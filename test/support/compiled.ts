import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './processes';

/**
 * The server as production runs it: `npm run build`'s steps (tsc, the assets, the built tab) into a folder of its
 * own under .data/, so parallel test files and a developer's dist/ never meet. Inside the repo, so the compiled
 * files find node_modules as dist/ does. Returns the entry points relative to the repo, for spawnEntry/startTs.
 */
export function buildCompiledApp(): { main: string; cli: string; dir: string } {
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.data', 'compiled-'));
  const dist = join(dir, 'dist');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      dist,
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'copy-assets.mjs'), dist], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  // The tab is built by the tests' global setup (and by `npm run build`); the server serves it from ../tab/dist.
  cpSync(join(ROOT, 'tab', 'dist'), join(dir, 'tab', 'dist'), { recursive: true });
  return {
    main: relative(ROOT, join(dist, 'main.js')),
    cli: relative(ROOT, join(dist, 'cli.js')),
    dir,
  };
}
