import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run playground`: the Microsoft 365 Agents Playground (a Teams-like chat page that runs offline) talking to
 * the bot started by `npm start`. Run `npm start` in another terminal first.
 */
const port = process.env.PORT ?? '3978';
const endpoint = `http://127.0.0.1:${port}/api/messages`;

async function main(): Promise<void> {
  try {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!health.ok) throw new Error(String(health.status));
  } catch {
    process.stderr.write(
      `The bot is not answering on port ${port}. Start it first in another terminal: npm start\n`,
    );
    process.exit(1);
  }
  process.stdout.write(
    `Agents Playground → ${endpoint}\nOpen http://localhost:56150 and say "aide".\n`,
  );
  const cli = join(__dirname, '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  // The Playground keeps its state in a devTools/ folder of its working directory: under .data/, not the project.
  const workDir = join(__dirname, '..', '.data', 'playground');
  mkdirSync(workDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [cli, '-e', endpoint, '-c', 'msteams', '--disable-telemetry'],
    {
      cwd: workDir,
      stdio: 'inherit',
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none' },
    },
  );
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

void main();
