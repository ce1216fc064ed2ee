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
    expect(message).toContain('AZURE_STORAGE_ACCOUNT_NAME or AZURE_STORAGE_CONNECTION_STRING');
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

describe('storage reached with the app’s identity', () => {
  const WITH_IDENTITY = {
    ...PRODUCTION,
    AZURE_STORAGE_CONNECTION_STRING: '',
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppPassword: '',
    AZURE_STORAGE_ACCOUNT_NAME: 'defivillenumerique',
  };

  it('given the account name, when production starts, then no key is needed and the addresses follow', () => {
    const config = loadConfig(WITH_IDENTITY);
    expect(config.storageConnectionString).toBe('');
    expect(config.storageIdentity).toEqual({
      tableUrl: 'https://defivillenumerique.table.core.windows.net',
      queueUrl: 'https://defivillenumerique.queue.core.windows.net',
    });
  });

  it('given explicit addresses, when they are https, then they are used as they are', () => {
    const config = loadConfig({
      ...WITH_IDENTITY,
      AZURE_STORAGE_ACCOUNT_NAME: '',
      AZURE_STORAGE_TABLE_URL: 'https://127.0.0.1:10002/devstoreaccount1/',
      AZURE_STORAGE_QUEUE_URL: 'https://127.0.0.1:10001/devstoreaccount1',
    });
    expect(config.storageIdentity).toEqual({
      tableUrl: 'https://127.0.0.1:10002/devstoreaccount1',
      queueUrl: 'https://127.0.0.1:10001/devstoreaccount1',
    });
  });

  it.each([
    [
      {
        AZURE_STORAGE_TABLE_URL: 'http://127.0.0.1:10002/a',
        AZURE_STORAGE_QUEUE_URL: 'https://q/a',
      },
      'https',
    ],
    [{ AZURE_STORAGE_TABLE_URL: 'https://t/a' }, 'go together'],
    [{ AZURE_STORAGE_ACCOUNT_NAME: 'Not_An_Account' }, 'lowercase letters'],
    [{ AZURE_STORAGE_CONNECTION_STRING: PRODUCTION.AZURE_STORAGE_CONNECTION_STRING }, 'not both'],
  ])('given %j, when the app starts, then it is refused, saying why', (extra, why) => {
    expect(refusal({ ...WITH_IDENTITY, ...extra })).toContain(why);
  });

  it('given no identity to sign in with, when the account is set, then the refusal says which settings are missing', () => {
    const message = refusal({
      ...WITH_IDENTITY,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: '',
    });
    expect(message).toContain('UserAssignedMSI');
  });
});

describe('local mode stays on this machine', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20'])(
    'given no app id, when HOST=%s, then the app refuses to listen on the network',
    (host) => {
      expect(refusal({ HOST: host })).toContain('loopback only');
    },
  );

  it('given no app id, when HOST is loopback, then it starts', () => {
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });
});
