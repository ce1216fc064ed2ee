import { existsSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { statusOf } from './domain/errors';
import { BodyRefused, hasBody, readJsonBody } from './http/body';
import { setSecurityHeaders, TAB_CONTENT_SECURITY_POLICY } from './http/security-headers';
import type { Logger } from './log';

/**
 * Bodies larger than this, as sent or once decoded, are refused with 413: no activity or import is that big.
 * Decoded is what counts: a gzip body of 243 KB can inflate to 250 MB.
 */
export const MAX_BODY_BYTES = 256 * 1024;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every body this server takes is JSON (the bot's activities, the API's commands, imports as JSON text fields):
 * read in place of restify's body parser, which inflates gzip without a limit. Anything else is refused before
 * a route, and so before authentication, spends more than MAX_BODY_BYTES on it.
 */
function jsonBodies(req: Request, res: Response, next: Next): void {
  if (!METHODS_WITH_BODY.has(req.method ?? '') || (!hasBody(req) && !req.headers['content-type'])) {
    next();
    return;
  }
  readJsonBody(req, MAX_BODY_BYTES).then(
    (body) => {
      req.body = body;
      next();
    },
    (error: unknown) => {
      if (!(error instanceof BodyRefused)) {
        next(error as Error);
        return;
      }
      if (error.closeConnection) res.setHeader('Connection', 'close');
      res.send(error.status, { error: error.code, message: error.message });
      next(false);
    },
  );
}

export interface HttpRoute {
  method: 'get' | 'post' | 'put' | 'del';
  path: string;
  handler: (req: Request, res: Response) => Promise<void> | void;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Serves the built tab from `dir`, precompressed (brotli, then gzip) when the browser accepts it.
 * Hashed assets are immutable; index.html is revalidated.
 */
function staticTab(dir: string, pageSettings: Record<string, string>) {
  const root = resolve(dir);
  // index.html carries the page's settings (sign-in mode, app ids) in <meta> tags: no extra request for them.
  let index: { mtime: number; plain: Buffer; br: Buffer; gzip: Buffer } | undefined;
  const indexPage = () => {
    // Re-read after a rebuild (the old page would point at a deleted script); a stat per page load is cheap.
    const mtime = statSync(join(root, 'index.html')).mtimeMs;
    if (!index || index.mtime !== mtime) {
      let html = readFileSync(join(root, 'index.html'), 'utf8');
      for (const [key, value] of Object.entries(pageSettings)) {
        html = html.replaceAll(`__${key}__`, value.replace(/[<>"&]/g, ''));
      }
      const plain = Buffer.from(html, 'utf8');
      index = { mtime, plain, br: brotliCompressSync(plain), gzip: gzipSync(plain) };
    }
    return index;
  };
  return async (req: Request, res: Response): Promise<void> => {
    const relative = normalize(
      decodeURIComponent((req.path() ?? '').replace(/^\/tab\/?/, '')) || 'index.html',
    );
    const file = join(root, relative === '.' || relative === '' ? 'index.html' : relative);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.send(404, { error: 'not_found' });
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    let body: Buffer;
    let encoding: string | undefined;
    // The tab's pages (the app and its static pages, the accessibility statement): their own policy, scripts
    // from here, framed by Teams and Microsoft 365 only.
    if (extname(file) === '.html')
      res.setHeader('Content-Security-Policy', TAB_CONTENT_SECURITY_POLICY);
    if (file === join(root, 'index.html')) {
      const page = indexPage();
      encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : undefined;
      body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.plain;
    } else if (/\bbr\b/.test(accept) && existsSync(`${file}.br`)) {
      body = readFileSync(`${file}.br`);
      encoding = 'br';
    } else if (/\bgzip\b/.test(accept) && existsSync(`${file}.gz`)) {
      body = readFileSync(`${file}.gz`);
      encoding = 'gzip';
    } else {
      body = readFileSync(file);
    }
    const immutable = /\.[0-9a-z]{8,}\.(js|css)$/i.test(file);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(body);
  };
}

/** The one HTTP server: bot endpoint, tab API, tab files and health, on one port. */
export function createHttpServer(options: {
  routes: HttpRoute[];
  tabDir: string;
  log: Logger;
  /** Replaces `__KEY__` in the tab's index.html. */
  pageSettings?: Record<string, string>;
  /** What `/readyz` checks (the store's parts): each answers 'ok' or throws. */
  readiness?: Record<string, () => Promise<void>>;
  /**
   * The app's public address (PUBLIC_URL). When it is https, every response carries Strict-Transport-Security,
   * the TLS being ended in front of us; without it, only requests that came over TLS (X-Forwarded-Proto) do.
   */
  publicUrl?: string;
}): Server {
  let alwaysTls = false;
  if (options.publicUrl) {
    if (!URL.canParse(options.publicUrl)) throw new Error('publicUrl must be an absolute URL');
    alwaysTls = new URL(options.publicUrl).protocol === 'https:';
  }
  // No name: restify would send it as a Server header on every response.
  const server = restify.createServer({ name: '', handleUncaughtExceptions: false });
  server.pre((req, res, next) => {
    setSecurityHeaders(req, res, { alwaysTls });
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      res.send(413, {
        error: 'payload_too_large',
        message: `request bodies are limited to ${MAX_BODY_BYTES} bytes`,
      });
      return next(false);
    }
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(jsonBodies);
  server.on(
    'restifyError',
    (
      req: Request,
      _res: Response,
      error: Error & { statusCode?: number },
      callback: () => void,
    ) => {
      if ((error.statusCode ?? 500) >= 500)
        options.log.error('http error', { error, path: req.path() });
      // restify's own errors (bad JSON, too large, not found) answered in plain JSON without internals.
      Object.assign(error, {
        toJSON: () => ({
          error: error.name
            .replace(/Error$/, '')
            .replace(/([a-z])([A-Z])/g, '$1_$2')
            .toLowerCase(),
          message:
            error.statusCode && error.statusCode < 500
              ? error.message.split('\n')[0]
              : 'internal error',
        }),
      });
      return callback();
    },
  );

  // Liveness: the process answers. Readiness: the store answers too (a load balancer sends no traffic before).
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const checks: Record<string, string> = {};
    await Promise.all(
      Object.entries(options.readiness ?? {}).map(async ([part, check]) => {
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('no answer within 5 s')), 5000).unref(),
            ),
          ]);
          checks[part] = 'ok';
        } catch (error) {
          // Which part and how (a status or an error code), never a message: it could carry an address or a key.
          const status = statusOf(error);
          const code = (error as { code?: unknown } | null)?.code;
          checks[part] = status
            ? `HTTP ${status}`
            : typeof code === 'string' && /^[A-Z_]{3,40}$/.test(code)
              ? code
              : 'no answer';
          options.log.warn('not ready', { part, status });
        }
      }),
    );
    const ready = Object.values(checks).every((value) => value === 'ok');
    res.setHeader('Cache-Control', 'no-store');
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks });
  });
  for (const route of options.routes) {
    server[route.method](route.path, async (req: Request, res: Response) => {
      try {
        await route.handler(req, res);
      } catch (error) {
        options.log.error('route failed', { error, path: route.path });
        if (!res.headersSent) res.send(500, { error: 'internal_error' });
      }
    });
  }
  const tab = staticTab(options.tabDir, options.pageSettings ?? {});
  server.get('/tab/*', tab);
  const toTab = async (_req: Request, res: Response) => {
    res.writeHead(302, { Location: '/tab/' });
    res.end();
  };
  server.get('/tab', toTab);
  server.get('/', toTab);
  return server;
}
