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
  /**
   * Saves both databases now and syncs them to disk; resolves once done. Everything the emulator acknowledged
   * before the call is in that save.
   */
  save(): Promise<void>;
  /** Settles when the process ends, however it ends: its exit code (0: saved and stopped cleanly), or null. */
  exited: Promise<number | null>;
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
  // A command written while the child dies must not take the app down with an EPIPE: its exit says it all.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const saves = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  let nextSave = 0;
  const lines = createInterface({ input: child.stdout });
  const ports = await new Promise<{ tablePort: number; queuePort: number }>((resolve, reject) => {
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`Azurite said: ${line}`));
      }
    });
    void exited.then((code) =>
      reject(new Error(`Azurite exited (${code}) before listening: ${stderr.trim()}`)),
    );
  });
  lines.on('line', (line) => {
    let reply: { saved?: string; saveFailed?: string; error?: string };
    try {
      reply = JSON.parse(line);
    } catch {
      return; // not an answer to a command
    }
    const id = reply.saved ?? reply.saveFailed;
    const waiting = id === undefined ? undefined : saves.get(id);
    if (!waiting) return;
    saves.delete(id!);
    if (reply.saved !== undefined) waiting.resolve();
    else waiting.reject(new Error(`Azurite could not save: ${reply.error}`));
  });
  void exited.then((code) => {
    for (const waiting of saves.values())
      waiting.reject(new Error(`Azurite exited (${code}) before saving`));
    saves.clear();
  });
  let closing: Promise<void> | undefined;
  return {
    ...ports,
    pid: child.pid!,
    connectionString: devConnectionString(ports.tablePort, ports.queuePort),
    exited,
    save() {
      if (child.exitCode !== null || child.signalCode !== null)
        return Promise.reject(new Error('Azurite has stopped'));
      const id = String((nextSave += 1));
      return new Promise<void>((resolve, reject) => {
        saves.set(id, { resolve, reject });
        child.stdin.write(`save ${id}\n`);
      });
    },
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
