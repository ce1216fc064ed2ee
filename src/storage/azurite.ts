import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The embedded Azure Storage emulator used by `npm start` and the tests: Azurite's Table and Queue services in
 * a child process (see azurite-child.cjs for why not in-process), on 127.0.0.1.
 */

/** Azurite's well-known development account: public by design, never a secret. */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  connectionString: string;
  /** With `tls`: the https addresses, for the identity path. */
  tableUrl?: string;
  queueUrl?: string;
  tablePort: number;
  queuePort: number;
  pid: number;
  /** Saves (on-disk mode) and stops the emulator. */
  close(): Promise<void>;
}

export function devConnectionString(
  tablePort: number,
  queuePort: number,
  host = '127.0.0.1',
): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_ACCOUNT_KEY}`,
    `TableEndpoint=http://${host}:${tablePort}/${DEV_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${queuePort}/${DEV_ACCOUNT}`,
  ].join(';');
}

/**
 * Starts Azurite. With `location`, data lives under that folder (saved every few seconds and on close);
 * without it, everything stays in memory (tests). Fixed ports are kept across restarts when given.
 */
export async function startEmbeddedAzurite(
  options: {
    location?: string;
    tablePort?: number;
    queuePort?: number;
    /** PEM files: https, and Entra bearer tokens accepted (the keyless path, tried locally). */
    tls?: { cert: string; key: string };
  } = {},
): Promise<EmbeddedAzurite> {
  const child = spawn(
    process.execPath,
    [join(__dirname, 'azurite-child.cjs'), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const ports = await new Promise<{ tablePort: number; queuePort: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`Azurite said: ${line}`));
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`Azurite exited (${code}) before listening: ${stderr.trim()}`)),
    );
  });
  child.stdout.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let closing: Promise<void> | undefined;
  return {
    ...ports,
    pid: child.pid!,
    connectionString: devConnectionString(ports.tablePort, ports.queuePort),
    ...(options.tls
      ? {
          tableUrl: `https://127.0.0.1:${ports.tablePort}/${DEV_ACCOUNT}`,
          queueUrl: `https://127.0.0.1:${ports.queuePort}/${DEV_ACCOUNT}`,
        }
      : {}),
    close() {
      closing ??= (async () => {
        if (child.exitCode === null) child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
