// Builds the tab into tab/dist: one minified, content-hashed module (CSS inside) and the chunks of the organisers'
// pages and of the library page, each with its .br and .gz twins, and index.html pointing at the module. Run by `npm start` and `npm test` (pre-scripts): esbuild and node:zlib only.
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
const common = {
  bundle: true,
  minify: true,
  format: 'esm',
  outdir: dist,
  target: ['chrome100', 'edge100', 'safari15', 'firefox100'],
  platform: 'browser',
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
};
// The organisers' pages are a module of their own, loaded when an organiser first opens one: agents never download
// it. It carries its own copy of the few helpers it shares with the shell (a shared chunk would cost every agent
// one more request).
const organiser = await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src', 'pages', 'organiser-pages.ts')],
  entryNames: 'organiser.[hash]',
  plugins: [cssAsText],
});
const organiserFile = organiser.outputFiles[0].path.slice(dist.length + 1);
// The library page (#bibliotheque) the same way: every agent may open it, but few do on a given day, so its code,
// words and styles stay out of the first load.
const library = await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src', 'pages', 'library-page.ts')],
  entryNames: 'library.[hash]',
  plugins: [cssAsText],
});
const libraryFile = library.outputFiles[0].path.slice(dist.length + 1);
const result = await esbuild.build({
  ...common,
  entryPoints: [join(here, 'src', 'main.ts')],
  entryNames: 'app.[hash]',
  // Where the shell finds the organisers' and the library's modules (src/main.ts), against its own address.
  define: {
    __ORGANISER_PAGES__: JSON.stringify(`./${organiserFile}`),
    __LIBRARY_PAGE__: JSON.stringify(`./${libraryFile}`),
  },
  external: [`./${organiserFile}`, `./${libraryFile}`],
  banner: {
    js: `/*! Défi numérique tab. Includes @microsoft/teams-js ${teamsJs.version} (MIT, github.com/OfficeDev/microsoft-teams-library-js) */`,
  },
  plugins: [cssAsText, noEagerOriginFetch],
});
// Each module is written with its brotli and gzip twins; names carry esbuild's content hash, so they can be cached
// for good.
const modules = [...result.outputFiles, ...organiser.outputFiles, ...library.outputFiles];
const outputs = modules.map((output) => {
  const js = Buffer.from(output.contents);
  return {
    name: output.path.slice(dist.length + 1),
    js,
    br: brotliCompressSync(js, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: js.length,
      },
    }),
    gz: gzipSync(js, { level: 9 }),
  };
});
const entry = outputs.find((output) => output.name.startsWith('app.'));
if (!entry) throw new Error('esbuild wrote no app.[hash].js');
const file = entry.name;

const template = readFileSync(join(here, 'index.html'), 'utf8');
if (!template.includes('%APP_JS%'))
  throw new Error('tab/index.html must reference the script as %APP_JS%');
const html = template
  .replace('%APP_JS%', file)
  .replace(/<!--[\s\S]*?-->/g, '')
  .replace(/\n\s*/g, '\n');

// A running server or test may be reading dist: the new scripts first, then index.html swapped in one rename,
// and only then yesterday's files go.
mkdirSync(dist, { recursive: true });
const written = new Set(['index.html']);
for (const output of outputs) {
  writeFileSync(join(dist, output.name), output.js);
  writeFileSync(join(dist, `${output.name}.br`), output.br);
  writeFileSync(join(dist, `${output.name}.gz`), output.gz);
  for (const name of [output.name, `${output.name}.br`, `${output.name}.gz`]) written.add(name);
}
// The static pages beside the tab (the accessibility statement, French and English) are sent as written, with
// their own small stylesheet and theme script: nothing of them goes into the tab's module.
for (const name of [
  'accessibilite.html',
  'accessibility.html',
  'static-page.css',
  'static-page.js',
]) {
  const body = readFileSync(join(here, name));
  writeFileSync(join(dist, name), body);
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(body));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(body, { level: 9 }));
  for (const twin of [name, `${name}.br`, `${name}.gz`]) written.add(twin);
}
const pending = join(dist, `.index.${process.pid}.html`);
writeFileSync(pending, html);
renameSync(pending, join(dist, 'index.html'));
for (const old of readdirSync(dist)) {
  if (!written.has(old) && !old.startsWith('.index.'))
    rmSync(join(dist, old), { recursive: true, force: true });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `tab built: ${outputs
    .map((o) => `${o.name} ${kb(o.js.length)} (br ${kb(o.br.length)}, gzip ${kb(o.gz.length)})`)
    .join(', ')}, index.html ${kb(html.length)} in ${Math.round(performance.now() - started)} ms`,
);
