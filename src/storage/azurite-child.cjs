'use strict';
/**
 * Runs Azurite's Table and Queue services in their own process (started by azurite.ts). Azurite shares Node's
 * http.IncomingMessage with whatever else is loaded, and restify patches it (`req.query`), which silently drops
 * `$filter` on table queries: the emulator must not live in the app's process.
 *
 * argv: JSON options { location?: string, tablePort?: number, queuePort?: number, tls?: { cert, key } }. With
 * `tls` (PEM file paths) it speaks https and accepts Entra bearer tokens (Azurite's basic OAuth: issuer, audience
 * and lifetime are checked, not the signature), for trying the app's keyless path.
 * Prints one JSON line { tablePort, queuePort } once listening. Saves and exits on SIGINT/SIGTERM, or when the
 * parent goes away (stdin closes), so that a killed app never leaves the store unsaved or the ports taken; the
 * exit code is 0 only when both databases were saved.
 * stdin also takes commands, one a line: `save <id>` saves both databases now (on disk, synced) and answers
 * { saved: id } or { saveFailed: id, error } on stdout: the app's journal of events may then be dropped.
 */
const { closeSync, fsyncSync, mkdirSync, openSync } = require('node:fs');
const { createInterface } = require('node:readline');
const { dirname, join, resolve } = require('node:path');

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
const cert = (options.tls && options.tls.cert) || '';
const key = (options.tls && options.tls.key) || '';
const oauth = options.tls ? 'basic' : undefined;

const tableConfig = new TableConfiguration(
  '127.0.0.1',
  options.tablePort || 0,
  undefined,
  inMemory ? undefined : join(location, '__azurite_db_table__.json'),
  false,
  false,
  undefined,
  undefined,
  false,
  SKIP_API_VERSION_CHECK,
  cert,
  key,
  '',
  oauth,
  false,
  inMemory,
);
const queueConfig = new QueueConfiguration(
  '127.0.0.1',
  options.queuePort || 0,
  undefined,
  inMemory ? undefined : join(location, '__azurite_db_queue__.json'),
  inMemory ? undefined : join(location, '__azurite_db_queue_extent__.json'),
  [
    {
      locationId: 'Default',
      locationPath: inMemory
        ? join(require('node:os').tmpdir(), 'azurite-queue')
        : join(location, '__queuestorage__'),
      maxConcurrency: 10,
    },
  ],
  false,
  undefined,
  false,
  undefined,
  false,
  SKIP_API_VERSION_CHECK,
  cert,
  key,
  '',
  oauth,
  false,
  inMemory,
);
if (inMemory)
  setExtentMemoryLimit(
    { inMemoryPersistence: () => true, extentMemoryLimit: () => undefined },
    false,
  );

const table = new TableServer(tableConfig);
const queue = new QueueServer(queueConfig);
const portOf = (server) => Number(new URL(server.getHttpServerAddress()).port);

/*
 * Azurite's close() saves its database while requests may still be running, so a write it has acknowledged can
 * miss the save. Requests are counted, and on close new ones get 503 while running ones finish first.
 */
let inFlight = 0;
let draining = false;
function countRequests(server) {
  const listeners = server.httpServer.listeners('request');
  server.httpServer.removeAllListeners('request');
  server.httpServer.on('request', (req, res) => {
    if (draining) {
      res.statusCode = 503;
      res.setHeader('Connection', 'close');
      res.end();
      return;
    }
    inFlight += 1;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight -= 1;
      }
    };
    res.once('finish', finish);
    res.once('close', finish);
    for (const listener of listeners) listener.call(server.httpServer, req, res);
  });
}

/*
 * Saves one Loki database and syncs it to disk. Loki's own saves are throttled: a save asked for while one runs
 * is queued and serialises the data as it is when it starts, so everything acknowledged before this call is in
 * it. The file is renamed into place by Loki, hence the sync of the file and of its folder.
 */
function saveDb(store) {
  return new Promise((resolve, reject) => {
    store.db.saveDatabase((error) => {
      if (error) {
        reject(error);
        return;
      }
      if (!inMemory) {
        for (const path of [store.db.filename, dirname(store.db.filename)]) {
          const fd = openSync(path, 'r');
          try {
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
        }
      }
      resolve();
    });
  });
}

const saveBoth = () => Promise.all([saveDb(table.metadataStore), saveDb(queue.metadataStore)]);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  draining = true;
  for (let waited = 0; inFlight > 0 && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // Loki's close saves only what is dirty and does not wait for an autosave still writing: save first, and
  // wait for it, or an exit would cut a save short and lose what it held.
  const saved = await saveBoth().then(
    () => true,
    (error) => {
      process.stderr.write(`Azurite could not save: ${error && error.message}\n`);
      return false;
    },
  );
  const closed = await Promise.allSettled([table.close(), queue.close()]);
  process.exit(saved && closed.every((result) => result.status === 'fulfilled') ? 0 : 1);
}
process.on('SIGINT', close);
process.on('SIGTERM', close);
process.stdin.on('end', close);
process.stdin.on('error', close);
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, id] = line.trim().split(' ');
  if (command !== 'save' || closing) return;
  saveBoth().then(
    () => process.stdout.write(`${JSON.stringify({ saved: id })}\n`),
    (error) =>
      process.stdout.write(
        `${JSON.stringify({ saveFailed: id, error: String(error && error.message) })}\n`,
      ),
  );
});

(async () => {
  await table.start();
  await queue.start();
  countRequests(table);
  countRequests(queue);
  process.stdout.write(
    `${JSON.stringify({ tablePort: portOf(table), queuePort: portOf(queue) })}\n`,
  );
})().catch((error) => {
  process.stderr.write(`Azurite could not start: ${error && error.message}\n`);
  process.exit(1);
});
