/**
 * `npm run package -- [envName]` (default `dev`): builds the Teams app package for one environment.
 *
 * Reads env/.env.<name> and, when present, env/.env.<name>.user (git-ignored overrides), fills every
 * `${{VAR}}` of appPackage/manifest.json and of the localisation files it names, validates the result
 * offline against the JSON schema of its manifest version (shipped in @microsoft/app-manifest) and against
 * the Teams rules the schema does not carry, checks the icons, then writes
 *   appPackage/build/appPackage.<name>.zip   manifest.json, the icons and the localisation files at the root
 *   appPackage/build/manifest.<name>.json    the filled manifest, to read or diff
 * Any problem stops the build with a message that names it; nothing is written then.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import Ajv, { type ErrorObject, type Options as AjvOptions, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// adm-zip and pngjs ship no types; these are the small parts of their APIs used here.
interface ZipEntry {
  entryName: string;
  isDirectory: boolean;
  header: { time: Date };
  getData(): Buffer;
}
interface Zip {
  addFile(name: string, content: Buffer): void;
  getEntry(name: string): ZipEntry | null;
  getEntries(): ZipEntry[];
  toBuffer(): Buffer;
}
type ZipConstructor = new (input?: string | Buffer) => Zip;
interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  data: Buffer;
}
interface PngModule {
  PNG: { sync: { read(buffer: Buffer): DecodedPng } };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdmZip = require('adm-zip') as ZipConstructor;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as PngModule;

const ROOT = join(__dirname, '..');

/** A problem that stops the build; `problems` lists each one, the message says them all. */
export class PackageError extends Error {
  override name = 'PackageError';
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} problems:\n- ${problems.join('\n- ')}`,
      options,
    );
  }
}

/** Raised when a template names variables that are not set, or set to an empty value. */
export class PlaceholderError extends PackageError {
  override name = 'PlaceholderError';
  constructor(
    readonly missing: string[],
    readonly empty: string[],
    where: string,
    readonly malformed: string[] = [],
  ) {
    super([
      ...(missing.length
        ? [`${where}: no value for ${missing.map((v) => `\${{${v}}}`).join(', ')}`]
        : []),
      ...(empty.length ? [`${where}: empty value for ${empty.join(', ')}`] : []),
      ...(malformed.length ? [`${where}: malformed placeholder ${malformed.join(', ')}`] : []),
    ]);
  }
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces every `${{VAR}}` in `template` with its value. Throws a PlaceholderError naming every variable
 * that is not set, or set to an empty value (unless listed in `allowEmpty`), and any `${{…}}` left that is
 * not a well-formed placeholder. With `json`, values are escaped to sit inside a JSON string.
 */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
  options: { allowEmpty?: readonly string[]; json?: boolean; where?: string } = {},
): string {
  const missing = new Set<string>();
  const empty = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    if (value.trim() === '' && !options.allowEmpty?.includes(name)) empty.add(name);
    return options.json ? JSON.stringify(value).slice(1, -1) : value;
  });
  // Anything like `${{ not a name }}` would otherwise reach Teams as literal text.
  const malformed = [...new Set(filled.match(/\$\{\{[^}]*\}?\}?/g) ?? [])];
  if (missing.size || empty.size || malformed.length) {
    throw new PlaceholderError(
      [...missing].sort(),
      [...empty].sort(),
      options.where ?? 'template',
      malformed,
    );
  }
  return filled;
}

/** Reads a dotenv-style file: `KEY=value` lines, `#` comments, optional quotes and `export`. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '').trim();
    values[match[1]!] = value;
  }
  return values;
}

/** The values of one environment: env/.env.<name>, then env/.env.<name>.user on top. */
export function readEnvironment(
  envDir: string,
  envName: string,
): { values: Record<string, string>; files: string[] } {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(envName)) {
    throw new PackageError([
      `"${envName}" is not an environment name (letters, digits, - and _ only)`,
    ]);
  }
  const base = join(envDir, `.env.${envName}`);
  if (!existsSync(base)) {
    const known = existsSync(envDir)
      ? readdirSync(envDir)
          .map((file) => /^\.env\.([A-Za-z0-9_-]+)$/.exec(file)?.[1])
          .filter((name): name is string => Boolean(name))
      : [];
    throw new PackageError([
      `no file ${relative(process.cwd(), base) || base} for environment "${envName}"` +
        (known.length ? ` (environments: ${known.join(', ')})` : ''),
    ]);
  }
  const files = [base];
  const values = parseEnvFile(readFileSync(base, 'utf8'));
  const user = `${base}.user`;
  if (existsSync(user)) {
    files.push(user);
    Object.assign(values, parseEnvFile(readFileSync(user, 'utf8')));
  }
  return { values, files };
}

