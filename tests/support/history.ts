import type { Surgery } from '../../bot/domain/model';
import type { Storage } from '../../bot/storage/ports';
import type { WardCode } from '../../bot/domain/ward';
import { aSurgery, someVisits } from './builders';

/** A surgery that ended on a day of 2025, spread over the months so history fills many partitions. */
export function aPastSurgery(index: number): Surgery {
  const day = `2025-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 27) + 1).padStart(2, '0')}`;
  return aSurgery({ status: 'ended', startsAt: `${day}T10:00:00.000Z`, endsAt: `${day}T12:00:00.000Z`, endedAt: `${day}T12:00:00.000Z` });
}

/**
 * Past surgeries written through the app's own storage code: each opened with visits, ended, then released by
 * retention; set up in the roster's ward `wardCode` when given, else with the ward typed by hand.
 */
export async function seedHistory(storage: Storage, count: number, visitsEach: number, wardCode?: WardCode): Promise<void> {
  for (let index = 0; index < count; index++) {
    const surgery = { ...aPastSurgery(index), ...(wardCode ? { wardCode } : {}) };
    const running = { ...surgery, status: 'open' as const };
    await storage.surgeries.create(running);
    const visits = someVisits(running, visitsEach);
    const etag = await storage.surgeries.saveQueue(running, visits, (await storage.surgeries.currentEtag(surgery.id))!);
    await storage.surgeries.saveQueue(surgery, [], etag, [], {}, running);
    await storage.surgeries.released(surgery.id);
  }
}
