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
  ) {}

  start(): void {
    this.job = new Cron('0 * * * * *', { timezone: this.timeZone, protect: true }, () =>
      this.runOnce(),
    );
    void this.runOnce(); // catch up at start-up
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