// ——— Validation ———

const SCHEMA_HOSTS = [
  'https://developer.microsoft.com/json-schemas/teams',
  'https://developer.microsoft.com/en-us/json-schemas/teams',
];

/** Where @microsoft/app-manifest keeps the Teams schemas, one folder per version (v1.0 … v1.30, vDevPreview). */
export const TEAMS_SCHEMA_DIR = join(
  dirname(require.resolve('@microsoft/app-manifest')),
  'json-schemas',
  'teams',
);

/** The official schema URL for a manifest version, as the Teams toolkit writes it. */
export function schemaUrl(manifestVersion: string, file = 'MicrosoftTeams.schema.json'): string {
  return `${SCHEMA_HOSTS[1]}/v${manifestVersion}/${file}`;
}

type JsonSchema = { $schema?: string } & Record<string, unknown>;

export function loadTeamsSchema(
  manifestVersion: string,
  file = 'MicrosoftTeams.schema.json',
): JsonSchema {
  const path = join(TEAMS_SCHEMA_DIR, `v${manifestVersion}`, file);
  if (!/^(\d+\.\d+|devPreview)$/.test(manifestVersion) || !existsSync(path)) {
    throw new PackageError([
      `no bundled schema ${file} for manifest version "${manifestVersion}" (looked in ${path})`,
    ]);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
}

/** An Ajv for the draft the schema declares (the Teams schemas are draft-04, newer ones may not be). */
function ajvFor(schema: JsonSchema): Ajv {
  // The Teams schemas' patterns are written for JavaScript's non-unicode RegExp (the localisation schema
  // has a lone `]` that the `u` flag refuses).
  const options: AjvOptions = { allErrors: true, strict: false, unicodeRegExp: false };
  const draft = schema.$schema ?? '';
  let ajv: Ajv;
  if (draft.includes('2020-12')) ajv = new Ajv2020(options);
  else if (draft.includes('2019-09')) ajv = new Ajv2019(options);
  else if (draft.includes('draft-04')) {
    // Ajv 8 reads draft-04 only through ajv-draft-04, which @microsoft/app-manifest depends on for this
    // very purpose; resolving it from there does not rely on how npm hoisted it.
    const fromAppManifest = createRequire(require.resolve('@microsoft/app-manifest'));
    const Ajv04 = (fromAppManifest('ajv-draft-04') as { default: typeof Ajv }).default;
    ajv = new Ajv04(options);
  } else ajv = new Ajv(options);
  addFormats(ajv);
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

function schemaErrors(document: unknown, manifestVersion: string, file: string): string[] {
  const key = `${manifestVersion}/${file}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = loadTeamsSchema(manifestVersion, file);
    validate = ajvFor(schema).compile(schema);
    compiled.set(key, validate);
  }
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error: ErrorObject) =>
      `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
  );
}

type Json = Record<string, unknown>;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** Teams rules the JSON schema leaves out, checked on the filled manifest. */
function teamsRuleErrors(manifest: Json): string[] {
  const errors: string[] = [];
  const expected = SCHEMA_HOSTS.map(
    (host) => `${host}/v${String(manifest.manifestVersion)}/MicrosoftTeams.schema.json`,
  );
  if (!expected.includes(String(manifest.$schema))) {
    errors.push(
      `$schema should be ${expected[1]} for manifestVersion ${String(manifest.manifestVersion)} (got ${String(manifest.$schema)})`,
    );
  }
  // Bot commands: Teams shows at most 10 per list, titles up to 32 characters, descriptions up to 128
  // (newer schemas accept more, older clients and the store validation do not).
  const bots = (manifest.bots ?? []) as Json[];
  bots.forEach((bot, b) => {
    ((bot.commandLists ?? []) as Json[]).forEach((list, l) => {
      const commands = (list.commands ?? []) as Json[];
      const where = `/bots/${b}/commandLists/${l}`;
      if (commands.length > 10) {
        errors.push(`${where} has ${commands.length} commands (Teams shows 10 at most)`);
      }
      const titles = commands.map((command) => String(command.title ?? ''));
      if (new Set(titles).size !== titles.length) errors.push(`${where} repeats a command title`);
      commands.forEach((command, c) => {
        if (String(command.title ?? '').length > 32) {
          errors.push(`${where}/commands/${c}/title is longer than 32 characters`);
        }
        if (String(command.description ?? '').length > 128) {
          errors.push(`${where}/commands/${c}/description is longer than 128 characters`);
        }
      });
    });
  });
  // Everything Teams opens must be https, and on a domain the manifest declares.
  const validDomains = ((manifest.validDomains ?? []) as string[]).map((domain) =>
    domain.toLowerCase(),
  );
  for (const domain of validDomains) {
    if (/[/:]/.test(domain.replace(/:\d+$/, ''))) {
      errors.push(`/validDomains: "${domain}" should be a host name, without scheme or path`);
    }
  }
  const onValidDomain = (host: string) =>
    validDomains.some(
      (domain) => domain === host || (domain.startsWith('*.') && host.endsWith(domain.slice(1))),
    );
  const urls: [string, unknown][] = [];
  const developer = (manifest.developer ?? {}) as Json;
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    urls.push([`/developer/${key}`, developer[key]]);
  }
  ((manifest.staticTabs ?? []) as Json[]).forEach((tab, i) => {
    for (const key of ['contentUrl', 'websiteUrl']) {
      if (tab[key] !== undefined) urls.push([`/staticTabs/${i}/${key}`, tab[key]]);
    }
  });
  ((manifest.configurableTabs ?? []) as Json[]).forEach((tab, i) =>
    urls.push([`/configurableTabs/${i}/configurationUrl`, tab.configurationUrl]),
  );
  for (const [where, value] of urls) {
    let url: URL;
    try {
      url = new URL(String(value));
    } catch {
      errors.push(`${where} is not a URL ("${String(value)}")`);
      continue;
    }
    if (url.protocol !== 'https:') errors.push(`${where} must use https ("${String(value)}")`);
    else if (where.includes('Tabs') && !onValidDomain(url.host.toLowerCase())) {
      errors.push(`${where}: ${url.host} is not in validDomains`);
    }
  }
  // SSO: the resource must be api://<a valid domain>/<the client id>, which is what the tab's token audience is.
  const app = manifest.webApplicationInfo as Json | undefined;
  if (app) {
    const id = String(app.id ?? '');
    const match = /^api:\/\/([^/]+)\/([^/]+)$/.exec(String(app.resource ?? ''));
    if (!GUID.test(id)) errors.push('/webApplicationInfo/id must be a GUID');
    if (!match) {
      errors.push(
        `/webApplicationInfo/resource should be api://<domain>/<client id> (got "${String(app.resource)}")`,
      );
    } else {
      if (match[2] !== id) {
        errors.push('/webApplicationInfo/resource should end with webApplicationInfo.id');
      }
      if (!onValidDomain(match[1]!.toLowerCase())) {
        errors.push(`/webApplicationInfo/resource: ${match[1]} is not in validDomains`);
      }
    }
  }
  return errors;
}

