import type { Booking, QueueChange, QueueEvent, QueueState, Surgery, SurgeryPlan, Visit } from './model';
import { calendarChange } from './invitation-sequence';
import { alertsDue } from './resident-alerts';
import { MOST_CHANGED_AT_ONCE } from './queue';
import { Refusal, refuse } from './refusal';
import { slotsOf } from './slots';
import { overRefusal } from './surgery';
import { formatTime } from './time-format';
import { WaitSettings, estimateWaits } from './wait-model';

/**
 * How far a change must move a waiting resident's estimated call before they are told by email or text (their
 * chat's place card shows every move). The window they were shown is about a quarter of an hour wide, so a move
 * this large takes their turn out of it: someone who stepped away trusting it would miss their turn, or wait
 * far longer than they planned.
 */
const ESTIMATE_NEWS_MINUTES = 15;

/** What councillors may change once a surgery is set up: its ward and meeting stay as they are. */
export type SurgeryChanges = Pick<
  SurgeryPlan,
  'startsAt' | 'endsAt' | 'joinUrl' | 'dialIn' | 'councillors' | 'councillorAccounts' | 'mode' | 'slotMinutes' | 'freeSlots'
>;

/** The fields a change sets: those absent from the new plan are removed, as the set-up form leaves them out. */
const CHANGEABLE = [
  'startsAt',
  'endsAt',
  'joinUrl',
  'dialIn',
  'councillors',
  'councillorAccounts',
  'mode',
  'slotMinutes',
  'freeSlots',
] as const;

function withChanges(surgery: Surgery, changes: SurgeryChanges): Surgery {
  const kept = { ...surgery };
  for (const field of CHANGEABLE) delete kept[field];
  return { ...kept, ...changes };
}

const named = (booking: Booking) => `${booking.name} at ${formatTime(booking.slotStartsAt)} (${booking.reference})`;

/**
 * Changes a surgery before or while it runs. Each booking keeps its place in the order of slots: where that
 * slot's time moved, the booking moves with it and the resident is told, with a fresh invitation; where the
 * changed surgery has no such slot (shorter, longer slots, drop-ins only), the booking would be cancelled, which
 * happens only once the councillors have seen whose (`confirmDrops`).
 */
export function changeSurgery(
  state: QueueState,
  changes: SurgeryChanges,
  confirmDrops: boolean,
  wait: WaitSettings,
  now: Date,
): QueueChange | Refusal {
  const over = overRefusal(state.surgery);
  if (over) return over;
  const surgery = withChanges(state.surgery, changes);
  const slots = slotsOf(surgery);
  const at = now.toISOString();
  const moved: Booking[] = [];
  const dropped: Booking[] = [];
  // A resident already checked in keeps their place in the queue, whatever happens to the slot they booked.
  for (const booking of (state.bookings ?? []).filter((b) => b.status === 'booked')) {
    const slot = slots[booking.slot];
    if (!slot || slot.keptForDropIns) dropped.push({ ...booking, status: 'cancelled', ...calendarChange(booking, at) });
    else if (slot.startsAt !== booking.slotStartsAt || slot.endsAt !== booking.slotEndsAt)
      moved.push({ ...booking, slotStartsAt: slot.startsAt, slotEndsAt: slot.endsAt, ...calendarChange(booking, at) });
  }
  if (dropped.length > 0 && !confirmDrops) {
    const before = (state.bookings ?? []).filter((b) => dropped.some((d) => d.id === b.id));
    return refuse(
      'SURGERY.DROPS_BOOKINGS',
      `This change leaves no slot for ${before.length === 1 ? 'this booking' : `these ${before.length} bookings`}: ${before.map(named).join('; ')}. They would be cancelled and told. Change the surgery anyway?`,
      before.map((booking) => ({ field: 'bookings', message: named(booking) })),
    );
  }
  if (moved.length + dropped.length > MOST_CHANGED_AT_ONCE) {
    return refuse(
      'INPUT.INVALID',
      `This change would move or cancel more than ${MOST_CHANGED_AT_ONCE} bookings at once. Make it in smaller steps.`,
    );
  }
  const changed = [...moved, ...dropped];
  const after: QueueState = {
    ...state,
    surgery,
    bookings: (state.bookings ?? []).map((b) => changed.find((c) => c.id === b.id) ?? b),
  };
  const news = state.surgery.status === 'open' ? estimateNews(state, after, wait, now) : { visits: [], events: [] };
  const events: QueueEvent[] = [
    { type: 'surgery_changed' },
    ...moved.map((b): QueueEvent => ({ type: 'booking_moved', bookingId: b.id })),
    ...dropped.map((b): QueueEvent => ({ type: 'booking_cancelled', bookingId: b.id })),
    ...news.events,
  ];
  return { surgery, visits: news.visits, bookings: changed, events };
}

/**
 * What the change means for residents waiting: those it moved by ESTIMATE_NEWS_MINUTES or more, either way, are
 * told so; those it leaves beyond the end (say it ends sooner, or with fewer councillors) are warned at once, with
 * what they can do, rather than at the next look at the estimates.
 */
function estimateNews(before: QueueState, after: QueueState, wait: WaitSettings, now: Date): { visits: Visit[]; events: QueueEvent[] } {
  const was = estimateWaits(before, wait, now);
  const visits: Visit[] = [];
  const events: QueueEvent[] = [];
  for (const [visitId, estimate] of estimateWaits(after, wait, now)) {
    const visit = after.visits.find((v) => v.id === visitId)!;
    if (visits.length < MOST_CHANGED_AT_ONCE && alertsDue(visit, estimate, NO_NEARLY, now).includes('may_not_be_reached')) {
      visits.push({ ...visit, alerts: { ...visit.alerts, may_not_be_reached: now.toISOString() } });
      events.push({ type: 'alerted', visitId, alert: 'may_not_be_reached' });
    }
    const earlier = was.get(visitId);
    const moved = earlier && estimate.admitAt.getTime() - earlier.admitAt.getTime();
    if (!moved || Math.abs(moved) < ESTIMATE_NEWS_MINUTES * 60_000) continue;
    const window = { earliest: estimate.earliest.toISOString(), latest: estimate.latest.toISOString() };
    events.push({ type: 'estimate_moved', visitId, ...window, sooner: moved < 0 });
  }
  return { visits, events };
}

// "Nearly your turn" is left to the surgery's regular look at the estimates, which knows when it is due.
const NO_NEARLY = { gettingCloseMinutes: -Infinity };
