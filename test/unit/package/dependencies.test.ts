import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * Production runs Node 22 on App Service, this machine and CI Node 20: every package the server installs must
 * declare (or not restrict) both. The lock file records each package's `engines`, so this reads no network.
 */
const ROOT = join(__dirname, '..', '..', '..');
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<
    string,
    { dev?: boolean; optional?: boolean; engines?: { node?: string } | string[] }
  >;
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const NODES = ['20.19.0', '22.12.0'];

const installed = Object.entries(lock.packages).filter(([path]) =>
  path.startsWith('node_modules/'),
);
const production = installed.filter(([, entry]) => !entry.dev);

describe('dependencies run on Node 20 and Node 22', () => {
  it.each(NODES)('given Node %s, then every production package accepts it', (node) => {
    const refusing = production
      .map(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(node, range) ? `${path} (${range})` : null;
      })
      .filter(Boolean);
    expect(refusing).toEqual([]);
  });

  it('given the app’s own engines field, then it names both', () => {
    for (const node of NODES) expect(semver.satisfies(node, pkg.engines.node)).toBe(true);
  });

  it('given a production install, then no development tool is in it (emulator, TypeScript runner, bundler)', () => {
    for (const tool of ['azurite', 'tsx', 'esbuild', '@microsoft/teams-js', 'typescript', 'jest'])
      expect(Object.keys(pkg.dependencies)).not.toContain(tool);
    const shipped = new Set(production.map(([path]) => path));
    expect(shipped.has('node_modules/azurite')).toBe(false);
    expect(shipped.has('node_modules/esbuild')).toBe(false);
    expect(production.length).toBeLessThan(installed.length);
  });
});
