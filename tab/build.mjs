// Builds the tab into tab/dist: one minified, content-hashed script (CSS inside), its .br and .gz twins, and
// index.html pointing at it. Run by `npm start` and `npm test` (pre-scripts): esbuild and node:zlib only.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const started = performance.now();

/** `import css from './styles.css'` gives the stylesheet as minified text, injected by the script. */
const cssAsText = {
  name: 'css-as-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(readFileSync(args.path, 'utf8'), {
        loader: 'css',
        minify: true,
        target: ['chrome100', 'edge100', 'safari15', 'firefox100'],
      });
      return { contents: code.trim(), loader: 'text' };
    });
  },
};

/**
 * teams-js fetches Microsoft's list of valid host origins from a CDN as soon as it is loaded, even outside Teams
 * and before anything is asked of it. It checks a host's messages against the list it bundles first, and only
 * fetches the CDN list when an origin is missing from it, so dropping the eager call costs nothing in Teams and
 * saves a third-party request on every load.
 */
const noEagerOriginFetch = {
  name: 'teams-js-no-eager-origin-fetch',
  setup(build) {
    build.onLoad({ filter: /teams-js[\\/].*[\\/]internal[\\/]validOrigins\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const name = /\b([A-Za-z_$][\w$]*) as prefetchOriginsFromCDN\b/.exec(source)?.[1];
      const call = name && new RegExp(`([;}])${name.replace(/\$/g, '\\$')}\\(\\);(export\\{)`);
      if (!call || !call.test(source)) {
        return {
          contents: source,
          loader: 'js',
          warnings: [
            { text: 'teams-js changed: the eager CDN fetch of valid origins is still there' },
          ],
        };
      }
      return { contents: source.replace(call, '$1$2'), loader: 'js' };
    });
  },
};

const teamsJs = JSON.parse(
  readFileSync(join(here, '..', 'node_modules', '@microsoft', 'teams-js', 'package.json'), 'utf8'),
);
const result = await esbuild.build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome100', 'edge100', 'safari15', 'firefox100'],
  platform: 'browser',
  write: false,
  legalComments: 'none',
  banner: {
    js: `/*! Défi numérique tab. Includes @microsoft/teams-js ${teamsJs.version} (MIT, github.com/OfficeDev/microsoft-teams-library-js) */`,
  },
  plugins: [cssAsText, noEagerOriginFetch],
  logLevel: 'warning',
});
const js = Buffer.from(result.outputFiles[0].contents);
const file = `app.${createHash('sha256').update(js).digest('hex').slice(0, 10)}.js`;
const br = brotliCompressSync(js, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: js.length },
});
const gz = gzipSync(js, { level: 9 });

const template = readFileSync(join(here, 'index.html'), 'utf8');
if (!template.includes('%APP_JS%'))
  throw new Error('tab/index.html must reference the script as %APP_JS%');
const html = template
  .replace('%APP_JS%', file)
  .replace(/<!--[\s\S]*?-->/g, '')
  .replace(/\n\s*/g, '\n');

// A running server or test may be reading dist: the new script first, then index.html swapped in one rename,
// and only then yesterday's files go.
mkdirSync(dist, { recursive: true });
const written = new Set([file, `${file}.br`, `${file}.gz`, 'index.html']);
writeFileSync(join(dist, file), js);
writeFileSync(join(dist, `${file}.br`), br);
writeFileSync(join(dist, `${file}.gz`), gz);
const pending = join(dist, `.index.${process.pid}.html`);
writeFileSync(pending, html);
renameSync(pending, join(dist, 'index.html'));
for (const old of readdirSync(dist)) {
  if (!written.has(old) && !old.startsWith('.index.'))
    rmSync(join(dist, old), { recursive: true, force: true });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `tab built: ${file} ${kb(js.length)} (br ${kb(br.length)}, gzip ${kb(gz.length)}), index.html ${kb(html.length)}` +
    ` in ${Math.round(performance.now() - started)} ms`,
);
