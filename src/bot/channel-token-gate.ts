import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt, { type Algorithm, type JwtPayload } from 'jsonwebtoken';
import {
  AseChannelValidation,
  AuthenticationConstants,
  EmulatorValidation,
  EndorsementsValidator,
  SkillValidation,
  type Claim,
} from 'botframework-connector';
// Not re-exported by the package, but where botbuilder keeps its one cache of signing keys per metadata URL.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import type { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import { CallerIdConstants } from 'botbuilder';
import type { Config } from '../config';

const ALGORITHMS = AuthenticationConstants.AllowedSigningAlgorithms as Algorithm[];
/** botbuilder's own leeway on token dates. */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;
/** A verified token is trusted from the cache until this long before its `exp`. */
const CACHE_SKEW_MS = 60_000;
/** Channel tokens are ~1 KB; a longer one is checked every time rather than kept. */
const MAX_CACHED_TOKEN_LENGTH = 8192;

/**
 * What botbuilder uses to authenticate channel requests and reach the connector, as its
 * BotFrameworkAuthenticationFactory derives them from our configuration: any one override makes the whole
 * configuration custom (the others then undefined, see shared/NOTES.md); none means the public cloud.
 */
export interface ChannelSettings {
  appId: string;
  /** `iss` of channel tokens. */
  issuer: string | undefined;
  channelMetadataUrl: string | undefined;
  emulatorMetadataUrl: string | undefined;
  /** The audience of the bot's own tokens towards the channel (the connector). */
  oAuthScope: string | undefined;
  loginUrl: string | undefined;
  validateAuthority: boolean;
  /** Set on each authenticated activity. */
  callerId: string | undefined;
}

