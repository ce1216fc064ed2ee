import { ConfigError, loadConfig } from '../../src/config';

const PRODUCTION = {
  NODE_ENV: 'production',
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: '0f0e0d0c-0000-4000-8000-00000000abcd',
  AZURE_STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=a2V5;EndpointSuffix=core.windows.net',
  AAD_APP_CLIENT_ID: '22222222-3333-4444-5555-666666666666',
  AAD_APP_TENANT_ID: '0f0e0d0c-0000-4000-8000-00000000abcd',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('production refuses to run half-configured', () => {
  it('names everything that is missing at once', () => {
    const message = refusal({ NODE_ENV: 'production' });
    expect(message).toContain('MicrosoftAppId');
    expect(message).toContain('AZURE_STORAGE_CONNECTION_STRING');
    expect(message).toContain('AAD_APP_CLIENT_ID');
  });

  it.each(['MicrosoftAppId', 'AZURE_STORAGE_CONNECTION_STRING', 'AAD_APP_CLIENT_ID'])(
    'refuses without %s alone, naming it',
    (name) => {
      const message = refusal({ ...PRODUCTION, [name]: '' });
      expect(message).toContain(name);
      expect(message.match(/\(/g)).toHaveLength(1); // only that one is listed
    },
  );

  it('starts when everything is there, without the demo, and never on the embedded store', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.storageConnectionString).toBe(PRODUCTION.AZURE_STORAGE_CONNECTION_STRING);
    expect(config.loadDemo).toBe(false);
  });

  it('lets development run on the embedded store, with the demo', () => {
    const config = loadConfig({});
    expect(config.storageConnectionString).toBe('');
    expect(config.loadDemo).toBe(true);
  });
});
