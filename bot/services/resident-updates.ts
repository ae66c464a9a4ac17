import { WaitSettings } from '../domain/wait-model';
import { placesOfWaitingResidents } from '../domain/queue-view';
import { placeCardNeedsUpdate, placeCardShows } from '../domain/place-card-news';
import type { BookingEvent, BookingReminder, MessageKind, QueueEvent, QueueState, ResidentAlert, Surgery, Visit } from '../domain/model';
import {
  ChatRepository,
  ClosedPlaceCard,
  ConcurrencyConflict,
  OutboxEntry,
  OutboxPromise,
  OutboxRepository,
  OutboxWrite,
  ReopenedPlaceCard,
  ResidentOutboxEntry,
  StoredOutboxEntry,
  StoredOutboxPromise,
  SurgeryRepository,
  isResidentEntry,
  placeCardEntryId,
} from '../storage/ports';
import type { Applied } from './queue-service';
import { RETURN_WITHIN_MINUTES } from '../domain/queue';
import { formatTime } from '../domain/time-format';
import { bookingNoticeFor, whichDay } from './booking-notices';
import type { InviteSettings } from './booking-invite';
import type { ResidentMessage, StageNoticeMessage } from '../domain/messages';
import { meetingChatKey } from './chat-keys';
import { caseUpdateMessage, councillorMessage, visitSummary } from './consultation-messages';
import { alertEntryId, alertMessage } from './alert-messages';
import { contactCopy, estimateMovedCopy } from './contact-messages';
import { contactEntry } from './contact-outbox-post';
import { bookingConfirmed } from './booking-confirmed';
import { nextOf, nextVisitUrl, notReachedMessage } from './not-reached-message';
import { WardSlugs, wardSlugs } from '../domain/ward-roster';
import { updatesInPlace } from '../domain/channel';
import { Turns } from './turns';

export interface ResidentUpdatesDeps {
  chats: ChatRepository;
  outbox: OutboxRepository;
  /** Told when something was added to the outbox, so it is sent at once. */
  sendSoon: () => void;
  /** The queue as stored, for refreshing place cards: read from storage, so updates need no queue service. */
  surgeries: Pick<SurgeryRepository, 'loadQueue'>;
  wait: WaitSettings;
  clock: () => Date;
  newId: () => string;
  calledAdmitMinutes: number;
  /** How many minutes ahead of their estimated call a resident is told it is nearly their turn. */
  gettingCloseMinutes: number;
  /** Where residents' links start: the next surgery's page, say. */
  publicBaseUrl: string;
  /** The address of a visit's status page, from its token. */
  statusUrl: (token: string) => string;
  /** Booking confirmations, reminders and cancellations go by email or text; without these there are none. */
  bookingInvites?: InviteSettings;
}

function isBookingEvent(event: QueueEvent): event is BookingEvent {
  return 'bookingId' in event;
}

// Enough for every instance refreshing one resident's card in the same moment.
const REPLACE_ATTEMPTS = 10;

/** What every entry has as it is queued, before it is tried. */
type Queuing = 'status' | 'attempts' | 'createdAt' | 'nextAttemptAt';

/**
 * Works out what a queue change means for each resident — a new message when called or not reached,
 * their place card updated in place (or, in Web Chat, which cannot update a message, a new card when its news
 * is worth one), emails and texts — as a promise saved with the change (plan); then,
 * for the sender, turns a saved promise into outbox entries (expand). Work for one surgery runs in order.
 */
export class ResidentUpdates {
  /** Work for one surgery takes turns. */
  private readonly running = new Turns<string>();
  private lastStamp = 0;

  constructor(private readonly deps: ResidentUpdatesDeps) {}

  /** Ward pages are addressed by the roster's slug, as the pages themselves are served. */
  private readonly slugOf: WardSlugs = (ward) => (this.deps.bookingInvites?.wardSlugOf ?? wardSlugs(undefined))(ward);