/**
 * Checks a filled manifest against the bundled JSON schema of its `manifestVersion` and against the Teams
 * rules the schema leaves out. Returns the problems, empty when it is valid.
 */
export function validateManifest(manifest: unknown): string[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return ['the manifest is not a JSON object'];
  }
  const version = (manifest as Json).manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  try {
    return [
      ...schemaErrors(manifest, version, 'MicrosoftTeams.schema.json'),
      ...teamsRuleErrors(manifest as Json),
    ];
  } catch (error) {
    if (error instanceof PackageError) return error.problems;
    throw error;
  }
}

/** Checks a filled localisation file against the localisation schema of the manifest's version. */
export function validateLocalization(localization: unknown, manifestVersion: string): string[] {
  return schemaErrors(localization, manifestVersion, 'MicrosoftTeams.Localization.schema.json');
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (
    png.length < 24 ||
    !png.subarray(0, 8).equals(signature) ||
    png.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw new PackageError(['not a PNG file']);
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The PNG's pixels as RGBA. */
export function decodePng(png: Buffer): DecodedPng {
  return PNG.sync.read(png);
}

/** Teams' icon rules: color 192×192; outline 32×32, white on transparent (Teams tints it itself). */
export function iconErrors(name: string, png: Buffer, kind: 'color' | 'outline'): string[] {
  const expected = kind === 'color' ? 192 : 32;
  let size: { width: number; height: number };
  try {
    size = pngSize(png);
  } catch {
    return [`${name} is not a PNG file`];
  }
  if (size.width !== expected || size.height !== expected) {
    return [`${name} is ${size.width}×${size.height}, Teams wants ${expected}×${expected}`];
  }
  if (kind === 'outline') {
    const { data } = decodePng(png);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      drawn++;
      if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) {
        return [
          `${name} has a pixel that is not white at (${(i / 4) % expected}, ${Math.floor(i / 4 / expected)})`,
        ];
      }
    }
    if (drawn === 0) return [`${name} is fully transparent`];
    if (drawn === expected * expected) return [`${name} has no transparent background`];
  }
  return [];
}

