import { isRefusal } from '../domain/refusal';
import { AlertSettings } from '../domain/resident-alerts';
import type { Surgery } from '../domain/model';
import { QueueService } from './queue-service';
import { Scheduler, timerScheduler } from './scheduler';

export interface SurgeryTickerDeps {
  queue: Pick<QueueService, 'currentSurgeries' | 'raiseAlerts'>;
  /** Updates the place cards of a surgery whose estimates moved. */
  refreshPlaceCards: (surgeryId: string) => Promise<void>;
  alerts: AlertSettings;
  /** Records the booking reminders now due, among the current surgeries (not only open ones). */
  sendReminders: (current: readonly Surgery[]) => Promise<void>;
  intervalMs: number;
  scheduler?: Scheduler;
  onError: (error: unknown) => void;
}

/**
 * Estimates move as time passes, with nothing happening in the queue: a consultation runs long, the end
 * draws near. Every instance runs this ticker; alerts are recorded on the visit with an ETag-guarded
 * save, so whichever instance records one sends it, and the others find it already raised. Booking
 * reminders are due as time passes too, and are recorded on the booking the same way.
 */
export class SurgeryTicker {
  private cancelTimer?: () => void;
  private running?: Promise<void>;

  constructor(private readonly deps: SurgeryTickerDeps) {}

  start(): void {
    this.cancelTimer = (this.deps.scheduler ?? timerScheduler).every(this.deps.intervalMs, () => this.tick());
  }

  async stop(): Promise<void> {
    this.cancelTimer?.();
    await this.running;
  }

  /** Looks at every open surgery once now; a tick already under way is waited for rather than doubled. */
  tick(): Promise<void> {
    this.running ??= this.tickEach().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** One read of the index of current surgeries serves the reminders and the alerts alike. */
  private async tickEach(): Promise<void> {
    let current: Surgery[];
    try {
      current = await this.deps.queue.currentSurgeries();
    } catch (error) {
      this.deps.onError(error);
      return;
    }
    // Apart from the alerts, so a failure in one never holds up the other.
    await this.deps.sendReminders(current).catch(this.deps.onError);
    try {
      const open = current.filter((s) => s.status === 'open');
      for (const surgery of open) {
        const raised = await this.deps.queue.raiseAlerts(surgery.id, this.deps.alerts);
        // Gone, or too busy this time: the next tick looks again.
        if (isRefusal(raised)) continue;
        await this.deps.refreshPlaceCards(surgery.id);
      }
    } catch (error) {
      this.deps.onError(error);
    }
  }
}
