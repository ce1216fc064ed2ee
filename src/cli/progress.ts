/** A progress line for long commands: redrawn in place on a terminal, a line every few seconds in a log. */

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

export function percent(done: number, total: number): string {
  return `${total > 0 ? Math.floor((done / total) * 100) : 0} %`;
}

/** Off a terminal (a log, a CI job), a line this often rather than a redrawn bar. */
const LINE_EVERY_MS = 5000;

/**
 * Shows `done` of `total` with a bar and `detail`; on a terminal the line is redrawn (at most ten times a
 * second), elsewhere one line every five seconds. `end()` leaves the last state on its own line.
 */
export function progressLine(out: ProgressOutput, now: () => number = () => Date.now()) {
  const tty = out.isTTY === true;
  let last = 0;
  let shown = '';
  const line = (done: number, total: number, detail: string) =>
    total > 0 ? `${bar(done, total)} ${percent(done, total).padStart(5)}  ${detail}` : detail;
  return {
    update(done: number, total: number, detail: string): void {
      const at = now();
      if (at - last < (tty ? 100 : LINE_EVERY_MS)) return;
      last = at;
      shown = line(done, total, detail);
      out.write(tty ? `\r${shown}\x1b[K` : `${shown}\n`);
    },
    end(done: number, total: number, detail: string): void {
      const final = line(done, total, detail);
      if (tty) out.write(`\r${final}\x1b[K\n`);
      else if (final !== shown) out.write(`${final}\n`);
    },
  };
}
