import * as booking from '../domain/booking';
import type { Booking, Channel, Creating, QueueState, Surgery, Visit } from '../domain/model';
import { remindersDue } from '../domain/booking-reminders';
import { noticeCheckInToEmptyQueue } from '../domain/stage-notices';
import { manageLinkKey as manageKey, parseBookingReference, referenceLinkKey as referenceKey } from '../domain/booking-reference';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { Slot, takesBookings } from '../domain/slots';
import { OutsideWardPolicy, WardLookup } from '../domain/ward-check';
import { AlreadyExists, BookingLinkRepository, StatusLinkRepository } from '../storage/ports';
import { Applied, QueueService } from './queue-service';

export interface BookingServiceDeps {
  queue: QueueService;
  links: BookingLinkRepository;
  statusLinks: StatusLinkRepository;
  wards: WardLookup;
  outsideWard: OutsideWardPolicy;
  clock: () => Date;
  newId: () => string;
  /** A new booking reference, drawn at random ("SQ-7KM4-Q2XD"). */
  newReference: () => string;
  /** A new secret for a manage page or a status page. */
  newToken: () => string;
}

/** Where the resident is when they book or check in. */
export interface Arrival {
  channel: Channel;
  chatKey?: string;
}

export interface FoundBooking {
  state: QueueState;
  booking: Booking;
}

export interface Booked extends FoundBooking {
  applied: Applied;
}

// A clash of references is one in billions; a few draws rule out bad luck, more would hide a broken generator.
const REFERENCE_DRAWS = 5;

/**
 * Booked slots: book, find by reference or manage link, cancel, move, check in on the day, mark missed,
 * send reminders. Every change goes through the queue service, so bookings and the queue change together.
 */
export class BookingService {
  constructor(private readonly deps: BookingServiceDeps) {}

  /** Surgeries not yet over, soonest first. */
  async upcoming(): Promise<Surgery[]> {
    const now = this.deps.clock().toISOString();
    return (await this.deps.queue.currentSurgeries()).filter((s) => s.status !== 'ended' && s.endsAt > now);
  }

  /** Surgeries a resident can book now, soonest first. */
  async bookable(): Promise<Surgery[]> {
    const now = this.deps.clock();
    const surgeries = (await this.deps.queue.currentSurgeries()).filter(
      (s) => takesBookings(s) && s.status !== 'ended' && new Date(s.endsAt) > now,
    );
    const withRoom: Surgery[] = [];
    for (const surgery of surgeries) {
      const state = await this.deps.queue.load(surgery.id);
      if (state && booking.freeSlots(state, now).length > 0) withRoom.push(surgery);
    }
    return withRoom;
  }

  async freeSlots(surgeryId: string): Promise<{ state: QueueState; slots: Slot[] } | Refusal> {
    const state = await this.deps.queue.load(surgeryId);
    if (!state) return refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
    if (!takesBookings(state.surgery))
      return refuse('BOOKING.NOT_TAKEN', 'This surgery does not take bookings: you can drop in on the day.');
    return { state, slots: booking.freeSlots(state, this.deps.clock()) };
  }

  /** Books a slot from a form's values; two residents can never hold one slot (the save is ETag-guarded). */
  async book(surgeryId: string, input: Record<string, unknown>, from: Arrival): Promise<Booked | Refusal> {
    const request = booking.parseBookingRequest(input);
    if (!request.ok) return refuse('INPUT.INVALID', 'Check your booking details.', request.problems);
    const loaded = await this.deps.queue.load(surgeryId);
    if (!loaded) return refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
    const ward = this.deps.wards.check(loaded.surgery, request.value.postcode);
    const id = this.deps.newId();
    const manageToken = this.deps.newToken();
    // Linked before the booking exists, so every saved booking can be found; links to a refused one lead nowhere.
    const reference = await this.linkReference(surgeryId, id);
    await this.deps.links.create({ key: manageKey(manageToken), surgeryId, bookingId: id });
    const applied = await this.deps.queue.apply(surgeryId, (state, now) =>
      booking.bookSlot(
        state,
        {
          id,
          reference,
          manageToken,
          request: request.value,
          ward,
          channel: from.channel,
          ...(from.chatKey ? { chatKey: from.chatKey } : {}),
        },
        this.deps.outsideWard,
        now,
      ),
    );
    if (isRefusal(applied)) return applied;
    return { applied, state: applied.state, booking: applied.change.created };
  }

