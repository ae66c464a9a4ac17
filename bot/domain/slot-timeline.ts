import { holdsSlot, isLate } from './booking';
import { Slot, slotsOf } from './slots';
import { isActive } from './visit';
import type { Booking, QueueState, Visit } from './model';

export type SlotState = 'kept_for_drop_ins' | 'free' | 'booked' | 'late' | 'waiting' | 'in_progress' | 'done' | 'no_show' | 'past';

export interface SlotWithState extends Slot {
  state: SlotState;
  booking?: Booking;
  visit?: Visit;
}

/** Every slot with what is happening in it, for the councillors' timeline. */
export function slotTimeline(state: QueueState, now: Date): SlotWithState[] {
  const bookings = state.bookings ?? [];
  return slotsOf(state.surgery).map((slot) => {
    const booking =
      bookings.find((b) => b.slot === slot.index && holdsSlot(b)) ?? bookings.find((b) => b.slot === slot.index && b.status === 'no_show');
    if (!booking) {
      if (slot.keptForDropIns) return { ...slot, state: 'kept_for_drop_ins' };
      return { ...slot, state: slot.startsAt <= now.toISOString() ? 'past' : 'free' };
    }
    const visit = booking.visitId ? state.visits.find((v) => v.id === booking.visitId) : undefined;
    return { ...slot, state: bookedSlotState(booking, visit, now), booking, ...(visit ? { visit } : {}) };
  });
}

function bookedSlotState(booking: Booking, visit: Visit | undefined, now: Date): SlotState {
  if (booking.status === 'no_show') return 'no_show';
  if (!visit) return isLate(booking, now) ? 'late' : 'booked';
  if (visit.status === 'waiting') return 'waiting';
  if (isActive(visit)) return 'in_progress';
  return visit.status === 'no_show' ? 'no_show' : 'done';
}
