import {
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';

/** What the app-only credential needs (config.graph has this shape). */
export interface GraphCredentialSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  managedIdentity: boolean;
  authorityHost: string;
  /** Off for an authority that is not Microsoft's: MSAL would otherwise ask Microsoft to vouch for it. */
  instanceDiscovery: boolean;
  /** A PEM certificate to trust for the authority (a private or test authority); the system's CAs otherwise. */
  ca?: string;
  /** Another app registration to call Graph as, through the managed identity (config.graph.appClientId). */
  appClientId?: string;
}

/** Where a managed identity's token is exchanged for another app's: Entra's audience for federated credentials. */
const TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

/**
 * The app's own identity, for Graph and for Storage reached without a key: its client secret, or its managed
 * identity in Azure.
 */
export function appCredential(settings: GraphCredentialSettings): TokenCredential {
  if (settings.managedIdentity) {
    // A user-assigned identity is named by its client id; the tenant is the identity's own.
    return new ManagedIdentityCredential({ clientId: settings.clientId });
  }
  if (!settings.tenantId || !settings.clientId || !settings.clientSecret) {
    throw new Error(
      'The app’s identity (Microsoft Graph, Storage without a key) needs MicrosoftAppTenantId, MicrosoftAppId and MicrosoftAppPassword (or MicrosoftAppType=UserAssignedMSI)',
    );
  }
  return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
    // @azure/identity refuses an http authority: a test authority must be https (see test/support/graph.ts).
    authorityHost: settings.authorityHost,
    disableInstanceDiscovery: !settings.instanceDiscovery,
    ...(settings.ca ? { tlsOptions: { ca: settings.ca } } : {}),
  });
}

/**
 * The identity Graph is called as: the app's own, or, with GRAPH_APP_CLIENT_ID, the tab's app registration signed
 * in by the managed identity (the registration trusts it through a federated credential: no secret anywhere).
 */
export function graphCredential(settings: GraphCredentialSettings): TokenCredential {
  if (!settings.appClientId) return appCredential(settings);
  const identity = new ManagedIdentityCredential({ clientId: settings.clientId });
  return new ClientAssertionCredential(
    settings.tenantId,
    settings.appClientId,
    async () => {
      const token = await identity.getToken(TOKEN_EXCHANGE_SCOPE);
      if (!token)
        throw new Error('the managed identity gave no token for the federated credential');
      return token.token;
    },
    {
      authorityHost: settings.authorityHost,
      disableInstanceDiscovery: !settings.instanceDiscovery,
      ...(settings.ca ? { tlsOptions: { ca: settings.ca } } : {}),
    },
  );
}
