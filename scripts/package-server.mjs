// `npm run package:server`: the zip App Service runs as is (WEBSITE_RUN_FROM_PACKAGE=1): the compiled server,
// the built tab and the production node_modules, so nothing is built or installed on the server (a read-only
// package could not be written to anyway). `az webapp deploy --type zip --src-path build/server.zip` sends it.
//
//   node scripts/package-server.mjs [--no-build]
//
// Prints the package's size and what it holds; the staged folder stays in build/server/ to look at.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build');
const stage = join(out, 'server');
const zipFile = join(out, 'server.zip');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args, cwd) => execFileSync(npm, args, { cwd, stdio: 'inherit' });

if (!process.argv.includes('--no-build')) run(['run', 'build'], root);
for (const needed of ['dist/main.js', 'dist/content/quiz-bank.fr.json', 'tab/dist/index.html'])
  if (!existsSync(join(root, needed))) {
    console.error(`missing ${needed}: run npm run build first`);
    process.exit(1);
  }

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true });
cpSync(join(root, 'tab', 'dist'), join(stage, 'tab', 'dist'), { recursive: true });
for (const file of ['package.json', 'package-lock.json', 'LICENSE'])
  if (existsSync(join(root, file))) cpSync(join(root, file), join(stage, file));

// The locked versions, without development tools and without install scripts (none is needed at run time).
const install = ['--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
try {
  run(['ci', ...install], stage);
} catch {
  // Some npm 11 releases refuse `npm ci` on a lock holding other platforms' optional packages (see NOTES).
  run(['install', ...install], stage);
}

// Sober by design: source maps, type declarations and package docs are read by no one at run time (about a
// third of the weight). Licences stay.
let pruned = 0;
const prune = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) prune(path);
    else if (
      /\.(map|d\.ts|d\.mts|d\.cts|md|markdown)$/i.test(entry.name) &&
      !/^licen[cs]e/i.test(entry.name)
    ) {
      rmSync(path);
      pruned += 1;
    }
  }
};
prune(join(stage, 'node_modules'));
console.log(
  `pruned ${pruned} files nobody reads at run time (source maps, type declarations, docs)`,
);

// What the server needs from package.json once installed: its name, version, engines and how it starts.
const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
writeFileSync(
  join(stage, 'package.json'),
  `${JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      private: true,
      license: pkg.license,
      engines: pkg.engines,
      // Started as `npm run start:prod` starts it: the heap sized there and in the Bicep (docs/scale.md).
      scripts: { start: pkg.scripts['start:prod'], cli: 'node dist/cli.js' },
      dependencies: pkg.dependencies,
    },
    null,
    2,
  )}\n`,
);
rmSync(join(stage, 'package-lock.json'), { force: true });

const require = createRequire(import.meta.url);
const AdmZip = require('adm-zip');
const zip = new AdmZip();
zip.addLocalFolder(stage);
rmSync(zipFile, { force: true });
zip.writeZip(zipFile);

const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const du = (path) =>
  Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) * 1024;
console.log(
  `server package: ${zipFile} (${megabytes(statSync(zipFile).size)}; unpacked ${megabytes(du(stage))}, node_modules ${megabytes(du(join(stage, 'node_modules')))})`,
);
