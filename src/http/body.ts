import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * A request body that cannot be taken: the status and stable code the client gets, and a message for people.
 * 413 too large (sent or decoded), 415 a type or encoding the endpoint does not take, 400 unreadable.
 */
export class BodyRefused extends Error {
  /** The rest of the body is not worth reading: answer, then close the connection. */
  readonly closeConnection: boolean;
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; closeConnection?: boolean },
  ) {
    super(message, options);
    this.closeConnection = options?.closeConnection ?? false;
    this.name = 'BodyRefused';
  }
}

const DECODERS: Record<string, (() => Transform) | null> = {
  identity: null,
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Whether the request carries a body at all (a length above 0, or chunks). */
export function hasBody(req: IncomingMessage): boolean {
  return (
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  );
}

/**
 * Throws 415 unless the body is declared JSON in UTF-8 (RFC 8259), with an encoding we decode.
 * Every route of this server takes JSON: a form, text/plain or multipart body is what a page of another site can
 * post without a CORS preflight, so refusing it here means a cross-site "simple request" is never processed.
 */
export function checkJsonRequest(req: IncomingMessage): void {
  const type = String(req.headers['content-type'] ?? '');
  const [mediaType = '', ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    throw new BodyRefused(
      415,
      'unsupported_media_type',
      type
        ? `this endpoint takes application/json only, not ${mediaType.slice(0, 60)}`
        : 'declare the body as Content-Type: application/json',
    );
  }
  const charset = parameters.find((part) => part.startsWith('charset='))?.slice(8);
  if (charset && !['utf-8', 'utf8', '"utf-8"'].includes(charset)) {
    throw new BodyRefused(415, 'unsupported_media_type', 'JSON bodies must be UTF-8');
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (!(encoding in DECODERS)) {
    throw new BodyRefused(
      415,
      'unsupported_encoding',
      'the body may be sent as is, or in gzip, deflate or br',
    );
  }
}

/**
 * Reads the body, decoding it as it streams, and stops at `maxBytes` of *decoded* bytes: a 243 KB gzip body that
 * would inflate to 250 MB costs at most `maxBytes` of memory and a few milliseconds before the 413. The sent
 * bytes are held to the same limit (a chunked body has no Content-Length to check beforehand).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const decoder = DECODERS[encoding]?.() ?? null;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sent = 0;
    let decoded = 0;
    let settled = false;
    const settle = (error: BodyRefused | null) => {
      if (settled) return;
      settled = true;
      decoder?.destroy();
      if (error) {
        chunks.length = 0;
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, decoded));
      }
    };
    const tooLarge = (closeConnection: boolean) =>
      new BodyRefused(
        413,
        'payload_too_large',
        `request bodies are limited to ${maxBytes} bytes, once decoded`,
        { closeConnection },
      );
    const take = (chunk: Buffer) => {
      if (settled) return;
      decoded += chunk.length;
      if (decoded > maxBytes) settle(tooLarge(false));
      else chunks.push(chunk);
    };
    req.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > maxBytes) {
        // More than the limit before decoding (a chunked body declares no length): refused, and a client that
        // still sends after its answer has its connection cut.
        if (settled) req.destroy();
        else settle(tooLarge(true));
        return;
      }
      // After a refusal the rest (at most maxBytes) is read and dropped, so the client gets its answer cleanly.
      if (settled) return;
      if (decoder) decoder.write(chunk);
      else take(chunk);
    });
    req.on('end', () => {
      if (decoder && !settled) decoder.end();
      else settle(null);
    });
    // A client gone mid-body: settle, so nothing waits on a request that will never end.
    req.on('close', () => {
      if (!req.complete)
        settle(new BodyRefused(400, 'body_unreadable', 'the body ended before its end'));
    });
    req.on('error', (error) =>
      settle(
        new BodyRefused(400, 'body_unreadable', 'the body could not be read', { cause: error }),
      ),
    );
    if (decoder) {
      decoder.on('data', take);
      decoder.on('end', () => settle(null));
      decoder.on('error', (error) =>
        settle(
          new BodyRefused(400, 'bad_encoding', `the body is not valid ${encoding}`, {
            cause: error,
          }),
        ),
      );
    }
  });
}

/** Reads a JSON body within `maxBytes` decoded bytes; an empty body is `undefined`. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  checkJsonRequest(req);
  const text = (await readBody(req, maxBytes)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyRefused(400, 'invalid_json', 'the body is not valid JSON', { cause: error });
  }
}