  findByReference(text: unknown): Promise<FoundBooking | undefined> {
    const reference = parseBookingReference(text);
    return reference ? this.find(referenceKey(reference), (b) => b.reference === reference) : Promise.resolve(undefined);
  }

  findByManageToken(token: string): Promise<FoundBooking | undefined> {
    return this.find(manageKey(token), (b) => b.manageToken === token);
  }

  cancel(found: FoundBooking): Promise<Applied | Refusal> {
    return this.deps.queue.apply(found.state.surgery.id, (state, now) => booking.cancelBooking(state, found.booking.id, now));
  }

  move(found: FoundBooking, slot: unknown): Promise<Applied | Refusal> {
    const index = booking.parseSlot(slot);
    if (index === undefined)
      return Promise.resolve(refuse('INPUT.INVALID', 'Choose a time.', [{ field: 'slot', message: 'Choose a time.' }]));
    return this.deps.queue.apply(found.state.surgery.id, (state, now) => booking.moveBooking(state, found.booking.id, index, now));
  }

  /** The chat's "Your time is booked" card, kept so a move updates it in place. */
  chatCardSent(surgeryId: string, bookingId: string, activityId: string): Promise<Applied | Refusal> {
    return this.deps.queue.apply(surgeryId, (state) => booking.noteChatCard(state, bookingId, activityId));
  }

  /** The booked resident joins the queue without being asked again for what they gave when booking. */
  /** An id for the visit a booking is about to become, so the resident's chat can point at it first. */
  newVisitId(): string {
    return this.deps.newId();
  }

  async checkIn(found: FoundBooking, from: Arrival, visitId: string = this.deps.newId()): Promise<Applied<Creating<Visit>> | Refusal> {
    const surgeryId = found.state.surgery.id;
    const statusToken = await this.deps.queue.statusTokenFor(surgeryId, visitId);
    return this.deps.queue.apply(surgeryId, (state, now) => {
      const change = booking.checkInBooking(
        state,
        found.booking.id,
        { visitId, statusToken, channel: from.channel, ...(from.chatKey ? { chatKey: from.chatKey } : {}) },
        now,
      );
      return isRefusal(change) ? change : noticeCheckInToEmptyQueue(state, change, now);
    });
  }

  markNoShow(surgeryId: string, bookingId: string): Promise<Applied | Refusal> {
    return this.deps.queue.apply(surgeryId, (state, now) => booking.markBookingNoShow(state, bookingId, now));
  }

  /** Records the reminders now due in every surgery with bookings ahead; the saved events send them. */
  async sendReminders(current: readonly Surgery[]): Promise<void> {
    const now = this.deps.clock();
    const dayAhead = new Date(now.getTime() + 25 * 3_600_000).toISOString();
    const soon = current.filter((s) => takesBookings(s) && s.status !== 'ended' && s.startsAt <= dayAhead && s.endsAt > now.toISOString());
    for (const surgery of soon) await this.deps.queue.apply(surgery.id, (state, at) => remindersDue(state, at));
  }

  private async linkReference(surgeryId: string, bookingId: string): Promise<string> {
    for (let draw = 1; ; draw++) {
      const reference = this.deps.newReference();
      try {
        await this.deps.links.create({ key: referenceKey(reference), surgeryId, bookingId });
        return reference;
      } catch (error) {
        if (!(error instanceof AlreadyExists) || draw >= REFERENCE_DRAWS) throw error;
      }
    }
  }

  private async find(key: string, matches: (b: Booking) => boolean): Promise<FoundBooking | undefined> {
    const link = await this.deps.links.get(key);
    const state = link && (await this.deps.queue.load(link.surgeryId));
    const found = state?.bookings?.find((b) => b.id === link!.bookingId && matches(b));
    return state && found ? { state, booking: found } : undefined;
  }
}
