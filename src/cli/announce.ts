import { readFileSync } from 'node:fs';
import type { Config } from '../config';
import { ANNOUNCEMENT_LIMITS, readAnnouncementDraft, type Audience } from '../domain/announcements';
import { DomainError, isDomainError } from '../domain/errors';
import { localDate, localTime } from '../domain/time';
import type { Storage } from '../storage/open-storage';
import {
  announcementStatus,
  cancelAnnouncement,
  listAnnouncements,
  postAnnouncement,
  type AnnouncementStatus,
} from '../usecases/announcements';
import { currentChallenge } from '../usecases/current-challenge';
import type { UseCaseDeps } from '../usecases/deps';
import { bar, percent } from './progress';
import { UsageError } from './ranking';

/**
 * `announce`, `announcements`, `announce-follow` and `announce-cancel`: organisers' announcements from the command
 * line. The CLI only posts and follows; the running app's workers deliver.
 */

/** The identity the CLI acts under in the announcements' records ("created by cli"). */
export const CLI_ORGANISER = 'cli';

export type WithStore = <T>(
  run: (deps: UseCaseDeps, config: Config, storage: Storage) => Promise<T>,
) => Promise<T>;

/** Where the commands write, and how they learn of Ctrl-C (tests and the real process differ). */
export interface Terminal {
  out: { write(text: string): unknown; isTTY?: boolean };
  err: { write(text: string): unknown };
  /** Calls `handler` on each Ctrl-C until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
}

const processTerminal: Terminal = {
  out: process.stdout,
  err: process.stderr,
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
};

const POLL_MS = 1000;
/** Off a terminal (a log, a CI job), a line this often rather than a redrawn bar. */
const LINE_EVERY_MS = 5000;

export const ANNOUNCE_USAGE = `usage: npm run cli -- announce --to all|team:<id>|direction:<name> --title <title> --text-file <file>
         [--link-label <label> --link-url <https://…>] [--preview-to <agent id>] [--no-follow]`;

/**
 * The CLI holds the store's keys, so it already has every right an organiser has: it acts as the organiser
 * 'cli' (and, for a preview, as the agent it previews to, who must be able to receive it).
 */
function asOrganiser(deps: UseCaseDeps, ...ids: string[]): UseCaseDeps {
  return { ...deps, organiserIds: new Set([...deps.organiserIds, CLI_ORGANISER, ...ids]) };
}

interface AnnounceArgs {
  audience: Audience;
  title: string;
  text: string;
  link?: { label: string; url: string };
  textFile: string;
  previewTo?: string;
  follow: boolean;
}

const VALUE_OPTIONS = [
  '--to',
  '--title',
  '--text-file',
  '--link-label',
  '--link-url',
  '--preview-to',
];

/** Reads `--name value` and `--name=value`; anything unknown or missing is a usage error, said at once. */
function readOptions(args: string[]): { values: Map<string, string>; flags: Set<string> } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    if (name === '--no-follow') {
      flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.includes(name!)) throw new UsageError(`unknown argument "${arg}"`);
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${name} needs a value`);
    if (values.has(name!)) throw new UsageError(`${name} is given twice`);
    values.set(name!, value);
  }
  return { values, flags };
}

/** `all`, `team:<id>` or `direction:<name>`. */
export function parseAudience(value: string): Audience {
  if (value === 'all') return { kind: 'all' };
  const match = /^(team|direction):(.*)$/s.exec(value);
  const reference = match?.[2]?.trim();
  if (!match || !reference)
    throw new UsageError(
      `--to must be all, team:<team id> or direction:<direction name> (got "${value}")`,
    );
  return match[1] === 'team'
    ? { kind: 'team', teamId: reference }
    : { kind: 'direction', direction: reference };
}

function readAnnounceArgs(args: string[]): AnnounceArgs {
  const { values, flags } = readOptions(args);
  const to = values.get('--to');
  const title = values.get('--title');
  const file = values.get('--text-file');
  const missing = [!to && '--to', !title && '--title', !file && '--text-file'].filter(Boolean);
  if (missing.length) throw new UsageError(`missing ${missing.join(', ')}`);
  const audience = parseAudience(to!);
  const label = values.get('--link-label');
  const url = values.get('--link-url');
  if ((label === undefined) !== (url === undefined))
    throw new UsageError('--link-label and --link-url go together');
  let text: string;
  try {
    text = readFileSync(file!, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const previewTo = values.get('--preview-to');
  return {
    audience,
    title: title!,
    text,
    textFile: file!,
    ...(label !== undefined && url !== undefined ? { link: { label, url } } : {}),
    ...(previewTo ? { previewTo } : {}),
    follow: !flags.has('--no-follow'),
  };
}

/** A domain error as an organiser reads it: the message, with the limit when the rule has one. */
function explain(error: unknown): string | null {
  if (!isDomainError(error)) return null;
  const { limit, field } = error.details;
  if (limit !== undefined && !error.message.includes(String(limit)))
    return `${error.message} (${field ?? 'it'}: at most ${limit} characters)`;
  return error.message;
}

/** Runs a command, turning usage errors into exit code 2 and domain errors into exit code 1, each said once. */
async function guarded(terminal: Terminal, usage: string, run: () => Promise<number>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) {
      terminal.err.write(`Error: ${error.message}\n${usage}\n`);
      return 2;
    }
    const explained = explain(error);
    if (explained === null) throw error;
    terminal.err.write(`Error: ${explained}\n`);
    return 1;
  }
}

function audienceLabel(audience: Audience): string {
  if (audience.kind === 'all') return 'everyone';
  return audience.kind === 'team' ? `team ${audience.teamId}` : `direction ${audience.direction}`;
}

function counts(status: AnnouncementStatus): string {
  return `sent ${status.sent}, failed ${status.failed}, skipped ${status.skipped}, pending ${status.pending} of ${status.total}`;
}

function failuresOf(status: AnnouncementStatus): string {
  const reasons = Object.entries(status.failures).map(([reason, n]) => `${n} × ${reason}`);
  return reasons.length ? ` (${reasons.join('; ')})` : '';
}

/** Stops on Ctrl-C: ends the follow loop's wait at once. */
class Interrupt {
  stopped = false;
  private wake?: () => void;

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * Follows an announcement until nothing is left to send (or it is cancelled, or Ctrl-C): a bar redrawn in place
 * on a terminal, a line every few seconds elsewhere; ends with the final figures.
 */
async function follow(
  deps: UseCaseDeps,
  id: string,
  terminal: Terminal,
  interrupt: Interrupt,
  by = CLI_ORGANISER,
): Promise<AnnouncementStatus | null> {
  const tty = terminal.out.isTTY === true;
  const started = Date.now();
  let firstDone: number | undefined;
  let lastLine = 0;
  let drawn = false;
  for (;;) {
    const status = await announcementStatus(deps, { by, id });
    const done = status.sent + status.failed + status.skipped;
    firstDone ??= done;
    const over = status.state === 'done' || status.state === 'cancelled';
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed >= 2 ? ` ${((done - firstDone) / elapsed).toFixed(1)}/s` : '';
    if (tty) {
      terminal.out.write(
        `\r${bar(done, status.total)} ${percent(done, status.total).padStart(5)}  sent ${status.sent}  failed ${status.failed}  skipped ${status.skipped}  pending ${status.pending} of ${status.total}${rate}\x1b[K`,
      );
      drawn = true;
    } else if (!over && Date.now() - lastLine >= LINE_EVERY_MS) {
      terminal.out.write(
        `${new Date().toTimeString().slice(0, 8)}  ${percent(done, status.total)}  ${counts(status)}${rate}\n`,
      );
      lastLine = Date.now();
    }
    if (over) {
      if (drawn) terminal.out.write('\n');
      terminal.out.write(
        `${status.state === 'done' ? 'Done' : 'Cancelled'}: ${counts(status)}${failuresOf(status)}.\n`,
      );
      return status;
    }
    if (status.state === 'scheduled') {
      if (drawn) terminal.out.write('\n');
      terminal.out.write(`Not started yet: ${whenScheduled(status)}.\n`);
      return status;
    }
    await interrupt.sleep(POLL_MS);
    if (interrupt.stopped) {
      if (drawn) terminal.out.write('\n');
      terminal.out.write(
        `Stopped following; the announcement goes on. Follow it again: npm run cli -- announce-follow ${id}\n`,
      );
      return null;
    }
  }
}

function whenScheduled(status: AnnouncementStatus, timeZone = 'Europe/Paris'): string {
  const at = Date.parse(status.sendAt);
  const today = localDate(Date.now(), timeZone) === localDate(at, timeZone);
  return `waiting until ${today ? '' : `${localDate(at, timeZone)} `}${localTime(at, timeZone)} (sending hours)`;
}

/** `announce …`: posts an announcement, says what became of it, then follows its delivery. */
export function announceCommand(
  args: string[],
  withStore: WithStore,
  terminal: Terminal = processTerminal,
): Promise<number> {
  return guarded(terminal, ANNOUNCE_USAGE, async () => {
    // Everything that needs no store is checked first: a typo costs no store opening.
    const input = readAnnounceArgs(args);
    const draft = {
      title: input.title,
      text: input.text,
      audience: input.audience,
      ...(input.link ? { link: input.link } : {}),
    };
    // Said with the file's own length, which the domain's message leaves out.
    const chars = [...input.text.trim()].length;
    if (chars > ANNOUNCEMENT_LIMITS.text)
      throw new DomainError(
        'announcement_invalid',
        `the text of ${input.textFile} is ${chars} characters long: at most ${ANNOUNCEMENT_LIMITS.text}`,
        { field: 'text', limit: ANNOUNCEMENT_LIMITS.text },
      );
    readAnnouncementDraft(draft);
    return withStore(async (store, config, storage) => {
      const by = input.previewTo ?? CLI_ORGANISER;
      const deps = asOrganiser(store, by);
      const challenge = await currentChallenge(deps);
      const interrupt = new Interrupt();
      const posted = await postAnnouncement(deps, {
        by,
        draft,
        preview: input.previewTo !== undefined,
        hours: config.broadcast.sendingHours,
      });
      // A large audience takes a while to hand to the queue (the fan-out keeps the queue short): the progress is
      // followed meanwhile.
      const posting = posted.sending;
      let stillPosting = true;
      const settle = () => (stillPosting = false);
      posting.then(settle, settle);
      const id = posted.announcement.id;
      const status = await announcementStatus(deps, { by, id });
      terminal.out.write(
        `Announcement ${id} to ${audienceLabel(posted.announcement.audience)}${input.previewTo ? ` (preview to ${input.previewTo})` : ''}: ${
          !posted.created
            ? `already posted today, nothing new is sent (${status.state})`
            : status.state === 'scheduled'
              ? whenScheduled(status, challenge.timeZone)
              : `sending now to ${posted.audienceSize} agent(s)`
        }.\n`,
      );
      if (status.state === 'scheduled') {
        terminal.out.write(
          `It starts by itself then (the running app's scheduler). Cancel: npm run cli -- announce-cancel ${id}\n`,
        );
        return 0;
      }
      if (storage.embedded) {
        // This process opened the store itself: no app runs on it, so no worker delivers yet.
        await posting;
        terminal.out.write(
          `No app is running on this store: it goes out once \`npm start\` runs. Follow it then: npm run cli -- announce-follow ${id}\n`,
        );
        return 0;
      }
      if (!input.follow) {
        await posting;
        terminal.out.write(`Follow it: npm run cli -- announce-follow ${id}\n`);
        return 0;
      }
      let interrupts = 0;
      const stopListening = terminal.onInterrupt(() => {
        interrupts += 1;
        interrupt.stop();
        if (stillPosting && interrupts === 1)
          terminal.err.write(
            '\nStill handing the announcement to the queue: waiting for that (Ctrl-C again leaves now; the running app resumes it within a minute).\n',
          );
        if (interrupts > 1) process.exit(130);
      });
      try {
        await follow(deps, id, terminal, interrupt, by);
        await posting;
        return 0;
      } finally {
        stopListening();
      }
    });
  });
}

