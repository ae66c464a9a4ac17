import { InWard, sameWard } from '../domain/ward';
import { QuotedReference } from '../domain/booking-reference';
import { WRONG_ANSWERS_ALLOWED, afterWrongAnswer, lockedFor } from '../domain/reference-tries';
import type { ReferenceTryRepository } from '../storage/ports';
import { PrivacyNotice } from '../domain/privacy-notice';
import { surgerySummary } from '../domain/queue-view';
import { Refusal, isRefusal } from '../domain/refusal';
import type { Surgery } from '../domain/model';
import { formatDay, formatTime } from '../domain/time-format';
import type { SurgerySummary } from '../api-types';
import { BookingService, FoundBooking } from './booking-service';
import { ResidentTurn } from './resident-messages';
import type { ResidentMessage } from '../domain/messages';
import { refusalReply, refusalWords } from './refusal-replies';
import { RememberedDetails, rememberChoice } from './remembered-details';
import { typedValues } from './form-values';
import { surgeriesPageUrl } from './surgeries-page';
import { bookingConfirmed } from './booking-confirmed';

// The booking form's fields, shown again beside what to fix.
const BOOKING_FIELDS = ['slot', 'name', 'address', 'postcode', 'issue', 'contact', 'accessNeeds', 'remember'];

export interface BookingConversationDeps {
  bookings: BookingService;
  clock: () => Date;
  privacy: PrivacyNotice;
  publicBaseUrl: string;
  remembered: RememberedDetails;
  tries: ReferenceTryRepository;
}

/** The parts of a visit the resident conversation answers with once a booked resident is in the queue. */
export type CheckedInReply = (surgeryId: string, visitId: string) => Promise<ResidentMessage>;

/** Booking a time through the bot, and checking in on the day with the booking reference. */
export class BookingConversation {
  constructor(private readonly deps: BookingConversationDeps) {}

  /** "book": the form for the one surgery taking bookings, a choice of several, or why there is none. */
  async start(chatKey?: string): Promise<ResidentMessage[]> {
    const bookable = await this.deps.bookings.bookable();
    if (bookable.length === 1) return this.form(bookable[0]!.id, {}, chatKey);
    if (bookable.length > 1) return [{ kind: 'choose_surgery', surgeries: bookable.map(surgerySummary), purpose: 'book' }];
    return [{ kind: 'no_bookings', ...(await this.nextSurgery()) }];
  }

  /** Whether any surgery can be booked now, for offering it where nothing else fits. */
  async canBook(): Promise<boolean> {
    return (await this.deps.bookings.bookable()).length > 0;
  }

  /** The booking form for a surgery, with its free times now. */
  async form(
    surgeryId: string,
    extra: { values?: Record<string, string>; problems?: { field: string; message: string }[]; note?: string } = {},
    chatKey?: string,
  ): Promise<ResidentMessage[]> {
    const free = surgeryId ? await this.deps.bookings.freeSlots(surgeryId) : undefined;
    if (!free || isRefusal(free))
      return [free ? refusalReply(free) : { kind: 'refused', message: 'That surgery cannot be booked.' }, ...(await this.start(chatKey))];
    if (free.slots.length === 0)
      return [{ kind: 'no_bookings', ward: free.state.surgery.ward, ...(await this.nextSurgery(free.state.surgery)) }];
    return [
      {
        kind: 'booking_form',
        surgery: surgerySummary(free.state.surgery),
        slots: free.slots.map((s) => ({ index: s.index, startsAt: s.startsAt })),
        privacy: this.deps.privacy,
        ...(await this.filledIn(chatKey, extra.values)),
        ...extra,
      },
    ];
  }

  /** A fresh form starts with the name and postcode the resident asked us to remember. */
  private async filledIn(
    chatKey: string | undefined,
    typed: Record<string, string> | undefined,
  ): Promise<{ values?: Record<string, string>; remembered?: boolean }> {
    if (!chatKey || typed) return {};
    const remembered = await this.deps.remembered.recall(chatKey);
    return remembered ? { values: { name: remembered.name, postcode: remembered.postcode }, remembered: true } : {};
  }

  /**
   * For "we may not reach you today": the booking form for the ward's next surgery when it takes
   * bookings and has a free time, with a reminder that the resident is still in today's queue.
   */
  async offerNextSurgery(ward: InWard, note: string, chatKey: string): Promise<ResidentMessage[] | undefined> {
    const next = (await this.deps.bookings.bookable()).find((s) => sameWard(s, ward) && s.status === 'scheduled');
    return next ? this.form(next.id, { note }, chatKey) : undefined;
  }

  /** Keeps the chat's "Your time is booked" card on its booking; a booking gone meanwhile has nothing to update. */
  async chatCardSent(surgeryId: string, bookingId: string, activityId: string): Promise<void> {
    await this.deps.bookings.chatCardSent(surgeryId, bookingId, activityId);
  }

