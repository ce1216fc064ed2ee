import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Who may frame the tab: the hosts of Microsoft's tab requirements (Teams, Microsoft 365 and Outlook, old domains
 * and `*.cloud.microsoft`, where they all move). Any other page framing it could overlay it (clickjacking).
 */
export const TAB_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office365.com',
] as const;

/**
 * The tab's policy. Scripts come from this origin only (index.html has no inline script). Styles allow inline
 * because the tab injects its stylesheet as a <style> element and sets two widths through `style` attributes;
 * injecting markup is what would make that matter, and the tab builds every node as text.
 * teams-js may fetch Microsoft's list of valid hosts from its CDN when a host is missing from the list it bundles.
 */
export const TAB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/**
 * Everything else (JSON, CSV, errors, scripts) is never to be shown in a frame. Only that: a test or a tool may
 * still write a page into a blank document of this origin (`/healthz`) and frame the tab from it.
 */
export const DATA_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'";

/** A year, without `includeSubDomains`: the app's host may be a name of the city's domain, whose other names are not ours. */
const HSTS = 'max-age=31536000';

/** Whether the client reached us over TLS: directly, or through a front end that says so (App Service, a proxy). */
export function cameOverTls(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  // The first value is what the client used; browsers ignore HSTS received over plain http, so a forged header
  // changes nothing.
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim()
    .toLowerCase();
  return forwarded === 'https';
}

/** Sets the headers every response carries; the tab's page replaces the policy with its own. */
export function setSecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: { alwaysTls: boolean },
): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', DATA_CONTENT_SECURITY_POLICY);
  if (options.alwaysTls || cameOverTls(req)) res.setHeader('Strict-Transport-Security', HSTS);
}
