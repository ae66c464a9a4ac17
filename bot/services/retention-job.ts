import { Retention, RetentionRun } from './retention';
import { Scheduler, timerScheduler } from './scheduler';

export interface RetentionJobDeps {
  retention: Pick<Retention, 'run'>;
  intervalMs: number;
  scheduler?: Scheduler;
  onRun: (run: RetentionRun) => void;
  onError: (error: unknown) => void;
}

/**
 * Runs retention at start and then every RETENTION_CHECK_MINUTES. Every instance runs it: each step is
 * idempotent and every save ETag-guarded, so instances running at once only repeat each other's work.
 */
export class RetentionJob {
  private cancelTimer?: () => void;
  private running?: Promise<RetentionRun | undefined>;

  constructor(private readonly deps: RetentionJobDeps) {}

  start(): void {
    void this.run();
    this.cancelTimer = (this.deps.scheduler ?? timerScheduler).every(this.deps.intervalMs, async () => {
      await this.run();
    });
  }

  async stop(): Promise<void> {
    this.cancelTimer?.();
    await this.running;
  }

  /** Runs now; a run already under way is waited for rather than doubled. Undefined when the run failed. */
  run(): Promise<RetentionRun | undefined> {
    this.running ??= this.deps.retention
      .run()
      .then(
        (run) => {
          this.deps.onRun(run);
          return run;
        },
        (error: unknown) => {
          this.deps.onError(error);
          return undefined;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
