import { Agent, request } from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * The last link of the Graph client's chain when the Graph host's certificate comes from a private authority
 * (a test stand-in, a proxy's own CA). Node's global fetch cannot be told to trust one more certificate without
 * undici, and the Graph client only attaches its token to https hosts: so this one request goes through
 * node:https with that certificate trusted, and answers the Fetch `Response` the rest of the chain expects.
 */
export class PrivateCaHandler implements Middleware {
  private readonly agent: Agent;

  constructor(ca: string) {
    this.agent = new Agent({ ca, keepAlive: true });
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(options.headers as HeadersInit).forEach((value, name) => (headers[name] = value));
    const body = options.body as string | Uint8Array | null | undefined;
    context.response = await new Promise<Response>((resolve, reject) => {
      const outgoing = request(
        url,
        { method: options.method ?? 'GET', headers, agent: this.agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 502;
            const answer = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              if (value !== undefined)
                answer.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            // A Fetch Response refuses a body (even empty) with these statuses.
            const noBody = status === 204 || status === 205 || status === 304;
            resolve(
              new Response(noBody ? null : Buffer.concat(chunks), { status, headers: answer }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      if (body !== undefined && body !== null) outgoing.write(body);
      outgoing.end();
    });
  }

  /** Closes idle connections (tests end cleanly). */
  close(): void {
    this.agent.destroy();
  }
}
