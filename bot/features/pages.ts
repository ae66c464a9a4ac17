import type { Config } from '../config';
import type { WaitSettings } from '../domain/wait-model';
import type { Routes } from '../server/http-server';
import { residentRoutes } from '../server/routes';
import type { BookingService } from '../services/booking-service';
import type { QueueService } from '../services/queue-service';
import type { Basics } from './basics';
import type { Wards } from './wards';

/**
 * Residents' pages, which need no Teams: the ward's surgery page with its web chat (its Direct Line token,
 * or the local stand-in when no secret is set in local mode), status pages, listings and calendar feeds,
 * and a booking's manage pages.
 */
export function pagesFeature(
  settings: Config['pages'],
  basics: Basics,
  needs: {
    localMode: boolean;
    publicBaseUrl: string;
    retentionDays: number;
    wait: WaitSettings;
    queue: QueueService;
    bookings: BookingService;
    wards: Wards;
    /** The organiser named in a booking's calendar invitation. */
    organiserEmail: string;
  },
): Routes {
  const { localMode } = needs;
  return residentRoutes({
    queue: needs.queue,
    bookings: needs.bookings,
    organiserEmail: needs.organiserEmail,
    wardSlugOf: needs.wards.wardSlugOf,
    clock: basics.clock,
    localMode,
    log: basics.log,
    residentPages: {
      councilName: settings.councilName,
      retentionDays: needs.retentionDays,
      publicBaseUrl: needs.publicBaseUrl,
      wait: needs.wait,
      directLine: {
        secret: settings.directLineSecret,
        baseUrl: settings.directLineBaseUrl,
        local: localMode && settings.directLineSecret === '',
      },
    },
  });
}