/** `announce-follow <id>`: follows an announcement's delivery again. */
export function announceFollowCommand(
  args: string[],
  withStore: WithStore,
  terminal: Terminal = processTerminal,
): Promise<number> {
  return guarded(terminal, 'usage: npm run cli -- announce-follow <id>', async () => {
    const [id, ...rest] = args;
    if (!id || rest.length) throw new UsageError('one announcement id is needed');
    return withStore(async (store) => {
      const interrupt = new Interrupt();
      const stopListening = terminal.onInterrupt(() => interrupt.stop());
      try {
        await follow(asOrganiser(store), id, terminal, interrupt);
        return 0;
      } finally {
        stopListening();
      }
    });
  });
}

/** `announcements`: every announcement of the challenge with its state and figures, newest first. */
export function announcementsCommand(
  args: string[],
  withStore: WithStore,
  terminal: Terminal = processTerminal,
): Promise<number> {
  return guarded(terminal, 'usage: npm run cli -- announcements', async () => {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    const lines = await withStore(async (store) => {
      const deps = asOrganiser(store);
      const { timeZone } = await currentChallenge(deps);
      return (await listAnnouncements(deps, { by: CLI_ORGANISER })).map((status) => {
        const at = Date.parse(status.createdAt);
        const state = status.state === 'scheduled' ? whenScheduled(status, timeZone) : status.state;
        return `${status.id}  ${localDate(at, timeZone)} ${localTime(at, timeZone)}  ${state.padEnd(9)}  ${counts(status)}${failuresOf(status)}  to ${audienceLabel(status.audience)} by ${status.createdBy}  "${status.title}"`;
      });
    });
    terminal.out.write(lines.length ? `${lines.join('\n')}\n` : 'No announcement yet.\n');
    return 0;
  });
}

/** `announce-cancel <id>`: nothing more goes out; what went out is reported. */
export function announceCancelCommand(
  args: string[],
  withStore: WithStore,
  terminal: Terminal = processTerminal,
): Promise<number> {
  return guarded(terminal, 'usage: npm run cli -- announce-cancel <id>', async () => {
    const [id, ...rest] = args;
    if (!id || rest.length) throw new UsageError('one announcement id is needed');
    const status = await withStore((store) =>
      cancelAnnouncement(asOrganiser(store), { by: CLI_ORGANISER, id }),
    );
    terminal.out.write(
      `Announcement ${status.id} cancelled: nothing more goes out. So far ${counts(status)}${failuresOf(status)}.\n`,
    );
    return 0;
  });
}
