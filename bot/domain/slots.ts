/** How a surgery takes residents: drop-ins only, booked slots only, or both (some slots kept for drop-ins). */
export type SurgeryMode = 'drop_in' | 'bookings' | 'both';

export const SURGERY_MODES: readonly SurgeryMode[] = ['drop_in', 'bookings', 'both'];

export const DEFAULT_SLOT_MINUTES = 10;
export const SLOT_MINUTES_RANGE = { min: 5, max: 60 } as const;

/** What slots are cut from: a surgery's times and how it takes residents (every Surgery is one). */
interface SlotPlan {
  mode?: SurgeryMode;
  startsAt: string;
  endsAt: string;
  slotMinutes?: number;
  freeSlots?: number;
}

/** One bookable stretch of a surgery. Slots kept for drop-ins are never booked. */
export interface Slot {
  index: number;
  startsAt: string;
  endsAt: string;
  keptForDropIns: boolean;
}

export function surgeryMode(surgery: Pick<SlotPlan, 'mode'>): SurgeryMode {
  return surgery.mode ?? 'drop_in';
}

export function takesBookings(surgery: Pick<SlotPlan, 'mode'>): boolean {
  return surgeryMode(surgery) !== 'drop_in';
}

export function takesDropIns(surgery: Pick<SlotPlan, 'mode'>): boolean {
  return surgeryMode(surgery) !== 'bookings';
}

/**
 * The surgery cut into slots of its slot length. In a surgery for both, the slots kept for drop-ins are
 * spread evenly through it, so drop-ins are seen all along rather than only at the end.
 */
export function slotsOf(surgery: SlotPlan): Slot[] {
  if (!takesBookings(surgery)) return [];
  const minutes = surgery.slotMinutes ?? DEFAULT_SLOT_MINUTES;
  const start = new Date(surgery.startsAt).getTime();
  const count = Math.floor((new Date(surgery.endsAt).getTime() - start) / (minutes * 60_000));
  const kept = surgeryMode(surgery) === 'both' ? Math.min(Math.max(surgery.freeSlots ?? 0, 0), count) : 0;
  const slots: Slot[] = [];
  for (let index = 0; index < count; index++) {
    // Slot i is kept when the running share of kept slots steps up at it: kept ones land evenly apart.
    const keptForDropIns = Math.floor(((index + 1) * kept) / count) > Math.floor((index * kept) / count);
    slots.push({
      index,
      startsAt: new Date(start + index * minutes * 60_000).toISOString(),
      endsAt: new Date(start + (index + 1) * minutes * 60_000).toISOString(),
      keptForDropIns,
    });
  }
  return slots;
}
