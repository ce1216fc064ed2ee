// Copies what the compiled server reads at run time besides its JavaScript into dist/, at the same relative paths:
// the embedded Azurite's child script (src/storage/*.cjs) and the content files (src/content/*.json). Run by
// `npm run build` after tsc, which copies neither. An argument names another output folder (the tests' builds).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');

/** Every file below `dir` whose name `wanted` accepts. */
function* filesIn(dir, wanted) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesIn(path, wanted);
    else if (wanted(entry.name)) yield path;
  }
}

let copied = 0;
for (const file of filesIn(src, (name) => name.endsWith('.cjs') || name.endsWith('.json'))) {
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  copied += 1;
}
console.log(`assets copied into ${relative(root, dist)}/: ${copied}`);