  /** Everything a change promises residents, or undefined when it promises nothing. Pure apart from ids and times. */
  plan({ change, state }: Applied): OutboxPromise | undefined {
    const { surgery } = state;
    const entries: OutboxEntry[] = [];
    const closedPlaceCards: ClosedPlaceCard[] = [];
    const reopenedPlaceCards: ReopenedPlaceCard[] = [];
    let queueMoved = false;
    for (const event of change.events) {
      if (event.type === 'checked_in') continue;
      if (event.type === 'stage_notice') {
        entries.push(this.stageNotice(surgery.id, event));
        continue;
      }
      if (event.type === 'messaged' || event.type === 'case_updated') {
        entries.push(...this.councillorMessage(state, event));
        continue;
      }
      if (event.type === 'alerted') {
        entries.push(...this.alert(state, event.visitId, event.alert));
        continue;
      }
      if (event.type === 'estimate_moved') {
        entries.push(...this.estimateMoved(state, event));
        continue;
      }
      if (isBookingEvent(event)) {
        entries.push(...this.bookingNotice(state, event));
        if (event.type === 'booking_cancelled' && surgery.cancelled) entries.push(...this.cancelledInChat(state, event.bookingId));
        if (event.type === 'booking_cancelled' && !surgery.cancelled) entries.push(...this.bookingCancelledInChat(state, event.bookingId));
        if (event.type === 'booking_reminder') entries.push(...this.remindInChat(state, event.bookingId, event.reminder));
        if (event.type === 'booking_moved') entries.push(...this.movedInChat(state, event.bookingId));
        // A booking that will not come any more, or that came, moves everyone else's estimate.
        queueMoved ||= event.type === 'booking_cancelled' || event.type === 'booking_no_show' || event.type === 'booking_moved';
        continue;
      }
      queueMoved = true;
      if (event.type === 'paused' || event.type === 'resumed') {
        entries.push(...this.breakNews(state));
        continue;
      }
      // News about the whole surgery reaches residents waiting through their place cards, refreshed below.
      if (!('visitId' in event) || event.type === 'returned') continue;
      const visit = state.visits.find((v) => v.id === event.visitId);
      if (!visit) continue;
      if (event.type === 'reinstated') {
        entries.push(...this.reinstated(state, visit, event));
        if (visit.chatKey) reopenedPlaceCards.push({ visitId: visit.id, chatKey: visit.chatKey });
        continue;
      }
      if (event.type === 'called') {
        entries.push(
          ...this.news(visit, this.deps.newId(), 'called', {
            kind: 'called',
            lobbyTag: visit.lobbyTag,
            joinUrl: surgery.joinUrl,
            ...(surgery.dialIn ? { dialIn: surgery.dialIn } : {}),
            ward: surgery.ward,
            admitWithinMinutes: this.deps.calledAdmitMinutes,
            ...this.statusUrlOf(visit),
          }),
        );
      } else if (event.type === 'not_reached' && surgery.cancelled) {
        entries.push(...this.cancelled(state, visit, change.events));
      } else if (event.type === 'not_reached') {
        entries.push(
          ...this.news(visit, this.deps.newId(), 'not_reached', notReachedMessage(surgery, visit, this.deps.publicBaseUrl, this.slugOf)),
        );
      }
      if (event.type === 'finished' && visit.status === 'no_show') {
        const message: ResidentMessage = {
          kind: 'no_show',
          ward: surgery.ward,
          lobbyTag: visit.lobbyTag,
          surgeryId: surgery.id,
          visitId: visit.id,
          backWithinMinutes: RETURN_WITHIN_MINUTES,
          nextUrl: nextVisitUrl(surgery, this.deps.publicBaseUrl, this.slugOf),
        };
        entries.push(...this.news(visit, this.deps.newId(), 'no_show', message));
      }
      // Where the card cannot be closed in place, a chat that did not hear of the leave is told in a new message.
      if (event.type === 'left' && event.outsideChat && visit.chatKey && !updatesInPlace(visit.channel))
        entries.push(
          this.entry(visit, {
            id: this.deps.newId(),
            action: 'send',
            message: { kind: 'place_closed', lobbyTag: visit.lobbyTag, reason: 'left' },
          }),
        );
      const summary = event.type === 'finished' ? visitSummary(visit, surgery) : undefined;
      if (summary) entries.push(...this.news(visit, this.deps.newId(), 'summary', summary));
      // After the news itself, which matters more and is time-sensitive.
      if (visit.chatKey) {
        const reason = event.type === 'not_reached' && surgery.cancelled ? 'cancelled' : event.type;
        closedPlaceCards.push({ visitId: visit.id, chatKey: visit.chatKey, lobbyTag: visit.lobbyTag, reason, channel: visit.channel });
      }
    }
    if (entries.length === 0 && closedPlaceCards.length === 0 && !queueMoved) return undefined;
    const createdAt = this.stamp();
    return {
      id: `${createdAt}-${this.deps.newId()}`,
      surgeryId: surgery.id,
      createdAt,
      entries,
      closedPlaceCards,
      refreshPlaceCards: queueMoved,
      ...(reopenedPlaceCards.length > 0 ? { reopenedPlaceCards } : {}),
    };
  }

