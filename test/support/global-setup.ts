import { startEmbeddedAzurite } from '../../src/storage/azurite';

/** One in-memory Azurite for the whole run; each test file uses its own table prefix. */
export default async function globalSetup(): Promise<void> {
  process.noDeprecation = true;
  const azurite = await startEmbeddedAzurite();
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { __AZURITE__?: { close(): Promise<void> } }).__AZURITE__ = azurite;
}
