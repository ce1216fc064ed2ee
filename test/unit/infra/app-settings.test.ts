import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';

/**
 * No Bicep compiler runs here: this holds infra/azure.bicep's app settings against what src/config.ts reads, so
 * a renamed variable or a forgotten setting fails here rather than on the city's first deployment.
 */
const ROOT = join(__dirname, '..', '..', '..');
const bicep = readFileSync(join(ROOT, 'infra', 'azure.bicep'), 'utf8');
const configSource = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');

/** `{ name: 'X', value: <expression> }` of the web app's appSettings. */
const settings = [...bicep.matchAll(/\{ name: '([A-Za-z0-9_]+)', value: (.+?) \}\s*$/gm)].map(
  ([, name, value]) => ({ name: name!, value: value!.trim() }),
);
/** Variables the configuration reads: env.X, env['X'], and names given to its readers ('X'). */
const readByConfig = new Set(
  [
    ...configSource.matchAll(/\benv\.([A-Za-z][A-Za-z0-9_]+)/g),
    ...configSource.matchAll(/\benv\['([A-Za-z][A-Za-z0-9_]+)'\]/g),
    ...configSource.matchAll(/'([A-Z][A-Za-z0-9]*_[A-Z0-9_]+|Microsoft[A-Za-z]+)'/g),
  ].map((match) => match[1]!),
);
/** Read by App Service or its agents, not by the app: each has its reason. */
const PLATFORM: Record<string, string> = {
  WEBSITE_RUN_FROM_PACKAGE: 'App Service runs the uploaded zip read-only',
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'no build on the server',
  APPLICATIONINSIGHTS_CONNECTION_STRING: "Application Insights' agent",
  ApplicationInsightsAgent_EXTENSION_VERSION: "Application Insights' agent for Node on Linux",
};

/** A value for each Bicep expression, as the deployment would give it. */
const GUIDS: Record<string, string> = {
  'identity.properties.clientId': '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  'tenant().tenantId': '0f0e0d0c-0000-4000-8000-00000000abcd',
  tabAppClientId: '7d3f2a1b-4c5e-4f60-8a9b-0c1d2e3f4a5b',
  teamsAppId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
};
function valueOf(expression: string): string {
  const literal = /^'([^'$]*)'$/.exec(expression);
  if (literal) return literal[1]!;
  if (GUIDS[expression]) return GUIDS[expression]!;
  if (expression === 'storage.name') return 'defiabc123';
  if (expression === 'insights.properties.ConnectionString') return 'InstrumentationKey=x';
  if (expression === "'https://${webAppHostName}'") return 'https://defi.azurewebsites.net';
  // A parameter: its default when it has a literal one, else what a deployment passes.
  const param = new RegExp(`^param ${expression} \\w+(?: = '([^']*)')?`, 'm').exec(bicep);
  if (param) return param[1] ?? '';
  throw new Error(`app-settings test: no value known for the Bicep expression ${expression}`);
}
const env = Object.fromEntries(settings.map(({ name, value }) => [name, valueOf(value)]));

describe('infra/azure.bicep against src/config.ts', () => {
  it('given the web app’s settings, then each is read by the app or is the platform’s', () => {
    expect(settings.length).toBeGreaterThan(10);
    const unknown = settings
      .map(({ name }) => name)
      .filter((name) => !readByConfig.has(name) && !PLATFORM[name]);
    expect(unknown).toEqual([]);
  });

  it('given those settings, when production reads them, then it starts fully configured, with no secret', () => {
    const config = loadConfig(env);
    expect(config.nodeEnv).toBe('production');
    expect(config.localMode).toBe(false);
    expect(config.loadDemo).toBe(false);
    expect(config.storageConnectionString).toBe('');
    expect(config.storageIdentity).toEqual({
      tableUrl: 'https://defiabc123.table.core.windows.net',
      queueUrl: 'https://defiabc123.queue.core.windows.net',
    });
    expect(config.bot.appType).toBe('UserAssignedMSI');
    expect(config.bot.appPassword).toBe('');
    expect(config.graph).toMatchObject({
      configured: true,
      managedIdentity: true,
      clientSecret: '',
      appClientId: GUIDS.tabAppClientId,
    });
    expect(config.tabAuth.clientId).toBe(GUIDS.tabAppClientId);
    expect(config.publicUrl).toBe('https://defi.azurewebsites.net');
    // No secret is written in the settings: no password, key or connection string of Storage.
    expect(Object.keys(env)).not.toContain('MicrosoftAppPassword');
    expect(Object.keys(env)).not.toContain('AZURE_STORAGE_CONNECTION_STRING');
  });

  it('given every variable the app reads, then the Bicep sets it or says why it keeps the default', () => {
    const leftToDefaults = /Left at their defaults on purpose:([\s\S]*?)\]/.exec(bicep)?.[1] ?? '';
    // "FOO_BAR" names one variable, "FOO_*" all those that start with FOO_.
    const named = new Set(
      [...leftToDefaults.matchAll(/\b([A-Z][A-Z0-9_]*[A-Z0-9])\b/g)].map((m) => m[1]!),
    );
    const prefixes = [...leftToDefaults.matchAll(/\b([A-Z][A-Z0-9_]*?)_\*/g)].map(
      (m) => `${m[1]}_`,
    );
    const covered = (name: string) =>
      name in env || named.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
    const botFrameworkOverrides =
      /AUTH_OVERRIDE_KEYS = \[([\s\S]*?)\]/.exec(configSource)?.[1] ?? '';
    const silent = [...readByConfig].filter(
      (name) =>
        !covered(name) &&
        !botFrameworkOverrides.includes(`'${name}'`) &&
        // Aliases and connection-string paths an Azure deployment does not use.
        ![
          'BOT_ID',
          'BOT_PASSWORD',
          'AZURE_STORAGE_CONNECTION_STRING',
          'AZURE_STORAGE_TABLE_URL',
          'AZURE_STORAGE_QUEUE_URL',
          'GRAPH_CA_FILE',
          'PORT',
          'MicrosoftAppPassword',
        ].includes(name),
    );
    expect(silent).toEqual([]);
  });

  it('given the web app, then it runs the compiled server on Node 22 LTS, checks readiness and has no basic auth', () => {
    expect(bicep).toContain("linuxFxVersion: 'NODE|22-lts'");
    // The compiled server, with a heap sized for the app (docs/scale.md).
    expect(bicep).toMatch(
      /appCommandLine: 'node --max-old-space-size=\d+ --max-semi-space-size=\d+ dist\/main\.js'/,
    );
    expect(bicep).toContain("healthCheckPath: '/readyz'");
    for (const policy of ['ftp', 'scm'])
      expect(bicep).toMatch(new RegExp(`name: '${policy}'\\s+properties: \\{\\s+allow: false`));
    expect(bicep).toContain('allowSharedKeyAccess: false');
    expect(bicep).toMatch(/param botLocation string = 'westeurope'/);
    expect(bicep).toMatch(/param instanceCount int/);
  });
});
