import type { CheckinLinkOf } from '../usecases/workshop-admin';

/**
 * Where a workshop's check-in QR code leads: a Teams deep link to the app's personal tab, or the tab served here
 * for local trials. Built at the edge, from the configuration; the use cases know only the code.
 */

/** The static tab the check-in opens in, and how the tab recognises a check-in in the Teams context. */
const CHECKIN_TAB_ENTITY_ID = 'classement';
const CHECKIN_SUB_ENTITY_PREFIX = 'pointage:';

/** Where a check-in QR code leads. */
export interface CheckinLinkSettings {
  /** The Teams app id of the manifest: the QR code opens the personal tab in Teams. */
  teamsAppId: string;
  /** Without an app id (local trials), the tab served here, when its public address is known. */
  publicUrl?: string;
}

/** A Teams deep link to the app's personal tab, carrying the check-in code in its sub-entity id. */
export function checkinDeepLink(teamsAppId: string, code: string): string {
  const context = encodeURIComponent(
    JSON.stringify({ subEntityId: `${CHECKIN_SUB_ENTITY_PREFIX}${code}` }),
  );
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${CHECKIN_TAB_ENTITY_ID}?context=${context}`;
}

/** The address a workshop's QR code opens; null when neither a Teams app id nor a public URL is set. */
export function checkinLink(settings: CheckinLinkSettings, code: string): string | null {
  if (settings.teamsAppId) return checkinDeepLink(settings.teamsAppId, code);
  return settings.publicUrl ? `${settings.publicUrl}/tab/?pointage=${code}#agenda` : null;
}

/** The link builder the use cases are given, for these settings. */
export function checkinLinksOf(settings: CheckinLinkSettings): CheckinLinkOf {
  return (code) => checkinLink(settings, code);
}

/** What the organisers' view says of the links: Teams deep links, links to the tab served here, or none. */
export function checkinLinkKind(settings: CheckinLinkSettings): 'teams' | 'tab' | 'none' {
  return settings.teamsAppId ? 'teams' : settings.publicUrl ? 'tab' : 'none';
}
