import type { Logger } from '../logger';
import type { Scheduler } from '../services/scheduler';
import type { Storage } from '../storage/ports';

/** What every feature is built with. */
export interface Basics {
  clock: () => Date;
  /** When background work runs. */
  scheduler: Scheduler;
  log: Logger;
  /** Logs background work that failed: nobody is waiting for it to answer. */
  onError(error: unknown): void;
  storage: Storage;
}
