import { loadConfig } from '../../../src/config';

const TENANT = '0b6a4c2e-8d1f-4f5e-9a3b-7c2d1e0f9a8b';
const GROUP = '5f1c9e2a-3b4d-4e6f-8a7b-9c0d1e2f3a4b';

describe('the Graph block of the configuration', () => {
  it('is off in local mode, with the defaults', () => {
    // given no app registration, when read, then Graph is not configured and the defaults are Microsoft's
    const { graph } = loadConfig({});
    expect(graph).toMatchObject({
      configured: false,
      baseUrl: 'https://graph.microsoft.com/v1.0',
      authorityHost: 'https://login.microsoftonline.com',
      instanceDiscovery: true,
      rosterGroupId: '',
      installRatePerSecond: 30,
    });
  });

  it("is configured with the bot's client secret, or its managed identity", () => {
    // given a tenant and a secret, then configured; given a managed identity, configured without a secret
    const bot = { MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT };
    expect(loadConfig({ ...bot, MicrosoftAppPassword: 's' }).graph).toMatchObject({
      configured: true,
      managedIdentity: false,
      clientSecret: 's',
    });
    expect(loadConfig({ ...bot, MicrosoftAppType: 'UserAssignedMSI' }).graph).toMatchObject({
      configured: true,
      managedIdentity: true,
      clientId: 'app',
    });
    expect(loadConfig(bot).graph.configured).toBe(false);
  });

  it('calls Graph as the tab’s app registration through the managed identity, or as the bot', () => {
    // given a managed identity and GRAPH_APP_CLIENT_ID, then Graph is called as that app (a federated credential)
    const tabApp = '7d3f2a1b-4c5e-4f60-8a9b-0c1d2e3f4a5b';
    const bot = { MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT };
    expect(
      loadConfig({ ...bot, MicrosoftAppType: 'UserAssignedMSI', GRAPH_APP_CLIENT_ID: tabApp })
        .graph,
    ).toMatchObject({ managedIdentity: true, clientId: 'app', appClientId: tabApp });
    // given none, or the bot's own id, then Graph is called as the bot
    expect(loadConfig({ ...bot, MicrosoftAppPassword: 's' }).graph.appClientId).toBe('');
    // given a client secret, then another app cannot be signed in for: refused, saying why
    expect(() =>
      loadConfig({ ...bot, MicrosoftAppPassword: 's', GRAPH_APP_CLIENT_ID: tabApp }),
    ).toThrow('UserAssignedMSI');
  });

  it('turns instance discovery off for an authority that is not Microsoft', () => {
    // given a test authority and Graph base, when read, then discovery is off
    const { graph } = loadConfig({
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443',
      GRAPH_BASE_URL: 'https://127.0.0.1:8443/v1.0/',
      ROSTER_GROUP_ID: GROUP,
    });
    expect(graph).toMatchObject({
      authorityHost: 'https://127.0.0.1:8443',
      baseUrl: 'https://127.0.0.1:8443/v1.0',
      instanceDiscovery: false,
      rosterGroupId: GROUP,
    });
    expect(
      loadConfig({ AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' }).graph
        .instanceDiscovery,
    ).toBe(true);
  });

  it.each([
    ['GRAPH_BASE_URL', 'http://graph.microsoft.com/v1.0'],
    ['GRAPH_BASE_URL', 'https://graph.microsoft.com/'],
    ['GRAPH_BASE_URL', 'https://graph.microsoft.com/a/v1.0'],
    ['AZURE_AUTHORITY_HOST', 'not a url'],
    ['ROSTER_GROUP_ID', 'sales'],
    ['TEAMS_APP_CATALOG_ID', '../x'],
    ['GRAPH_APP_CLIENT_ID', 'tab-app'],
    ['GRAPH_INSTALL_RATE_PER_SECOND', '0'],
  ])('refuses %s=%s at start, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
