import type {
  AgentRepository,
  BroadcastRepository,
  Clock,
  DeliveryQueue,
  Messenger,
  PayloadBuilders,
} from '../domain/ports';
import type { Logger } from '../log';
import { RateLimiter } from './rate-limiter';
import { DeliveryWorker } from './worker';

const HEARTBEAT_MS = 5000;
/**
 * Sends are paced 2 % under the configured ceiling: requests leave on an even grid, but network jitter can bring
 * two of them closer, and Teams counts any second.
 */
const HEADROOM = 0.98;

/** How one instance delivers: its share of the app-wide rate, and its workers. */
export interface BroadcastSettings {
  /** Messages per second for the whole app, shared by the live instances. */
  ratePerSecond: number;
  /** Whether this instance runs delivery workers at all. */
  workers: boolean;
  concurrency: number;
  maxTries: number;
  visibilitySeconds: number;
  sendingLeaseMs: number;
  idlePollMs: number;
}

/** The ports the delivering side of the fan-out stands on. */
export interface BroadcastingPorts<Handle> {
  broadcasts: BroadcastRepository;
  queue: DeliveryQueue<Handle>;
  agents: Pick<AgentRepository, 'get' | 'markUnreachable'>;
  messenger: Messenger;
  payloads: PayloadBuilders;
  clock: Clock;
  log: Logger;
  /** Draws the jitter of retry backoffs. */
  random: () => number;
}

/**
 * The delivering side of the fan-out, for one instance: the worker that takes the queue's messages, the shared
 * rate (each live instance takes its part, known from heartbeats) and the progress logs. Sends are started by
 * the FanOut (fan-out.ts), from any instance or the CLI.
 */
export class Broadcasting<Handle = unknown> {
  readonly broadcasts: BroadcastRepository;
  readonly limiter: RateLimiter;
  readonly worker: DeliveryWorker<Handle>;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ports: BroadcastingPorts<Handle>,
    private readonly settings: BroadcastSettings & { instanceId: string },
  ) {
    this.broadcasts = ports.broadcasts;
    this.limiter = new RateLimiter(settings.ratePerSecond * HEADROOM);
    this.worker = new DeliveryWorker(
      { ...ports, limiter: this.limiter },
      {
        concurrency: settings.concurrency,
        maxTries: settings.maxTries,
        visibilitySeconds: settings.visibilitySeconds,
        sendingLeaseMs: settings.sendingLeaseMs,
        idlePollMs: settings.idlePollMs,
      },
    );
  }

  /** Starts the worker and the heartbeats (the queue was ensured when the fan-out was wired). */
  async start(): Promise<void> {
    if (!this.settings.workers) return;
    // The app-wide rate is shared: each live instance takes its part.
    const beat = async () => {
      const instances = await this.ports.broadcasts.heartbeat(
        this.settings.instanceId,
        this.ports.clock.now(),
        HEARTBEAT_MS * 3,
      );
      this.limiter.setRate((this.settings.ratePerSecond * HEADROOM) / instances);
      return instances;
    };
    // A missed heartbeat keeps the last share of the rate; the next beat, 5 s later, tries again.
    const instances = await beat().catch(() => 1);
    this.timers.push(setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS));
    // Instances already running learn of this one at their next beat, within 5 s, and only then lower their
    // share: delivering before that would take the app over Teams' limit. Alone, deliver at once.
    if (instances > 1) this.timers.push(setTimeout(() => this.worker.start(), HEARTBEAT_MS));
    else this.worker.start();
    this.timers.push(
      setInterval(() => {
        for (const [sendId, c] of this.worker.takeCounters()) {
          this.ports.log.info('send progress', {
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