  /** Turns a saved promise into outbox entries, then deletes it. Safe to repeat: entries keep their ids. */
  expand(stored: StoredOutboxPromise): Promise<void> {
    const { promise } = stored;
    return this.inTurn(promise.surgeryId, async () => {
      await this.deps.outbox.addAll(promise.surgeryId, promise.entries);
      if (promise.closedPlaceCards.length > 0 || promise.refreshPlaceCards)
        await this.updatePlaceCards(promise.surgeryId, promise.closedPlaceCards, promise.refreshPlaceCards, promise.reopenedPlaceCards);
      await this.deps.outbox.fulfil(stored);
    });
  }

  /**
   * Time passing moves estimates even when the queue does not: updates the place cards whose news changed.
   * The surgery is marked as having work only when a card is to be written, so a quiet queue leaves the
   * outbox idle.
   */
  refresh(surgeryId: string): Promise<void> {
    return this.inTurn(surgeryId, async () => {
      const marked = await this.updatePlaceCards(surgeryId, [], true, [], () =>
        this.deps.outbox.markWork(surgeryId, this.deps.clock().toISOString()),
      );
      if (marked) this.deps.sendSoon();
    });
  }

  private inTurn(surgeryId: string, work: () => Promise<void>): Promise<void> {
    return this.running.run(surgeryId, work);
  }

