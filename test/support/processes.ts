import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Children started here and not yet exited: killed when the test file ends, even after a failure. */
const running = new Set<ChildProcess>();

// Every test file that starts processes gets this hook: a failed assertion before a test's own kill must not
// leave a server behind, still sending cards, after Jest is done.
if (typeof afterAll === 'function') {
  afterAll(async () => {
    const left = [...running];
    for (const child of left) child.kill('SIGKILL');
    await Promise.all(left.map(exitOf));
  });
}

/**
 * Node with tsx loaded in-process (`--import tsx`, Node ≥ 20.6), not through tsx's CLI: the CLI runs the entry
 * point in a child of its own, so a signal sent to the pid we hold (kill -9 above all) would reach the wrapper
 * and leave the app running as an orphan.
 */
function spawnTs(
  entry: string,
  args: string[],
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): ChildProcess {
  // A compiled entry point (`dist/main.js`, as production runs it) needs no TypeScript loader.
  const loader = entry.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Starts a TypeScript entry point of the repo with arguments, for a test to watch and kill (kill -9 included). */
export function spawnEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess {
  return spawnTs(entry, args, env);
}

/** Runs a TypeScript entry point of the repo (as npm scripts do) and collects its output. */
export function runTs(
  entry: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnTs(entry, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts a long-running entry point; resolves once a line of its output matches `ready`. The child's pid is the
 * app's own, so `child.kill()` reaches the app itself.
 */
export function startTs(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
  nodeFlags: readonly string[] = [],
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawnTs(entry, [], env, nodeFlags);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before ready:\n${output}`));
    });
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Whether a process with this pid still exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The resident memory of a process, in bytes, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** The cards an instance says it delivered, from its "send progress" lines (one every 5 s while it sends). */
export function cardsDeliveredIn(output: string): number {
  let sent = 0;
  for (const match of output.matchAll(/send progress .*?\bsent=(\d+)/g)) sent += Number(match[1]);
  return sent;
}

/** The node flags production starts the app with (`start:prod` in a checkout's package.json: the heap sizes). */
export function productionNodeFlags(root = ROOT): string[] {
  const startProd: string =
    (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      }
    ).scripts?.['start:prod'] ?? '';
  return (/\bnode\s+((?:--?\S+\s+)*)\S*main\.js/.exec(startProd)?.[1] ?? '')
    .split(/\s+/)
    .filter(Boolean);
}
