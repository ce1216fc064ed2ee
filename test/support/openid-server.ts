import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/**
 * A local OpenID Connect metadata + JWKS server, standing in for login.botframework.com or Entra ID, with a
 * signing key whose tokens the app must accept, and helpers to mint good and forged tokens.
 */
export class OpenIdStandIn {
  private server?: Server;
  url = '';
  readonly kid = 'test-key-1';
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  /** A second key the server does not publish: tokens signed with it are forgeries. */
  private readonly rogueKey: KeyObject;

  constructor(private readonly options: { issuer: string; endorsements?: string[] }) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    this.rogueKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.endsWith('/keys')) {
        res.end(
          JSON.stringify({
            keys: [
              {
                ...this.publicJwk,
                kid: this.kid,
                use: 'sig',
                alg: 'RS256',
                endorsements: this.options.endorsements ?? [],
              },
            ],
          }),
        );
      } else if (req.url?.includes('openid-configuration') || req.url?.includes('openid')) {
        res.end(
          JSON.stringify({
            issuer: this.options.issuer,
            jwks_uri: `${this.url}/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A token signed with the published key; claims override the defaults. */
  sign(
    claims: Record<string, unknown>,
    options: { forged?: boolean; kid?: string; expiresInSeconds?: number } = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign(
      {
        iss: this.options.issuer,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (options.expiresInSeconds ?? 3600),
        ...claims,
      },
      options.forged ? this.rogueKey : this.privateKey,
      { algorithm: 'RS256', keyid: options.kid ?? this.kid },
    );
  }
}
