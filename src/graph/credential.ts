import {
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
}

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