// ——— Build ———

/** Variables a manifest may leave empty on purpose (production has no name suffix). */
export const MAY_BE_EMPTY = ['APP_NAME_SUFFIX'] as const;

export interface BuildOptions {
  envName: string;
  /** Where manifest.json and its files are; appPackage/ by default. */
  packageDir?: string;
  /** Where the .env files are; env/ by default. */
  envDir?: string;
  /** Where the zip and the filled manifest go; appPackage/build/ by default. */
  outDir?: string;
  /** The app's version (`${{APP_VERSION}}`); package.json's by default, so the server and the package agree. */
  version?: string;
}

/** The version in package.json: the one number of a release (`--bump` raises it). */
export function packageVersion(root = ROOT): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * Raises the patch number in package.json (and its lock): Teams replaces an app in the catalogue only when the
 * manifest's version grows. Returns the new version.
 */
export function bumpVersion(root = ROOT): string {
  const [major, minor, patch] = packageVersion(root).split('.').map(Number);
  const next = `${major}.${minor}.${(patch ?? 0) + 1}`;
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      version?: string;
      packages?: Record<string, { version?: string }>;
    };
    json.version = next;
    if (json.packages?.['']) json.packages[''].version = next;
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  }
  return next;
}

export interface BuiltPackage {
  zipPath: string;
  manifestPath: string;
  manifest: Json;
  /** The files in the zip, by name. */
  files: Record<string, Buffer>;
  /** The environment files that were read, in order. */
  envFiles: string[];
  bytes: number;
}

function readPackageFile(packageDir: string, file: string): Buffer {
  if (file.includes('/') || file.includes('\\') || file.startsWith('.')) {
    throw new PackageError([`${file}: Teams wants every package file at the zip's root`]);
  }
  const path = join(packageDir, file);
  if (!existsSync(path)) {
    throw new PackageError([`${relative(process.cwd(), path) || path} is missing`]);
  }
  return readFileSync(path);
}

function parseJson(text: string, where: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new PackageError(
      [`${where} is not valid JSON once filled: ${(error as Error).message}`],
      { cause: error },
    );
  }
}

