import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  buildPackage,
  bumpVersion,
  decodePng,
  fillPlaceholders,
  PackageError,
  PlaceholderError,
  packageVersion,
  pngSize,
  readEnvironment,
  readZip,
  TEAMS_SCHEMA_DIR,
  validateLocalization,
  validateManifest,
  type BuiltPackage,
} from '../../../scripts/package-app';
import { parseCommand } from '../../../src/bot/command-parser';

const ROOT = join(__dirname, '..', '..', '..');

/** The bot's commands as the manifest must list them. */
const COMMANDS = [
  { title: 'aide', description: 'Voir ce que je sais faire' },
  { title: 'équipe créer', description: 'Créer une équipe : équipe créer <nom>' },
  { title: 'équipe rejoindre', description: 'Rejoindre une équipe avec son code' },
  { title: 'équipe quitter', description: 'Quitter votre équipe' },
  { title: 'mon équipe', description: 'Voir votre équipe et son code' },
  { title: 'quiz', description: 'Revoir le quiz du jour' },
  { title: 'pointage', description: 'Pointer à un atelier avec son code' },
];

type Json = Record<string, any>;

function officialSchemaErrors(manifestPath: string, schemaPath: string): string[] {
  const script = `
    const { AppManifestUtils } = require('@microsoft/app-manifest');
    const read = (path) => JSON.parse(require('node:fs').readFileSync(path, 'utf8'));
    AppManifestUtils.validateAgainstSchema(read(process.argv[1]), read(process.argv[2]))
      .then((errors) => process.stdout.write(JSON.stringify(errors)));`;
  const output = execFileSync(
    process.execPath,
    ['--no-warnings', '-e', script, manifestPath, schemaPath],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return JSON.parse(output) as string[];
}

let outDir: string;
let built: BuiltPackage;
let zipped: Record<string, Buffer>;
let manifest: Json;

beforeAll(() => {
  // given the dev environment, when the package is built into a temporary folder
  outDir = mkdtempSync(join(tmpdir(), 'app-package-'));
  built = buildPackage({ envName: 'dev', outDir });
  zipped = readZip(built.zipPath);
  manifest = JSON.parse(zipped['manifest.json']!.toString('utf8')) as Json;
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the dev app package', () => {
  test('is a zip with the manifest, the icons and the English strings at its root', () => {
    expect(built.zipPath).toBe(join(outDir, 'appPackage.dev.zip'));
    expect(Object.keys(zipped).sort()).toEqual([
      'color.png',
      'en.json',
      'manifest.json',
      'outline.png',
    ]);
    expect(JSON.parse(readFileSync(built.manifestPath, 'utf8'))).toEqual(manifest);
  });

  test('holds a manifest valid against the official schema of its version, offline', () => {
    const version = manifest.manifestVersion as string;
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
    );
    // Checked by @microsoft/app-manifest's own validator, given its bundled schema so that nothing is fetched.
    // It runs in a child Node: the package loads an ES module (strip-bom) that Jest's CommonJS runtime cannot.
    const schemaPath = join(TEAMS_SCHEMA_DIR, `v${version}`, 'MicrosoftTeams.schema.json');
    expect(officialSchemaErrors(built.manifestPath, schemaPath)).toEqual([]);
    // (the same check does see a broken manifest)
    const broken = join(outDir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...manifest, accentColor: 'green' }));
    expect(officialSchemaErrors(broken, schemaPath).join()).toMatch(/accentColor/);
    // and by the build script's own check (schema and Teams rules)
    expect(validateManifest(manifest)).toEqual([]);
    expect(validateLocalization(JSON.parse(zipped['en.json']!.toString('utf8')), version)).toEqual(
      [],
    );
  });

  test('uses the newest stable manifest version shipped with @microsoft/app-manifest', () => {
    const shipped = readdirSync(TEAMS_SCHEMA_DIR)
      .map((dir) => /^v1\.(\d+)$/.exec(dir)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(manifest.manifestVersion).toBe(`1.${Math.max(...shipped)}`);
  });

  test('has every placeholder filled from env/.env.dev', () => {
    const text = zipped['manifest.json']!.toString('utf8') + zipped['en.json']!.toString('utf8');
    expect(text).not.toMatch(/\$\{\{/);
    const { values } = readEnvironment(join(ROOT, 'env'), 'dev');
    expect(manifest.id).toBe(values.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(values.BOT_ID);
    expect(manifest.name.short).toBe(`Défi numérique${values.APP_NAME_SUFFIX}`);
    expect(manifest.staticTabs.find((tab: Json) => tab.entityId === 'classement').contentUrl).toBe(
      `${values.TAB_ENDPOINT}/tab/#classement`,
    );
  });

  test('lists exactly the bot commands, for the personal and the team scopes', () => {
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    const lists = bot.commandLists as { scopes: string[]; commands: unknown[] }[];
    expect(
      lists
        .map((list) => list.scopes)
        .flat()
        .sort(),
    ).toEqual(['personal', 'team']);
    for (const list of lists) expect(list.commands).toEqual(COMMANDS);
    for (const { title, description } of COMMANDS) {
      expect(title.length).toBeLessThanOrEqual(32);
      expect(description.length).toBeLessThanOrEqual(128);
    }
  });

  test('has a square 192 px colour icon', () => {
    expect(pngSize(zipped['color.png']!)).toEqual({ width: 192, height: 192 });
    const { data } = decodePng(zipped['color.png']!);
    const accent = [0x1b, 0x7f, 0x5b, 255];
    expect([...data.subarray(0, 4)]).toEqual(accent); // the corner is the accent colour
  });

  test('has a 32 px outline icon that is only white, on a transparent background', () => {
    expect(pngSize(zipped['outline.png']!)).toEqual({ width: 32, height: 32 });
    const { data } = decodePng(zipped['outline.png']!);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) transparent++;
      else {
        drawn++;
        expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(drawn).toBeGreaterThan(0);
  });

  test('asks for SSO with a resource on the bot domain, and allows that domain', () => {
    const { values } = readEnvironment(join(ROOT, 'env'), 'dev');
    const { id, resource } = manifest.webApplicationInfo;
    expect(id).toBe(values.AAD_APP_CLIENT_ID);
    expect(resource).toBe(`api://${values.BOT_DOMAIN}/${values.AAD_APP_CLIENT_ID}`);
    expect(resource).toMatch(/^api:\/\/[a-z0-9.-]+\/[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i);
    expect(manifest.validDomains).toContain(values.BOT_DOMAIN);
    expect(manifest.permissions).toEqual(['identity']);
  });

  test('has the tabs on https under the same host', () => {
    const { values } = readEnvironment(join(ROOT, 'env'), 'dev');
    expect(manifest.staticTabs.map((tab: Json) => tab.entityId)).toEqual([
      'conversations',
      'classement',
    ]);
    expect(manifest.configurableTabs).toEqual([
      {
        configurationUrl: `${values.TAB_ENDPOINT}/tab/#configurer`,
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
      },
    ]);
    for (const url of Object.values(manifest.developer).filter((v) => String(v).includes('://'))) {
      expect(String(url)).toMatch(
        new RegExp(`^${values.TAB_ENDPOINT!.replace(/[.]/g, '\\.')}/tab/#`),
      );
    }
  });
});

describe('the commands as the bot understands them', () => {
  // Teams puts the chosen command in the compose box; the agent adds the name or the code.
  const examples: Record<string, string> = {
    'équipe créer': 'équipe créer Les Sobres',
    'équipe rejoindre': 'équipe rejoindre K7P2QX',
    pointage: 'pointage K7P2QX',
  };
  const english = JSON.parse(readFileSync(join(ROOT, 'appPackage', 'en.json'), 'utf8')) as Record<
    string,
    string
  >;

  for (const { title } of COMMANDS) {
    test(`"${title}" (and its English title) is a command of the bot`, () => {
      expect(parseCommand(examples[title] ?? title).kind).not.toBe('unknown');
      const index = COMMANDS.findIndex((command) => command.title === title);
      const englishTitle = english[`bots[0].commandLists[0].commands[${index}].title`]!;
      expect(parseCommand(englishTitle + (examples[title] ? ' X1' : '')).kind).toBe(
        parseCommand(examples[title] ?? title).kind,
      );
    });
  }

  test('"pointage" is a command of the bot', () => {
    expect(parseCommand(examples.pointage!).kind).not.toBe('unknown');
  });
});

describe('fillPlaceholders', () => {
  test('fills every placeholder, escaping values inside JSON strings', () => {
    const filled = fillPlaceholders(
      '{"a": "${{A}}", "b": "x${{ B }}y"}',
      { A: 'say "hi"', B: '' },
      { json: true, allowEmpty: ['B'] },
    );
    expect(JSON.parse(filled)).toEqual({ a: 'say "hi"', b: 'xy' });
  });

  test('names every variable that is missing or empty', () => {
    // given a template that uses four variables, of which one is missing and one empty
    const template =
      '${{TEAMS_APP_ID}} ${{BOT_ID}} ${{BOT_DOMAIN}} ${{BOT_DOMAIN}} ${{TAB_ENDPOINT}}';
    let error: unknown;
    try {
      fillPlaceholders(
        template,
        { TEAMS_APP_ID: 'x', BOT_DOMAIN: ' ', TAB_ENDPOINT: 'https://h' },
        { where: 'manifest.json' },
      );
    } catch (caught) {
      error = caught;
    }
    // then both are named, once each
    expect(error).toBeInstanceOf(PlaceholderError);
    expect((error as PlaceholderError).missing).toEqual(['BOT_ID']);
    expect((error as PlaceholderError).empty).toEqual(['BOT_DOMAIN']);
    expect((error as Error).message).toContain('${{BOT_ID}}');
    expect((error as Error).message).toContain('manifest.json');
  });

  test('refuses a malformed placeholder instead of shipping it', () => {
    expect(() => fillPlaceholders('${{ not a name }}', {})).toThrow(
      /malformed placeholder \$\{\{ not a name \}\}/,
    );
  });
});

describe('building a package with a variable missing', () => {
  test('fails, names the variable, and writes nothing', () => {
    // given an environment file without BOT_ID
    const work = mkdtempSync(join(tmpdir(), 'app-package-env-'));
    try {
      const envText = readFileSync(join(ROOT, 'env', '.env.dev'), 'utf8').replace(
        /^BOT_ID=.*$/m,
        '',
      );
      writeFileSync(join(work, '.env.broken'), envText);
      cpSync(join(ROOT, 'appPackage'), join(work, 'appPackage'), {
        recursive: true,
        filter: (source) => !source.includes(`${join('appPackage', 'build')}`),
      });
      // when the package is built
      const build = () =>
        buildPackage({
          envName: 'broken',
          envDir: work,
          packageDir: join(work, 'appPackage'),
          outDir: join(work, 'out'),
        });
      // then the error names BOT_ID, and no zip is written
      expect(build).toThrow(PackageError);
      expect(build).toThrow(/\$\{\{BOT_ID\}\}/);
      expect(existsSync(join(work, 'out'))).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('fails with the list of environments when the name is unknown', () => {
    expect(() => buildPackage({ envName: 'nowhere', outDir })).toThrow(/environments: .*dev/);
  });

  test('gives the package the app’s version, and --bump raises it for the next upload', () => {
    // given package.json's version, when built, then the manifest carries it (Teams needs it to grow)
    expect(manifest.version).toBe(packageVersion());
    // given a copy of the project, when bumped, then the patch grows in package.json and its lock
    const work = mkdtempSync(join(tmpdir(), 'bump-'));
    try {
      writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'x', version: '1.4.9' }));
      writeFileSync(
        join(work, 'package-lock.json'),
        JSON.stringify({ name: 'x', version: '1.4.9', packages: { '': { version: '1.4.9' } } }),
      );
      expect(bumpVersion(work)).toBe('1.4.10');
      expect(packageVersion(work)).toBe('1.4.10');
      const lock = JSON.parse(readFileSync(join(work, 'package-lock.json'), 'utf8'));
      expect([lock.version, lock.packages[''].version]).toEqual(['1.4.10', '1.4.10']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
