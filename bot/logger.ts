export type Details = Record<string, unknown>;

export interface Logger {
  info(message: string, details?: Details): void;
  error(message: string, details?: Details): void;
}

/** One JSON line per event. Callers pass ids and counts, never residents' personal details. */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const log = (level: string) => (message: string, details: Details = {}) => write(JSON.stringify({ time: new Date().toISOString(), level, message, ...details }));
  return { info: log('info'), error: log('error') };
}

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
