/** A small structured logger: one line per event, errors reduced to name and message (never headers or tokens). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error' | 'silent';
const order: Record<Level, number> = { info: 0, warn: 1, error: 2, silent: 3 };

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const status = (value as { statusCode?: number }).statusCode;
    return `${value.name}: ${value.message.split('\n')[0]}${status ? ` (HTTP ${status})` : ''}`;
  }
  return value;
}

export function createLogger(
  level: Level = 'info',
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  const emit = (
    at: Exclude<Level, 'silent'>,
    message: string,
    fields: Record<string, unknown> = {},
  ) => {
    if (order[at] < order[level]) return;
    const details = Object.entries(fields)
      .map(([key, value]) => `${key}=${JSON.stringify(describe(value))}`)
      .join(' ');
    write(
      `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${details ? ` ${details}` : ''}\n`,
    );
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = createLogger('silent');
