'use strict';
/**
 * Runs Azurite's Table and Queue services in their own process (started by azurite.ts). Azurite shares Node's
 * http.IncomingMessage with whatever else is loaded, and restify patches it (`req.query`), which silently drops
 * `$filter` on table queries: the emulator must not live in the app's process.
 *
 * argv: JSON options { location?: string, tablePort?: number, queuePort?: number }.
 * Prints one JSON line { tablePort, queuePort } once listening. Saves and exits on SIGINT/SIGTERM, or when the
 * parent goes away (stdin closes), so that a killed app never leaves the store unsaved or the ports taken.
 */
const { mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

process.noDeprecation = true;
const options = JSON.parse(process.argv[2] || '{}');
const TableServer = require('azurite/dist/src/table/TableServer').default;
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
const QueueServer = require('azurite/dist/src/queue/QueueServer').default;
const QueueConfiguration = require('azurite/dist/src/queue/QueueConfiguration').default;
const { setExtentMemoryLimit } = require('azurite/dist/src/common/ConfigurationBase');

const inMemory = !options.location;
const location = inMemory ? '' : resolve(options.location);
if (!inMemory) mkdirSync(location, { recursive: true });
const SKIP_API_VERSION_CHECK = true; // the SDKs may speak a newer API version than this Azurite knows

const tableConfig = new TableConfiguration(
  '127.0.0.1', options.tablePort || 0, undefined,
  inMemory ? undefined : join(location, '__azurite_db_table__.json'),
  false, false, undefined, undefined, false, SKIP_API_VERSION_CHECK, '', '', '', undefined, false, inMemory,
);
const queueConfig = new QueueConfiguration(
  '127.0.0.1', options.queuePort || 0, undefined,
  inMemory ? undefined : join(location, '__azurite_db_queue__.json'),
  inMemory ? undefined : join(location, '__azurite_db_queue_extent__.json'),
  [{ locationId: 'Default', locationPath: inMemory ? join(require('node:os').tmpdir(), 'azurite-queue') : join(location, '__queuestorage__'), maxConcurrency: 10 }],
  false, undefined, false, undefined, false, SKIP_API_VERSION_CHECK, '', '', '', undefined, false, inMemory,
);
if (inMemory) setExtentMemoryLimit({ inMemoryPersistence: () => true, extentMemoryLimit: () => undefined }, false);

const table = new TableServer(tableConfig);
const queue = new QueueServer(queueConfig);
const portOf = (server) => Number(new URL(server.getHttpServerAddress()).port);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await Promise.allSettled([table.close(), queue.close()]);
  process.exit(0);
}
process.on('SIGINT', close);
process.on('SIGTERM', close);
process.stdin.on('end', close);
process.stdin.on('error', close);
process.stdin.resume();

(async () => {
  await table.start();
  await queue.start();
  process.stdout.write(`${JSON.stringify({ tablePort: portOf(table), queuePort: portOf(queue) })}\n`);
})().catch((error) => {
  process.stderr.write(`Azurite could not start: ${error && error.message}\n`);
  process.exit(1);
});
