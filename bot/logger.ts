import pino from 'pino';

export type Details = Record<string, unknown>;

export interface Logger {
  /** What happens all the time, such as each request answered: kept in production, left out of a newcomer's terminal. */
  debug(message: string, details?: Details): void;
  info(message: string, details?: Details): void;
  error(message: string, details?: Details): void;
}

/**
 * Keys that would hold what a resident told us. Callers pass ids, counts and statuses, never these; if
 * one slips in anyway, at the top level or one level down, its value is replaced before it is written.
 */
const PERSONAL_KEYS = ['name', 'postcode', 'issue', 'contact', 'phone', 'mobile', 'email', 'accessNeeds', 'outcome', 'text', 'value'];

/**
 * One JSON line per event (pino), to stdout unless `write` is given. Levels are words ("info",
 * "error") and times ISO 8601, so the lines read the same in App Service's log stream and in tests.
 */
export function jsonLogger(write?: (line: string) => void, level: LogLevel = 'debug'): Logger {
  const options: pino.LoggerOptions = {
    level,
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...PERSONAL_KEYS, ...PERSONAL_KEYS.map((key) => `*.${key}`)], censor: '[redacted]' },
  };
  const log = write ? pino(options, { write: (line: string) => write(line.trimEnd()) }) : pino(options);
  return {
    debug: (message, details = {}) => log.debug(details, message),
    info: (message, details = {}) => log.info(details, message),
    error: (message, details = {}) => log.error(details, message),
  };
}

export type LogLevel = 'debug' | 'info';

const redacted = (details: Details): Details =>
  Object.fromEntries(
    Object.entries(details).map(([key, value]) => [
      key,
      PERSONAL_KEYS.includes(key)
        ? '[redacted]'
        : value !== null && typeof value === 'object' && !Array.isArray(value)
          ? redacted(value as Details)
          : value,
    ]),
  );

const shown = (value: unknown) => (typeof value === 'string' && !/\s/.test(value) && value !== '' ? value : JSON.stringify(value));

/**
 * Short lines a person reads in a terminal, for local mode: the time (UTC), "error" when it is one, the
 * message, then each detail as key=value. The same personal keys are redacted as in the JSON lines.
 */
export function readableLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  level: LogLevel = 'info',
): Logger {
  const line = (label: string, message: string, details: Details) =>
    write(
      [
        new Date().toISOString().slice(11, 19),
        ...(label === '' ? [] : [label]),
        message,
        ...Object.entries(redacted(details)).map(([key, value]) => `${key}=${shown(value)}`),
      ].join(' '),
    );
  return {
    debug: (message, details = {}) => (level === 'debug' ? line('', message, details) : undefined),
    info: (message, details = {}) => line('', message, details),
    error: (message, details = {}) => line('error', message, details),
  };
}

/**
 * What a log may say about an error. Errors from storage and the Bot Connector (they carry an HTTP
 * status or system code) keep their message, which the service wrote. Any other error keeps only its
 * kind and where it was thrown: its message can quote the input that caused it, such as a resident's words.
 */
export function errorDetails(error: unknown): Details {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  const fromService = typeof statusCode === 'number' || typeof code === 'string';
  const at = error.stack
    ?.split('\n')
    .find((line) => line.trim().startsWith('at '))
    ?.trim();
  return {
    errorType: error.name,
    ...(typeof statusCode === 'number' ? { errorStatus: statusCode } : {}),
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    ...(fromService ? { error: error.message.slice(0, 500) } : {}),
    ...(at ? { at } : {}),
  };
}
