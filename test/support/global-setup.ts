import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmbeddedAzurite } from '../../src/storage/azurite';

/**
 * Once for the whole run: the tab built from its sources (the server serves tab/dist; `npx jest test/e2e/tab` alone
 * must not test yesterday's build), and one in-memory Azurite, each test file using its own table prefix.
 */
export default async function globalSetup(): Promise<void> {
  process.noDeprecation = true;
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'tab', 'build.mjs')], {
    stdio: 'pipe',
  });
  const azurite = await startEmbeddedAzurite();
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { __AZURITE__?: { close(): Promise<void> } }).__AZURITE__ = azurite;
}