export function channelSettingsOf(bot: Config['bot']): ChannelSettings {
  const o = bot.authOverrides;
  const channelMetadataUrl = o.ToBotFromChannelOpenIdMetadataUrl ?? o.BotOpenIdMetadata;
  const custom = [
    o.ToChannelFromBotLoginUrl,
    o.ToChannelFromBotOAuthScope,
    o.ToBotFromChannelTokenIssuer,
    o.OAuthUrl,
    channelMetadataUrl,
    o.ToBotFromEmulatorOpenIdMetadataUrl,
  ].some((value) => value !== undefined && value !== '');
  let validateAuthority = true;
  try {
    validateAuthority = Boolean(JSON.parse(`${o.ValidateAuthority ?? true}`));
  } catch {
    // botbuilder keeps `true` when the setting does not parse
  }
  if (custom) {
    return {
      appId: bot.appId,
      issuer: o.ToBotFromChannelTokenIssuer,
      channelMetadataUrl,
      emulatorMetadataUrl: o.ToBotFromEmulatorOpenIdMetadataUrl,
      oAuthScope: o.ToChannelFromBotOAuthScope,
      loginUrl: o.ToChannelFromBotLoginUrl,
      validateAuthority,
      callerId: undefined,
    };
  }
  return {
    appId: bot.appId,
    issuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    channelMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    emulatorMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    oAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    loginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    validateAuthority: true,
    callerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** A signing key, parsed once. */
export interface SigningKey {
  readonly key: KeyObject;
  readonly endorsements: readonly string[] | undefined;
}

interface Jwk {
  kid?: unknown;
  n?: unknown;
  e?: unknown;
  endorsements?: unknown;
}

/** What botbuilder's OpenIdMetadata holds (private fields of an archived, pinned SDK; read defensively). */
interface MetadataState {
  keys?: unknown;
  lastUpdated?: unknown;
  tokenRefreshInterval?: unknown;
}

/**
 * The signing keys of one OpenID metadata URL, read from botbuilder's own cache of it (fetched once for both,
 * refreshed by botbuilder's rules: every 24 h, and when an unknown key id shows up, at most hourly), each parsed
 * once into a KeyObject for as long as its key set lasts: botbuilder rebuilds a PEM from the modulus on every
 * lookup, and jsonwebtoken parses it again on every verification.
 */
export class SigningKeys {
  /** Parsed keys per key set (botbuilder replaces the array when it refreshes). */
  private readonly parsed = new WeakMap<object, Map<string, SigningKey | null>>();
  /** Should botbuilder's internals ever differ: keys parsed from the PEM it returns, by PEM. */
  private readonly byPem = new Map<string, SigningKey>();

  constructor(
    private readonly metadata: OpenIdMetadata,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key of this id, or null when the key set has none (botbuilder's refusal too). */
  async key(kid: string): Promise<SigningKey | null> {
    const current = this.fromKeySet(kid, true);
    if (current) return current;
    // A refresh may be due, or the id is unknown: botbuilder's getKey applies its rules and fetches if need be.
    const found = await this.metadata.getKey(kid);
    if (!found) return null;
    return this.fromKeySet(kid, false) ?? this.fromPem(found.key, found.endorsements);
  }

  private fromKeySet(kid: string, onlyIfFresh: boolean): SigningKey | null {
    const state = this.metadata as unknown as MetadataState;
    const keys = state.keys;
    if (!Array.isArray(keys)) return null;
    if (onlyIfFresh) {
      const { lastUpdated, tokenRefreshInterval: hours } = state;
      if (typeof lastUpdated !== 'number' || typeof hours !== 'number') return null;
      if (lastUpdated < this.now() - hours * 3_600_000) return null;
    }
    let set = this.parsed.get(keys);
    if (!set) {
      set = new Map();
      this.parsed.set(keys, set);
    }
    const known = set.get(kid);
    if (known !== undefined) return known;
    const jwk = (keys as Jwk[]).find((candidate) => candidate?.kid === kid);
    if (!jwk) return null;
    let parsed: SigningKey | null = null;
    // Like botbuilder: a key without modulus and exponent (not RSA) is no key.
    if (typeof jwk.n === 'string' && typeof jwk.e === 'string' && jwk.n && jwk.e) {
      try {
        parsed = {
          key: createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }),
          endorsements: Array.isArray(jwk.endorsements)
            ? (jwk.endorsements as string[])
            : undefined,
        };
      } catch {
        parsed = null;
      }
    }
    set.set(kid, parsed);
    return parsed;
  }

  private fromPem(pem: string, endorsements: string[] | undefined): SigningKey {
    let parsed = this.byPem.get(pem);
    if (!parsed) {
      if (this.byPem.size >= 64) this.byPem.clear();
      parsed = { key: createPublicKey(pem), endorsements };
      this.byPem.set(pem, parsed);
    }
    return parsed;
  }
}

/** The gate's verdict on one request. */
export type ChannelTokenCheck =
  /** Refused: the reason goes to the log, the caller gets a bare 401. */
  | { verdict: 'refused'; reason: string }
  /** A channel token checked in full, as botbuilder would: its claims, for the turn. */
  | { verdict: 'verified'; claims: readonly Claim[] }
  /** An ASE, emulator or skill token (signature, dates and endorsement checked here): botbuilder judges it. */
  | { verdict: 'botbuilder' };

interface VerifiedToken {
  claims: readonly Claim[];
  kid: string;
  /** The key that verified it: a cached token stands only while its key set still holds this very key. */
  key: SigningKey;
  aud: string;
  serviceUrl: unknown;
  /** Epoch ms after which the token is verified again (its `exp` minus a margin). */
  trustedUntil: number;
}

export interface ChannelTokenGateOptions {
  now?: () => number;
  /** How many verified tokens are kept (least recently used dropped first). */
  maxTokens?: number;
  /** The key cache of a metadata URL (botbuilder's, by default). */
  metadataOf?: (url: string) => OpenIdMetadata;
}

/**
 * Channel tokens, checked once per token and before botbuilder would. A channel token (Teams) is checked in full
 * — issuer, signature by a key of the channel's OpenID metadata, algorithm, dates, the key's endorsement of the
 * activity's channel, audience = our app id, no skill claims, `serviceurl` claim = the activity's serviceUrl —
 * exactly as botbuilder's ChannelValidation does, and its claims are handed to botbuilder (see adapter.ts), which
 * does not verify it again. The token itself (signature, issuer, audience, dates) is then trusted until shortly
 * before its `exp`, keyed by the exact token string, while its signing key is still in the key set; what depends
 * on the request (the channel's endorsement, the service URL, the audience) is checked on every request.
 *
 * Emulator, skill and ASE tokens take botbuilder's own paths: for emulator and skill tokens the gate first checks
 * what botbuilder checks inside its own `try` — signature, dates, algorithm, endorsement — since for each token
 * failing there botbuilder prints 9–12 raw lines through console.error (the whole public key, a stack trace)
 * whatever LOG_LEVEL says, a log flood any stranger can cause.
 */
export class ChannelTokenGate {
  private readonly tokens = new Map<string, VerifiedToken>();
  private readonly keySets = new Map<string, SigningKeys>();
  private readonly now: () => number;
  private readonly maxTokens: number;
  private readonly metadataOf: (url: string) => OpenIdMetadata;

  constructor(
    private readonly settings: ChannelSettings,
    options: ChannelTokenGateOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxTokens = options.maxTokens ?? 10_000;
    // botbuilder keeps one OpenIdMetadata per URL for the process: these are the very instances it reads.
    this.metadataOf =
      options.metadataOf ?? ((url) => new JwtTokenExtractor({}, url, ALGORITHMS).openIdMetadata);
  }

  /** How many verified tokens are kept now. */
  get size(): number {
    return this.tokens.size;
  }

  private keysOf(url: string): SigningKeys {
    let keys = this.keySets.get(url);
    if (!keys) {
      keys = new SigningKeys(this.metadataOf(url), this.now);
      this.keySets.set(url, keys);
    }
    return keys;
  }

  async check(
    activity: { channelId?: string; serviceUrl?: string },
    authHeader: string,
  ): Promise<ChannelTokenCheck> {
    const channelId = activity.channelId ?? '';
    // The ASE channel is validated by another path of botbuilder's: left to it.
    if (AseChannelValidation.isTokenFromAseChannel(channelId)) return { verdict: 'botbuilder' };
    const token = /^Bearer (\S+)$/.exec(authHeader)?.[1];
    if (!token) return refused('no bearer token');

    const cached = this.tokens.get(token);
    if (cached) {
      this.tokens.delete(token);
      if (this.now() < cached.trustedUntil && this.settings.channelMetadataUrl) {
        let key: SigningKey | null;
        try {
          key = await this.keysOf(this.settings.channelMetadataUrl).key(cached.kid);
        } catch {
          return refused('signing keys unavailable');
        }
        if (key === cached.key) {
          this.tokens.set(token, cached); // most recently used
          return this.perRequest(cached, channelId, activity.serviceUrl);
        }
      }
      // Too close to its expiry, or its key rotated: verified again from scratch below.
    }

    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object' || decoded.payload === null)
      return refused('not a token');
    const kid = decoded.header.kid;
    if (!kid) return refused('no key id');
    if (
      EmulatorValidation.isTokenFromEmulator(authHeader) ||
      SkillValidation.isSkillToken(authHeader)
    )
      return this.precheck(token, kid, channelId);
    return this.verifyChannelToken(token, kid, decoded.payload, channelId, activity.serviceUrl);
  }

  private async verifyChannelToken(
    token: string,
    kid: string,
    payload: JwtPayload,
    channelId: string,
    serviceUrl: string | undefined,
  ): Promise<ChannelTokenCheck> {
    const { issuer, channelMetadataUrl } = this.settings;
    // botbuilder looks at the issuer before the signature.
    if (!issuer || payload.iss !== issuer) return refused('not issued by the channel');
    if (!channelMetadataUrl) return refused('no channel metadata configured');
    const verified = await this.verifySignature(token, kid, channelMetadataUrl, { issuer });
    if (typeof verified === 'string') return refused(verified);
    const { claimsPayload, key } = verified;
    const claims = Object.freeze(
      Object.entries(claimsPayload).map(([type, value]) => Object.freeze({ type, value }) as Claim),
    );
    if (SkillValidation.isSkillClaim(claims as Claim[])) return refused('skill claims');
    const aud = claimsPayload.aud;
    if (typeof aud !== 'string') return refused('no audience');
    const entry: VerifiedToken = {
      claims,
      kid,
      key,
      aud,
      serviceUrl: claimsPayload.serviceurl,
      trustedUntil:
        typeof claimsPayload.exp === 'number' ? claimsPayload.exp * 1000 - CACHE_SKEW_MS : 0,
    };
    // Kept even if this request fails below: what is kept is the token, what varies is checked on each request.
    if (this.now() < entry.trustedUntil && token.length <= MAX_CACHED_TOKEN_LENGTH) {
      if (this.tokens.size >= this.maxTokens) {
        const oldest = this.tokens.keys().next().value;
        if (oldest !== undefined) this.tokens.delete(oldest);
      }
      this.tokens.set(token, entry);
    }
    return this.perRequest(entry, channelId, serviceUrl);
  }

  /** The checks that depend on the request: run for a cached token as for a new one. */
  private perRequest(
    token: VerifiedToken,
    channelId: string,
    serviceUrl: string | undefined,
  ): ChannelTokenCheck {
    if (!endorsed(token.key, channelId)) return refused('channel not endorsed by the signing key');
    if (token.aud !== this.settings.appId) return refused('token not for this app');
    if (serviceUrl && token.serviceUrl !== serviceUrl)
      return refused('service URL not the one the token names');
    return { verdict: 'verified', claims: token.claims };
  }

  /** Emulator and skill tokens: what would make botbuilder print, refused quietly; the rest is its call. */
  private async precheck(
    token: string,
    kid: string,
    channelId: string,
  ): Promise<ChannelTokenCheck> {
    const url = this.settings.emulatorMetadataUrl;
    if (!url) return { verdict: 'botbuilder' };
    const verified = await this.verifySignature(token, kid, url, {});
    if (typeof verified === 'string') return refused(verified);
    if (!endorsed(verified.key, channelId))
      return refused('channel not endorsed by the signing key');
    return { verdict: 'botbuilder' };
  }

  private async verifySignature(
    token: string,
    kid: string,
    metadataUrl: string,
    options: { issuer?: string },
  ): Promise<string | { claimsPayload: JwtPayload; key: SigningKey }> {
    let key: SigningKey | null;
    try {
      key = await this.keysOf(metadataUrl).key(kid);
    } catch {
      return 'signing keys unavailable';
    }
    if (!key) return 'unknown signing key';
    try {
      const claimsPayload = jwt.verify(token, key.key, {
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(this.now() / 1000),
        ...(options.issuer ? { issuer: [options.issuer] as [string] } : {}),
      });
      if (typeof claimsPayload !== 'object' || claimsPayload === null) return 'not a token';
      return { claimsPayload, key };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TokenExpiredError') return 'expired token';
      if (name === 'NotBeforeError') return 'token not valid yet';
      return `bad token (${(error as Error).message})`;
    }
  }
}

function refused(reason: string): ChannelTokenCheck {
  return { verdict: 'refused', reason };
}

/** botbuilder's rule: a key that lists endorsements must list the activity's channel. */
function endorsed(key: SigningKey, channelId: string): boolean {
  const endorsements = key.endorsements;
  return (
    !Array.isArray(endorsements) ||
    endorsements.length === 0 ||
    EndorsementsValidator.validate(channelId, endorsements as string[])
  );
}

/** The gate of a bot with an app id; null in local mode (no token is checked). */
export function channelTokenGate(
  bot: Config['bot'],
  options: ChannelTokenGateOptions = {},
): ChannelTokenGate | null {
  return bot.appId ? new ChannelTokenGate(channelSettingsOf(bot), options) : null;
}
