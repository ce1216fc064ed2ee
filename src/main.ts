// Azurite touches a deprecated Node API on load; the warning says nothing useful to someone running the app.
process.noDeprecation = true;

import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';

/** `npm start`: the bot, its API and the tab on one port. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  if (config.localMode) {
    log.warn(
      'LOCAL MODE: no MicrosoftAppId, so channel tokens are NOT checked. Listening on loopback only.',
    );
  }
  const app = await startApp(config, log);
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.port}`;
  log.info('Défi numérique is running', {
    bot: `${base}/api/messages`,
    tab: `${base}/tab/`,
    health: `${base}/healthz`,
    ...(config.localMode ? { playground: 'npm run playground' } : {}),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping (requests in flight finish first, then the store saves)…`);
    app.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('could not stop cleanly', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(
    `Défi numérique could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
