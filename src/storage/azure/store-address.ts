import type { TokenCredential } from '@azure/identity';

/**
 * How the app reaches its Azure Storage account: a connection string (Azurite, or an account key for those who
 * want one), or the account's table and queue addresses with the app's own identity (a managed identity in Azure:
 * no key anywhere, access by role assignment).
 */
export type StoreAddress =
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'identity'; tableUrl: string; queueUrl: string; credential: TokenCredential };

export function storeAddressOf(address: StoreAddress | string): StoreAddress {
  return typeof address === 'string'
    ? { kind: 'connection-string', connectionString: address }
    : address;
}

/** Azurite speaks plain http on loopback; the SDKs refuse http unless told. */
export function isInsecure(address: StoreAddress): boolean {
  return address.kind === 'connection-string'
    ? /(Table|Queue)Endpoint=http:/i.test(address.connectionString) ||
        /UseDevelopmentStorage=true/i.test(address.connectionString)
    : address.tableUrl.startsWith('http:') || address.queueUrl.startsWith('http:');
}