  async book(turn: ResidentTurn, value: Record<string, unknown>): Promise<ResidentMessage[]> {
    const surgeryId = typeof value.surgeryId === 'string' ? value.surgeryId : '';
    if (!surgeryId)
      return [{ kind: 'refused', message: 'Sorry, I could not tell which surgery that was.' }, ...(await this.start(turn.chatKey))];
    const booked = await this.deps.bookings.book(surgeryId, value, { channel: turn.channel, chatKey: turn.chatKey });
    if (isRefusal(booked)) return this.refusedBooking(surgeryId, value, booked);
    // Kept for messages about the booking in this chat, with the resident's choice about remembering them.
    await this.deps.remembered.saveChat(turn.chatKey, turn.reference, rememberChoice(value, booked.booking, this.deps.clock()));
    return [bookingConfirmed(booked.booking, booked.state.surgery, this.deps.publicBaseUrl)];
  }

  /**
   * A resident sent their booking reference: they join the queue without being asked anything again. A
   * reference is printed, emailed and read out on the phone, so outside the chat it was booked in it
   * needs the booking's postcode too.
   */
  async checkIn(turn: ResidentTurn, quoted: QuotedReference, reply: CheckedInReply): Promise<ResidentMessage[]> {
    const booked = await this.deps.bookings.findByReference(quoted.reference);
    const found = booked && booked.booking.chatKey === turn.chatKey ? booked : await this.withPostcode(turn.chatKey, quoted, booked);
    if ('kind' in found) return [found];
    const visitId = this.deps.bookings.newVisitId();
    await this.deps.remembered.saveChat(turn.chatKey, turn.reference, undefined, { surgeryId: found.state.surgery.id, visitId });
    const applied = await this.deps.bookings.checkIn(found, { channel: turn.channel, chatKey: turn.chatKey }, visitId);
    if (isRefusal(applied)) return [{ kind: 'refused', message: checkInRefusalWords(found, applied) }];
    const visit = applied.change.created;
    return [
      { kind: 'booked_checked_in', name: found.booking.name, slotStartsAt: found.booking.slotStartsAt },
      await reply(applied.state.surgery.id, visit.id),
    ];
  }

  /**
   * The booking when the postcode quoted with its reference is the one it was booked with; otherwise what to
   * say, which is the same whether or not the reference exists. Wrong postcodes lock the reference in this chat.
   */
  private async withPostcode(
    chatKey: string,
    quoted: QuotedReference,
    booked: FoundBooking | undefined,
  ): Promise<FoundBooking | ResidentMessage> {
    const { reference, postcode } = quoted;
    const now = this.deps.clock();
    const locked = lockedFor(await this.deps.tries.get(chatKey, reference), now);
    if (locked !== undefined) return { kind: 'booking_locked', reference, minutes: locked };
    if (!postcode) return { kind: 'booking_postcode_needed', reference, ...(quoted.unreadable ? { unreadable: true } : {}) };
    if (booked && booked.booking.postcode === postcode) {
      await this.deps.tries.delete(chatKey, reference);
      return booked;
    }
    const tries = await this.deps.tries.update(chatKey, reference, (before) => afterWrongAnswer(before, now));
    const minutes = lockedFor(tries, now);
    return minutes !== undefined
      ? { kind: 'booking_locked', reference, minutes }
      : { kind: 'booking_not_matched', triesLeft: WRONG_ANSWERS_ALLOWED - tries.wrong };
  }

  private async refusedBooking(surgeryId: string, value: Record<string, unknown>, refusal: Refusal): Promise<ResidentMessage[]> {
    const values = typedValues(value, BOOKING_FIELDS);
    switch (refusal.code) {
      case 'INPUT.INVALID':
        return this.form(surgeryId, { values, problems: refusal.problems ?? [] });
      case 'BOOKING.SLOT_TAKEN': {
        const { slot: _gone, ...kept } = values;
        return this.form(surgeryId, { values: kept, problems: [{ field: 'slot', message: refusal.message }] });
      }
      default:
        return [refusalReply(refusal)];
    }
  }

  /** The next surgery a resident could come to instead: in the same ward as `after`, when given. */
  private async nextSurgery(after?: Surgery): Promise<{ next?: SurgerySummary; datesUrl: string }> {
    const now = this.deps.clock().toISOString();
    const next = (await this.deps.bookings.upcoming()).find(
      (s) => s.startsAt > now && s.id !== after?.id && (!after || sameWard(s, after)),
    );
    const datesUrl = surgeriesPageUrl(this.deps.publicBaseUrl);
    return next ? { next: surgerySummary(next), datesUrl } : { datesUrl };
  }
}

function checkInRefusalWords(found: FoundBooking, refusal: Refusal): string {
  if (refusal.code === 'SURGERY.NOT_OPEN') {
    const { slotStartsAt } = found.booking;
    return `Your appointment is on ${formatDay(slotStartsAt)} at ${formatTime(slotStartsAt)}. The surgery has not started yet: send me your reference again once it has.`;
  }
  return refusalWords(refusal);
}
