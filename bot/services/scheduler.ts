/**
 * When background work runs: the outbox poll, the ticker, retention and the live view's look at storage.
 * Production uses the process's timers; a test steps through the ticks itself, so what an instance costs
 * while idle is counted per tick rather than timed.
 */
export interface Scheduler {
  /** Runs `work` once after `ms`; the function returned cancels it. */
  after(ms: number, work: () => Promise<void> | void): () => void;
  /** Runs `work` every `ms`; the function returned stops it. */
  every(ms: number, work: () => Promise<void> | void): () => void;
}

/** Background timers never keep the process alive: stopping the server is what ends it. */
export const timerScheduler: Scheduler = {
  after(ms, work) {
    const timer = setTimeout(() => void work(), ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  every(ms, work) {
    const timer = setInterval(() => void work(), ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