/** Fills, validates and zips the app package of one environment. Writes nothing when anything is wrong. */
export function buildPackage(options: BuildOptions): BuiltPackage {
  const packageDir = options.packageDir ?? join(ROOT, 'appPackage');
  const envDir = options.envDir ?? join(ROOT, 'env');
  const outDir = options.outDir ?? join(packageDir, 'build');
  const environment = readEnvironment(envDir, options.envName);
  const envFiles = environment.files;
  const values = { APP_VERSION: options.version ?? packageVersion(), ...environment.values };
  const fill = (file: string) =>
    fillPlaceholders(readPackageFile(packageDir, file).toString('utf8'), values, {
      allowEmpty: MAY_BE_EMPTY,
      json: true,
      where: file,
    });

  const problems: string[] = [];
  const attempt = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };

  const template = parseJson(
    readPackageFile(packageDir, 'manifest.json').toString('utf8'),
    'manifest.json',
  );
  const localization = (template.localizationInfo ?? {}) as {
    additionalLanguages?: { file: string }[];
    defaultLanguageFile?: string;
  };
  const languageFiles = [
    ...(localization.defaultLanguageFile ? [localization.defaultLanguageFile] : []),
    ...(localization.additionalLanguages ?? []).map((language) => language.file),
  ];
  const icons = (template.icons ?? {}) as { color?: string; outline?: string };

  const files: Record<string, Buffer> = {};
  const manifestText = attempt(() => fill('manifest.json'));
  const manifest =
    manifestText === undefined
      ? undefined
      : attempt(() => parseJson(manifestText, 'manifest.json'));
  if (manifest) {
    for (const problem of validateManifest(manifest)) problems.push(`manifest.json ${problem}`);
    files['manifest.json'] = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  }
  for (const file of languageFiles) {
    const text = attempt(() => fill(file));
    const filled = text === undefined ? undefined : attempt(() => parseJson(text, file));
    if (!filled) continue;
    const version = String(template.manifestVersion);
    const errors = attempt(() => validateLocalization(filled, version)) ?? [];
    for (const problem of errors) problems.push(`${file} ${problem}`);
    const expectedSchema = schemaUrl(version, 'MicrosoftTeams.Localization.schema.json');
    if (
      filled.$schema !== expectedSchema &&
      filled.$schema !== expectedSchema.replace('/en-us/', '/')
    ) {
      problems.push(`${file} $schema should be ${expectedSchema}`);
    }
    files[file] = Buffer.from(`${JSON.stringify(filled, null, 2)}\n`);
  }
  for (const [kind, file] of [
    ['color', icons.color],
    ['outline', icons.outline],
  ] as const) {
    if (!file) continue; // the schema reports it
    const png = attempt(() => readPackageFile(packageDir, file));
    if (!png) continue;
    problems.push(...iconErrors(file, png, kind));
    files[file] = png;
  }
  if (problems.length) throw new PackageError(problems);

  const zip = new AdmZip();
  // A fixed date keeps the zip the same byte for byte when nothing changed.
  const fixedTime = new Date(2025, 0, 1, 0, 0, 0);
  for (const [name, content] of Object.entries(files)) {
    zip.addFile(name, content);
    zip.getEntry(name)!.header.time = fixedTime;
  }
  const zipBuffer = zip.toBuffer();
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${options.envName}.zip`);
  const manifestPath = join(outDir, `manifest.${options.envName}.json`);
  writeFileSync(zipPath, zipBuffer);
  writeFileSync(manifestPath, files['manifest.json']!);
  return {
    zipPath,
    manifestPath,
    manifest: manifest!,
    files,
    envFiles,
    bytes: statSync(zipPath).size,
  };
}

/** The files of a zip, by name (for tests and for checking a package by hand). */
export function readZip(path: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of new AdmZip(path).getEntries()) {
    if (!entry.isDirectory) files[entry.entryName] = entry.getData();
  }
  return files;
}

function main(argv: string[]): void {
  const envName = argv.find((arg) => !arg.startsWith('-')) ?? 'dev';
  try {
    if (argv.includes('--bump')) process.stdout.write(`version raised to ${bumpVersion()}\n`);
    const built = buildPackage({ envName });
    const shown = (path: string) => relative(process.cwd(), path) || path;
    process.stdout.write(
      `Teams app package for "${envName}", version ${String(built.manifest.version)} (manifest ${String(built.manifest.manifestVersion)}, ` +
        `from ${built.envFiles.map(shown).join(' + ')}):\n` +
        `  ${shown(built.zipPath)}  ${built.bytes} bytes: ${Object.keys(built.files).join(', ')}\n` +
        `  ${shown(built.manifestPath)}\n`,
    );
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    process.stderr.write(`Could not build the app package for "${envName}": ${error.message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv.slice(2));
