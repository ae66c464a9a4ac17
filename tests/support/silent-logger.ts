import type { Logger } from '../../bot/logger';

/** For a second app or a service whose log a test does not read: nothing is written. */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, error: () => undefined };