  /**
   * Creation times strictly increase, so the outbox keeps messages to one resident in the order written;
   * each is due now (`this.now()`), which a stamp a millisecond or two ahead of the clock must not delay.
   */
  private stamp(): string {
    this.lastStamp = Math.max(this.deps.clock().getTime(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  /** To go now, after every message written before it. */
  private queued(): Pick<OutboxEntry, Queuing> {
    return { status: 'pending', attempts: 0, createdAt: this.stamp(), nextAttemptAt: this.now() };
  }

  private pending(fields: Omit<ResidentOutboxEntry, Queuing>): ResidentOutboxEntry {
    return { ...this.queued(), ...fields };
  }

  private entry(visit: Visit, fields: Omit<ResidentOutboxEntry, Queuing | 'chatKey' | 'surgeryId' | 'visitId'>): ResidentOutboxEntry {
    return this.pending({ chatKey: visit.chatKey!, surgeryId: visit.surgeryId, visitId: visit.id, ...fields });
  }

  /** Through the meeting chat, in line with nothing a resident is sent: Teams paces that chat on its own. */
  private stageNotice(surgeryId: string, event: Extract<QueueEvent, { type: 'stage_notice' }>): OutboxEntry {
    const message: StageNoticeMessage = {
      kind: 'stage_notice',
      meetingId: event.meetingId,
      recipients: event.recipients,
      notice: event.notice,
    };
    return { ...this.queued(), id: this.deps.newId(), chatKey: meetingChatKey(event.meetingId), surgeryId, action: 'send', message };
  }

  /** To the resident's chat if they have one, and by email or text if they gave a contact (see contactCopy). */
  private news(visit: Visit, id: string, record: MessageKind, message: ResidentMessage): OutboxEntry[] {
    const entries = visit.chatKey ? [this.entry(visit, { id, action: 'send', message, record })] : [];
    const copy = contactCopy(visit, id, record, message);
    return copy ? [...entries, contactEntry(copy, this.stamp(), this.now())] : entries;
  }

  /**
   * A resident back in the queue is told so, wherever they were told of the change undone. One waiting also
   * gets a fresh place card, after this news: see updatePlaceCards.
   */
  private reinstated(state: QueueState, visit: Visit, event: Extract<QueueEvent, { type: 'reinstated' }>): OutboxEntry[] {
    const { surgery } = state;
    const message: ResidentMessage = {
      kind: 'reinstated',
      ward: surgery.ward,
      lobbyTag: visit.lobbyTag,
      why: event.why,
      ...(event.withdrawnCase ? { withdrawnCase: event.withdrawnCase } : {}),
      ...(visit.status === 'called' ? { called: { joinUrl: surgery.joinUrl, admitWithinMinutes: this.deps.calledAdmitMinutes } } : {}),
      ...this.statusUrlOf(visit),
    };
    return this.news(visit, this.deps.newId(), 'reinstated', message);
  }

  /**
   * A resident waiting or called when the surgery was cancelled hears it in their chat and by their email or
   * text; one who booked has the email or text already, with the calendar's cancellation (bookingNotice).
   */
  private cancelled(state: QueueState, visit: Visit, events: QueueEvent[]): OutboxEntry[] {
    const message: ResidentMessage = {
      ...this.cancelledNews(state.surgery),
      lobbyTag: visit.lobbyTag,
      ...(visit.caseReference ? { caseReference: visit.caseReference } : {}),
    };
    const id = this.deps.newId();
    const bookingTold = events.some((e) => e.type === 'booking_cancelled' && e.bookingId === visit.bookingId);
    if (!bookingTold) return this.news(visit, id, 'not_reached', message);
    return visit.chatKey ? [this.entry(visit, { id, action: 'send', message, record: 'not_reached' })] : [];
  }

  private cancelledNews(surgery: Surgery): Extract<ResidentMessage, { kind: 'surgery_cancelled' }> {
    return {
      kind: 'surgery_cancelled',
      ward: surgery.ward,
      startsAt: surgery.startsAt,
      ...(surgery.cancelled?.message ? { message: surgery.cancelled.message } : {}),
      ...nextOf(surgery, this.deps.publicBaseUrl, this.slugOf),
    };
  }

  /** A resident who booked in a chat, and has not checked in, hears of the cancellation there too. */
  private cancelledInChat(state: QueueState, bookingId: string): OutboxEntry[] {
    const booking = state.bookings?.find((b) => b.id === bookingId);
    if (!booking?.chatKey || booking.visitId) return [];
    const message: ResidentMessage = { ...this.cancelledNews(state.surgery), bookingReference: booking.reference };
    return [
      // Fixed by the booking, so a promise expanded twice tells them once.
      this.pending({ id: `cancelled-${booking.id}`, chatKey: booking.chatKey, surgeryId: booking.surgeryId, action: 'send', message }),
    ];
  }

  private estimateMoved(state: QueueState, event: Extract<QueueEvent, { type: 'estimate_moved' }>): OutboxEntry[] {
    const visit = state.visits.find((v) => v.id === event.visitId);
    const copy = visit && estimateMovedCopy(visit, state.surgery.ward, event, this.deps.newId(), this.statusUrlOf(visit).statusUrl);
    return copy ? [contactEntry(copy, this.stamp(), this.now())] : [];
  }

  /** Everyone waiting or called hears of a break, with when the councillors expect to be back, and of its end. */
  private breakNews(state: QueueState): OutboxEntry[] {
    const { surgery } = state;
    return state.visits
      .filter((v) => v.status === 'waiting' || v.status === 'called')
      .flatMap((visit) =>
        this.news(visit, this.deps.newId(), 'break', {
          kind: 'surgery_break',
          ward: surgery.ward,
          lobbyTag: visit.lobbyTag,
          ...(surgery.onBreak ? { until: surgery.onBreak.until } : {}),
          ...this.statusUrlOf(visit),
        }),
      );
  }

  private statusUrlOf(visit: Visit): { statusUrl?: string } {
    return visit.statusToken ? { statusUrl: this.deps.statusUrl(visit.statusToken) } : {};
  }

  /** The outbox entry's id is the message's (or update's), so its delivery is recorded against that one. */
  private councillorMessage(state: QueueState, event: Extract<QueueEvent, { type: 'messaged' | 'case_updated' }>): OutboxEntry[] {
    const visit = state.visits.find((v) => v.id === event.visitId);
    if (!visit) return [];
    const [id, record, message] =
      event.type === 'messaged'
        ? [event.messageId, 'message' as const, councillorMessage(visit, state.surgery, event.messageId)]
        : [event.updateId, 'case_update' as const, caseUpdateMessage(visit, state.surgery, event.updateId)];
    return message ? this.news(visit, id, record, message) : [];
  }

  private alert(state: QueueState, visitId: string, alert: ResidentAlert): OutboxEntry[] {
    const visit = state.visits.find((v) => v.id === visitId);
    if (!visit) return [];
    const context = {
      wait: this.deps.wait,
      gettingCloseMinutes: this.deps.gettingCloseMinutes,
      now: this.deps.clock(),
      ...this.statusUrlOf(visit),
      nextUrl: nextVisitUrl(state.surgery, this.deps.publicBaseUrl, this.slugOf),
    };
    const message = alertMessage(state, visit, alert, context);
    return message ? this.news(visit, alertEntryId(visit.id, alert), 'alert', message) : [];
  }

  private bookingNotice(state: QueueState, event: BookingEvent): OutboxEntry[] {
    const notice = this.deps.bookingInvites && bookingNoticeFor(state, event, this.deps.bookingInvites, this.deps.clock());
    return notice ? [contactEntry(notice, this.stamp(), this.now())] : [];
  }

  /**
   * A resident who booked in a chat hears there too that their booking was cancelled, and its "Your time is
   * booked" card says so in place, so the chat never shows a booking that is gone.
   */
  private bookingCancelledInChat(state: QueueState, bookingId: string): OutboxEntry[] {
    const booking = state.bookings?.find((b) => b.id === bookingId);
    if (!booking?.chatKey) return [];
    const message: ResidentMessage = {
      kind: 'booking_cancelled',
      ward: state.surgery.ward,
      reference: booking.reference,
      when: `${whichDay(booking.slotStartsAt, this.deps.clock())} at ${formatTime(booking.slotStartsAt)}`,
      bookUrl: nextVisitUrl(state.surgery, this.deps.publicBaseUrl, this.slugOf),
    };
    const where = { chatKey: booking.chatKey, surgeryId: booking.surgeryId };
    // Fixed by the booking, so a promise expanded twice tells them once.
    const card =
      booking.chatCardActivityId && updatesInPlace(booking.channel)
        ? [
            this.pending({
              id: `booking-card-${booking.id}-cancelled`,
              ...where,
              action: 'replace',
              activityId: booking.chatCardActivityId,
              message,
            }),
          ]
        : [];
    return [...card, this.pending({ id: `booking-cancelled-${booking.id}`, ...where, action: 'send', message })];
  }

  /**
   * A resident who booked in a chat, and has not checked in, hears there too that their time moved, and the
   * chat's "Your time is booked" card is updated in place, so it never shows the old time.
   */
  private movedInChat(state: QueueState, bookingId: string): OutboxEntry[] {
    const booking = state.bookings?.find((b) => b.id === bookingId);
    if (!booking?.chatKey || booking.visitId) return [];
    const when = `${whichDay(booking.slotStartsAt, this.deps.clock())} at ${formatTime(booking.slotStartsAt)}`;
    const message: ResidentMessage = { kind: 'booking_moved', ward: state.surgery.ward, reference: booking.reference, when };
    // Fixed by the move, so a promise expanded twice tells them once.
    const move = `${booking.id}-${booking.changedAt ?? booking.slotStartsAt}`;
    const where = { chatKey: booking.chatKey, surgeryId: booking.surgeryId };
    const card =
      booking.chatCardActivityId && updatesInPlace(booking.channel)
        ? [
            this.pending({
              id: `booking-card-${move}`,
              ...where,
              action: 'replace',
              activityId: booking.chatCardActivityId,
              message: bookingConfirmed(booking, state.surgery, this.deps.publicBaseUrl),
            }),
          ]
        : [];
    return [...card, this.pending({ id: `moved-${move}`, ...where, action: 'send', message })];
  }

  /** A resident who booked in a chat is reminded there too, as well as by email or text. */
  private remindInChat(state: QueueState, bookingId: string, reminder: BookingReminder): OutboxEntry[] {
    const booking = state.bookings?.find((b) => b.id === bookingId);
    const sentAt = booking?.reminders?.[reminder];
    if (!booking?.chatKey || !sentAt) return [];
    const when = `${whichDay(booking.slotStartsAt, this.deps.clock())} at ${formatTime(booking.slotStartsAt)}`;
    const message: ResidentMessage = { kind: 'booking_reminder', ward: state.surgery.ward, reference: booking.reference, when };
    return [
      this.pending({
        // Fixed by the reminder, so an event handled twice reminds once.
        id: `reminder-${booking.id}-${reminder}-${Date.parse(sentAt)}`,
        chatKey: booking.chatKey,
        surgeryId: booking.surgeryId,
        action: 'send',
        message,
      }),
    ];
  }

  /**
   * Closes the cards of residents no longer waiting and brings the others' up to date: one read of the
   * queue and one of every card, then one write per card whose news changed, in as few requests as storage
   * allows. A card read before this surgery's cards were kept in the outbox is found through its chat.
   * A resident waiting again (reopened) whose card the undone change closed gets a fresh card in its place.
   * `beforeWrite` runs before any card is written (the sender must be able to find them); returns whether
   * any was.
   */
  private async updatePlaceCards(
    surgeryId: string,
    closed: ClosedPlaceCard[],
    refresh: boolean,
    reopened: ReopenedPlaceCard[] = [],
    beforeWrite: () => Promise<void> = async () => {},
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.updatePlaceCardsOnce(surgeryId, closed, refresh, reopened, beforeWrite);
      } catch (error) {
        // Another instance changed a card meanwhile: read them again and write what is still news.
        if (!(error instanceof ConcurrencyConflict) || attempt >= REPLACE_ATTEMPTS) throw error;
      }
    }
  }

  private async updatePlaceCardsOnce(
    surgeryId: string,
    closed: ClosedPlaceCard[],
    refresh: boolean,
    reopened: ReopenedPlaceCard[],
    beforeWrite: () => Promise<void>,
  ): Promise<boolean> {
    const [state, cards] = await Promise.all([
      refresh ? this.deps.surgeries.loadQueue(surgeryId) : undefined,
      this.deps.outbox.placeCards(surgeryId),
    ]);
    const cardOfChat = new Map(cards.map((stored) => [stored.entry.chatKey, stored]));
    const writes = new Map<string, OutboxWrite>();
    for (const { visitId, chatKey, lobbyTag, reason, channel } of closed) {
      const card = await this.cardOf(surgeryId, visitId, chatKey, cardOfChat.get(chatKey), !channel || updatesInPlace(channel));
      if (card && card.shows !== 'closed') writes.set(chatKey, card.write({ kind: 'place_closed', lobbyTag, reason }));
    }
    const visits = new Map(state?.visits.map((v) => [v.id, v]));
    const places = state ? placesOfWaitingResidents(state, this.deps.wait, this.deps.clock()) : [];
    const reopenedVisits = new Set(reopened.map((card) => card.visitId));
    for (const place of places) {
      const visit = visits.get(place.visitId)!;
      if (!visit.chatKey || writes.has(visit.chatKey)) continue;
      const stored = cardOfChat.get(visit.chatKey);
      if (reopenedVisits.has(visit.id) && isClosedCardOf(stored, visit.id)) {
        const message: ResidentMessage = { kind: 'place', place, surgeryId, ...this.statusUrlOf(visit) };
        const entry = this.entry(visit, { id: placeCardEntryId(visit.chatKey), action: 'send', message, record: 'place' });
        writes.set(visit.chatKey, { entry, ...(stored ? { etag: stored.etag } : {}) });
        continue;
      }
      const inPlace = updatesInPlace(visit.channel);
      const card = await this.cardOf(surgeryId, visit.id, visit.chatKey, stored, inPlace);
      if (!card) continue;
      const news = card.shows === 'closed' ? reopenedVisits.has(visit.id) : placeCardNeedsUpdate(card.shows, place, inPlace);
      if (!news) continue;
      // A delivered update changes nothing the tab shows unless the last thing it showed was a failure.
      const quiet = visit.lastMessage === undefined || (visit.lastMessage.kind === 'place' && visit.lastMessage.delivered);
      writes.set(visit.chatKey, card.write({ kind: 'place', place, surgeryId, ...this.statusUrlOf(visit) }, quiet));
    }
    if (writes.size === 0) return false;
    await beforeWrite();
    await this.deps.outbox.saveAll(surgeryId, [...writes.values()]);
    return true;
  }

  /**
   * The card a chat holds for a visit, and how to write its next version: an update of a version still
   * waiting to go keeps that one's place in line and its attempts; otherwise the card is replaced in place or,
   * where the channel cannot update it (`inPlace` false), sent as a new card. There a card is closed without a
   * word: the news that closed it (called, left, not reached...) is a message of its own.
   */
  private async cardOf(
    surgeryId: string,
    visitId: string,
    chatKey: string,
    stored: StoredOutboxEntry | undefined,
    inPlace: boolean,
  ): Promise<{ shows: string | undefined; write: (message: ResidentMessage, quiet?: boolean) => OutboxWrite } | undefined> {
    const now = this.now();
    const recording = (message: ResidentMessage, quiet?: boolean): Pick<OutboxEntry, 'record' | 'recordFailureOnly'> =>
      message.kind === 'place' ? { record: 'place', ...(quiet ? { recordFailureOnly: true } : {}) } : {};
    const unsaid = (message: ResidentMessage) => !inPlace && message.kind === 'place_closed';
    const fresh = (
      activityId: string | undefined,
      message: ResidentMessage,
      quiet?: boolean,
      laneSends?: number[],
    ): ResidentOutboxEntry => ({
      id: placeCardEntryId(chatKey),
      chatKey,
      surgeryId,
      visitId,
      ...(inPlace && activityId ? { action: 'replace' as const, activityId } : { action: 'send' as const }),
      message,
      ...recording(message, quiet),
      // Kept as the card's last word, so a reopened visit finds its card closed, but never sent.
      ...(unsaid(message) ? { status: 'sent' as const, finishedAt: now } : { status: 'pending' as const }),
      attempts: 0,
      createdAt: this.stamp(),
      nextAttemptAt: now,
      // The card's last send still counts against the chat's limits, for whichever instance sends this one.
      ...(laneSends ? { laneSends } : {}),
    });
    if (!stored) {
      const chat = await this.deps.chats.get(chatKey);
      const activityId = chat?.placeCardActivityId;
      if (!activityId || (chat.visit && chat.visit.visitId !== visitId)) return undefined;
      return { shows: chat.placeCardShows, write: (message, quiet) => ({ entry: fresh(activityId, message, quiet) }) };
    }
    const { entry, etag } = stored;
    if (!isResidentEntry(entry) || entry.visitId !== visitId) return undefined;
    const shown = entry.message;
    const shows = shown.kind === 'place' ? placeCardShows(shown.place) : 'closed';
    const { activityId, laneSends, turnHold } = entry;
    // A card its check-in's turn may still be sending: the next version waits for it, not to arrive before it.
    const held = turnHold && turnHold.until > now ? { turnHold } : {};
    if (entry.status === 'pending' && (inPlace || entry.action === 'send')) {
      const { record: _record, recordFailureOnly: _quiet, ...kept } = entry;
      const write = (message: ResidentMessage, quiet?: boolean): OutboxEntry =>
        unsaid(message) ? fresh(activityId, message, quiet, laneSends) : { ...kept, message, ...recording(message, quiet) };
      return { shows, write: (message, quiet) => ({ entry: write(message, quiet), etag }) };
    }
    if ((inPlace && !activityId) || entry.reason === 'chat_closed') return undefined;
    return { shows, write: (message, quiet) => ({ entry: { ...fresh(activityId, message, quiet, laneSends), ...held }, etag }) };
  }
}

/**
 * Whether a reopened resident's card is closed for good: none kept, or theirs, closed and no longer waiting
 * to go. A close still waiting to go is turned back into a place update of the card it would have closed.
 */
function isClosedCardOf(stored: StoredOutboxEntry | undefined, visitId: string): boolean {
  if (!stored) return true;
  const { entry } = stored;
  return (
    entry.visitId === visitId &&
    entry.status !== 'pending' &&
    entry.reason !== 'chat_closed' &&
    !(isResidentEntry(entry) && entry.message.kind === 'place')
  );
}
