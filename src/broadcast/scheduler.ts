import { Cron } from 'croner';
import type { Logger } from '../log';

/**
 * Runs `tick` at the start of every minute, Paris time. The tick decides what is due from the challenge's own
 * times, so a restart at 09:07 still sends the 09:00 quiz, and DST changes need no special case. The policy of
 * what is due lives in the use case it is given (usecases/scheduled-sends.ts).
 */
export class MinuteScheduler {
  private job?: Cron;
  private running?: Promise<void>;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly timeZone = 'Europe/Paris',
    /** When to tick (croner, with seconds): every minute by default; a daily job gives its time. */
    private readonly pattern = '0 * * * * *',
    /** Whether to tick once at start-up (the minute tick catches up; a daily job waits for its hour). */
    private readonly catchUp = true,
  ) {}

  start(): void {
    this.job = new Cron(this.pattern, { timezone: this.timeZone, protect: true }, () =>
      this.runOnce(),
    );
    if (this.catchUp) void this.runOnce();
  }

  /** One tick now (also what tests call with a fake clock). */
  runOnce(): Promise<void> {
    this.running ??= this.tick()
      .then(() => undefined)
      .catch((error) => this.log.warn('scheduled tick failed', { error }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.job?.stop();
    await this.running;
  }
}
