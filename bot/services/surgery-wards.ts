import { isRefusal } from '../domain/refusal';
import type { Surgery } from '../domain/model';
import type { WardRoster } from '../domain/ward-roster';
import type { Logger } from '../logger';
import type { QueueService } from './queue-service';

/** A surgery whose ward, as it was typed before the roster, is not one of the roster's wards. */
export interface UnplacedSurgery {
  id: string;
  ward: string;
  startsAt: string;
  status: Surgery['status'];
}

/** The surgeries whose ward, as typed before the roster, is none of the roster's wards: the one test of "unmatched". */
export function unplacedSurgeries(surgeries: readonly Surgery[], roster: WardRoster): UnplacedSurgery[] {
  return surgeries
    .filter((surgery) => surgery.wardCode === undefined && !roster.placed(surgery))
    .map(({ id, ward, startsAt, status }) => ({ id, ward, startsAt, status }));
}

/**
 * Gives every surgery set up before the roster (its ward typed by hand) its ward's code, matching the typed
 * name to the roster's however it is written, so its residents, statistics and pages go with that ward.
 * Surgeries that match no ward are left as they are and listed in the log for officers, never dropped.
 * Safe to run again and from several servers at once: each change is ETag-guarded and one already made is
 * left alone.
 */
export async function placeSurgeriesInRosterWards(
  queue: Pick<QueueService, 'surgeriesWithoutWardCode' | 'apply'>,
  roster: WardRoster,
  log: Logger,
): Promise<UnplacedSurgery[]> {
  const surgeries = await queue.surgeriesWithoutWardCode();
  const unplaced = unplacedSurgeries(surgeries, roster);
  let placed = 0;
  for (const surgery of surgeries) {
    if (surgery.wardCode !== undefined || !roster.placed(surgery)) continue;
    const applied = await queue.apply(surgery.id, (state) => ({
      surgery: state.surgery.wardCode === undefined ? (roster.placed(state.surgery) ?? state.surgery) : state.surgery,
      visits: [],
      events: [],
    }));
    if (!isRefusal(applied)) placed++;
  }
  if (placed > 0) log.info('surgeries matched to the ward roster', { surgeries: placed });
  if (unplaced.length > 0)
    log.error(
      "surgeries whose ward is not on the roster: add the ward to the roster, or set the surgery up again in one of the roster's wards",
      {
        surgeries: unplaced,
      },
    );
  return unplaced;
}
