/** The app's identity as Azure gives it (a managed identity), without the network: a token, good for an hour. */
export const IDENTITY_TOKEN = 'token-of-the-identity';

export function identityCredential() {
  return {
    getToken: async () => ({ token: IDENTITY_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}
