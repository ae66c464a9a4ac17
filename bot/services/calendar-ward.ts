import type { ICalEventData } from 'ical-generator';
import { InWard } from '../domain/ward';

/** The property a calendar event carries its ward's ONS (or the council's own) code in, for software that sorts events by ward. */
const WARD_CODE_PROPERTY = 'X-WARD-CODE';

/**
 * What a surgery's calendar event says of its ward: the name as a category people can filter by, and the code,
 * which stays the same when a name is spelt another way. A surgery the roster never matched has no code to give.
 */
export function calendarWard(ward: InWard): Pick<ICalEventData, 'categories' | 'x'> {
  return {
    categories: [{ name: `${ward.ward} ward` }],
    x: ward.wardCode === undefined ? [] : [{ key: WARD_CODE_PROPERTY, value: ward.wardCode }],
  };
}
