import jwt, { type Algorithm } from 'jsonwebtoken';
import {
  AseChannelValidation,
  AuthenticationConstants,
  EmulatorValidation,
  EndorsementsValidator,
  SkillValidation,
} from 'botframework-connector';
// Not re-exported by the package, but where botbuilder keeps its one cache of signing keys per metadata URL.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import type { Config } from '../config';

/** Why a channel token is refused before botbuilder sees it, or null when botbuilder may judge it. */
export type ChannelTokenGate = (
  activity: { channelId?: string },
  authHeader: string,
) => Promise<string | null>;

const ALGORITHMS = AuthenticationConstants.AllowedSigningAlgorithms as Algorithm[];
/** botbuilder's own leeway on token dates. */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

/**
 * Checks what botbuilder checks inside its own `try` — signature, dates, algorithm, the channel's endorsement —
 * against the same keys (botbuilder's cache of the OpenID metadata, shared, not fetched twice), before botbuilder
 * does: for each token failing there, botbuilder prints 9–12 raw lines through console.error (the whole public
 * key, a stack trace) whatever LOG_LEVEL says, a log flood any stranger can cause. A token that passes goes on to
 * botbuilder, which checks it all again, issuer, audience and service URL included: this gate only refuses
 * earlier, never accepts. Null without an app id (local mode checks no token).
 */
export function channelTokenGate(bot: Config['bot']): ChannelTokenGate | null {
  if (!bot.appId) return null;
  const overrides = bot.authOverrides;
  const channelUrl =
    overrides.ToBotFromChannelOpenIdMetadataUrl ??
    overrides.BotOpenIdMetadata ??
    AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  const emulatorUrl =
    overrides.ToBotFromEmulatorOpenIdMetadataUrl ??
    AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl;
  // botbuilder keeps one OpenIdMetadata per URL for the process: these are the very instances it reads.
  const metadataOf = (url: string) => new JwtTokenExtractor({}, url, ALGORITHMS).openIdMetadata;

  return async (activity, authHeader) => {
    const channelId = activity.channelId ?? '';
    // The ASE channel is validated by another path of botbuilder's: left to it.
    if (AseChannelValidation.isTokenFromAseChannel(channelId)) return null;
    const token = /^Bearer (\S+)$/.exec(authHeader)?.[1];
    if (!token) return 'no bearer token';
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object') return 'not a token';
    const kid = decoded.header.kid;
    if (!kid) return 'no key id';
    const fromEmulatorOrSkill =
      EmulatorValidation.isTokenFromEmulator(authHeader) ||
      SkillValidation.isSkillToken(authHeader);
    let key;
    try {
      key = await metadataOf(fromEmulatorOrSkill ? emulatorUrl : channelUrl).getKey(kid);
    } catch {
      return 'signing keys unavailable';
    }
    if (!key) return 'unknown signing key';
    try {
      jwt.verify(token, key.key, {
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TokenExpiredError') return 'expired token';
      if (name === 'NotBeforeError') return 'token not valid yet';
      return `bad token (${(error as Error).message})`;
    }
    const endorsements = key.endorsements;
    if (
      Array.isArray(endorsements) &&
      endorsements.length > 0 &&
      !EndorsementsValidator.validate(channelId, endorsements)
    ) {
      return 'channel not endorsed by the signing key';
    }
    return null;
  };
}
