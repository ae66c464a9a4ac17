import type { Config } from '../config';
import type { BookingService } from '../services/booking-service';
import type { QueueService } from '../services/queue-service';
import type { ResidentUpdates } from '../services/resident-updates';
import { SurgeryTicker } from '../services/surgery-ticker';
import type { Basics } from './basics';

/**
 * What changes as time passes with nothing happening in a queue: estimates, and with them place cards and
 * residents' alerts, and booking reminders falling due.
 */
export function tickerFeature(
  settings: Config['queue'],
  basics: Basics,
  needs: { queue: QueueService; updates: ResidentUpdates; bookings: BookingService },
): SurgeryTicker {
  const { queue, updates, bookings } = needs;
  return new SurgeryTicker({
    queue,
    refreshPlaceCards: (surgeryId) => updates.refresh(surgeryId),
    alerts: { gettingCloseMinutes: settings.gettingCloseMinutes },
    sendReminders: (current) => bookings.sendReminders(current),
    intervalMs: settings.tickSeconds * 1000,
    scheduler: basics.scheduler,
    onError: basics.onError,
  });
}
