import type { Config } from '../config';
import type { SendKind } from '../domain/broadcast';
import type { Clock } from '../domain/ports';
import type { Logger } from '../log';
import { TableBroadcastRepository } from '../storage/azure/broadcast-repository';
import type { TableSet } from '../storage/azure/tables';
import { DeliveryQueue } from './delivery-queue';
import type { FanOutDeps } from './fan-out';
import { RateLimiter } from './rate-limiter';
import { DeliveryWorker, type Messenger, type PayloadBuilder, type WorkerDeps } from './worker';

const HEARTBEAT_MS = 5000;
/**
 * Sends are paced 2 % under the configured ceiling: requests leave on an even grid, but network jitter can bring
 * two of them closer, and Teams counts any second.
 */
const HEADROOM = 0.98;

/** Everything that fans messages out, for one instance: queue, claims, worker, shared rate, progress logs. */
export class Broadcasting {
  readonly broadcasts: TableBroadcastRepository;
  readonly queue: DeliveryQueue;
  readonly limiter: RateLimiter;
  readonly worker: DeliveryWorker;
  readonly fanOut: FanOutDeps;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly options: {
      config: Config;
      tables: TableSet;
      connectionString: string;
      messenger: Messenger;
      payloads: Record<SendKind, PayloadBuilder>;
      agents: WorkerDeps['agents'];
      clock: Clock;
      log: Logger;
    },
  ) {
    const { config, log } = options;
    this.broadcasts = new TableBroadcastRepository(options.tables);
    this.queue = new DeliveryQueue(
      options.connectionString,
      `${config.tablePrefix.toLowerCase()}-deliveries`,
      config.broadcast.queueShards,
    );
    this.limiter = new RateLimiter(config.broadcast.ratePerSecond * HEADROOM);
    this.worker = new DeliveryWorker(
      {
        broadcasts: this.broadcasts,
        queue: this.queue,
        agents: options.agents,
        messenger: options.messenger,
        payloads: options.payloads,
        limiter: this.limiter,
        clock: options.clock,
        log,
        random: Math.random,
      },
      {
        concurrency: config.broadcast.concurrency,
        maxTries: config.broadcast.maxTries,
        visibilitySeconds: config.broadcast.visibilitySeconds,
        sendingLeaseMs: config.broadcast.sendingLeaseMs,
        idlePollMs: config.broadcast.idlePollMs,
      },
    );
    this.fanOut = {
      broadcasts: this.broadcasts,
      queue: this.queue,
      clock: options.clock,
      log,
      instanceId: config.instanceId,
      queueWindow: config.broadcast.queueWindow,
    };
  }

  async start(): Promise<void> {
    await this.queue.ensure();
    if (!this.options.config.broadcast.workers) return;
    this.worker.start();
    // The app-wide rate is shared: each live instance takes its part.
    const beat = async () => {
      const instances = await this.broadcasts.heartbeat(this.options.config.instanceId, Date.now(), HEARTBEAT_MS * 3);
      this.limiter.setRate((this.options.config.broadcast.ratePerSecond * HEADROOM) / instances);
    };
    await beat().catch(() => undefined);
    this.timers.push(setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS));
    this.timers.push(
      setInterval(() => {
        for (const [sendId, c] of this.worker.takeCounters()) {
          this.options.log.info('send progress', {
            send: sendId,
            sent: c.sent,
            failed: c.failed,
            skipped: c.skipped,
            retried: c.retried,
            ratePerSecond: Math.round(((c.sent + c.failed) / (HEARTBEAT_MS / 1000)) * 10) / 10,
          });
        }
      }, HEARTBEAT_MS),
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.worker.stop();
  }
}
