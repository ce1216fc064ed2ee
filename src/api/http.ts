import { createHash } from 'node:crypto';
import type { Request, Response } from 'restify';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';
import { SignInNotConfigured, Unauthorized, type Authenticator, type Caller } from './auth';

/**
 * A body already written as JSON text, with its strong ETag when its writer knows a cheaper one than a hash of the
 * text (see leaderboard-json.ts).
 */
export class JsonText {
  constructor(
    readonly text: string,
    readonly etag?: string,
  ) {}
}

/** Small JSON with a strong ETag: a tab that already has this version gets 304 and no body. */
export function sendJson(req: Request, res: Response, body: unknown, status = 200): void {
  const json = body instanceof JsonText ? body.text : JSON.stringify(body);
  const etag =
    (body instanceof JsonText ? body.etag : undefined) ??
    `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`;
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', etag);
  // Proxies may weaken the tag (W/"…") or send a list: compare the opaque parts.
  const wanted = String(req.headers['if-none-match'] ?? '')
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''));
  if (status === 200 && (wanted.includes(etag) || wanted.includes('*'))) {
    res.writeHead(304);
    res.end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

const STATUS_OF: Partial<Record<DomainError['code'], number>> = {
  not_organiser: 403,
  challenge_missing: 404,
  quiz_unknown: 404,
  agent_unknown: 404,
  team_code_unknown: 404,
  already_answered: 409,
  already_in_team: 409,
  team_name_taken: 409,
  team_full: 409,
  conflict: 409,
  quiz_closed: 409,
  quiz_not_open: 409,
  teams_closed: 409,
  workshop_unknown: 404,
  workshop_code_unknown: 404,
  workshop_full: 409,
  signup_closed: 409,
  already_signed_up: 409,
  not_signed_up: 409,
  checkin_not_open: 409,
  checkin_closed: 409,
  already_checked_in: 409,
  checkin_locked: 429,
  announcement_unknown: 404,
  audience_unknown: 404,
  audience_empty: 409,
  send_finished: 409,
  podium_empty: 409,
  not_host: 403,
  attendance_invalid: 400,
};

/** Authenticates the caller, then runs `handle`: 401 without detail for bad tokens, domain errors as 4xx. */
function authenticated(
  auth: Authenticator,
  log: Logger,
  handle: (caller: Caller, req: Request, res: Response) => Promise<void>,
) {
  return async (req: Request, res: Response): Promise<void> => {
    let caller: Caller;
    try {
      caller = await auth.authenticate(req);
    } catch (error) {
      if (error instanceof SignInNotConfigured) {
        // Nobody can sign in until the tab's registration is set: say so, rather than a bare 401.
        sendJson(req, res, { error: 'sign_in_not_configured', message: error.message }, 503);
        return;
      }
      if (!(error instanceof Unauthorized)) log.warn('authentication failed', { error });
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendJson(req, res, { error: 'unauthorized' }, 401);
      return;
    }
    try {
      await handle(caller, req, res);
    } catch (error) {
      if (error instanceof DomainError) {
        sendJson(
          req,
          res,
          { error: error.code, message: error.message, details: error.details },
          STATUS_OF[error.code] ?? 400,
        );
        return;
      }
      log.error('api failed', { error, path: req.path() });
      sendJson(req, res, { error: 'internal_error' }, 500);
    }
  };
}

/** An authenticated JSON endpoint: 401 without detail for bad tokens, domain errors as 4xx with their code. */
export function endpoint(
  auth: Authenticator,
  log: Logger,
  handle: (caller: Caller, req: Request) => Promise<{ status?: number; body: unknown }>,
) {
  return authenticated(auth, log, async (caller, req, res) => {
    const { status, body } = await handle(caller, req);
    sendJson(req, res, body, status);
  });
}

/** An authenticated file download (a CSV), never cached: it may hold names. */
export function download(
  auth: Authenticator,
  log: Logger,
  handle: (
    caller: Caller,
    req: Request,
  ) => Promise<{ fileName: string; contentType: string; text: string }>,
) {
  return authenticated(auth, log, async (caller, req, res) => {
    const file = await handle(caller, req);
    const body = Buffer.from(file.text, 'utf8');
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': body.length,
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
    });
    res.end(body);
  });
}
