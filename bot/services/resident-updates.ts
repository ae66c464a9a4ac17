import { WaitSettings } from '../domain/wait-model';
import { placesOfWaitingResidents } from '../domain/queue-view';
import { placeCardNeedsUpdate, placeCardShows } from '../domain/place-card-news';
import { MessageKind, ResidentAlert, Visit } from '../domain/visit';
import { ChatRepository, OutboxEntry, OutboxRepository, ResidentChat } from '../storage/ports';
import { Applied, QueueService } from './queue-service';
import { BookingEvent, QueueEvent } from '../domain/queue';
import type { BookingReminder } from '../domain/booking-record';
import { formatTime } from '../domain/time-format';
import { whichDay } from './booking-notices';
import { ResidentMessage } from './resident-messages';
import { caseUpdateMessage, councillorMessage, visitSummary } from './consultation-messages';
import { alertEntryId, alertMessage } from './alert-messages';
import type { ContactPost } from './contact-post';
import { contactCopy } from './contact-messages';

export interface ResidentUpdatesDeps {
  chats: ChatRepository;
  outbox: OutboxRepository;
  /** Told when something was added to the outbox, so it is sent at once. */
  sendSoon: () => void;
  queue: QueueService;
  wait: WaitSettings;
  clock: () => Date;
  newId: () => string;
  calledAdmitMinutes: number;
  /** How many minutes ahead of their estimated call a resident is told it is nearly their turn. */
  gettingCloseMinutes: number;
  /** The address of a visit's status page, from its token. */
  statusUrl: (token: string) => string;
  onError: (error: unknown) => void;
  /** Sends the email or text copies of news to residents who gave a mobile or email; without it there are none. */
  contacts?: ContactPost;
  /** Told of each saved booking event (confirmations, reminders, cancellations go from there). */
  onBookingEvent?: (state: Applied['state'], event: BookingEvent) => Promise<void>;
}

type ClosedReason = 'called' | 'left' | 'not_reached' | 'finished';

function isBookingEvent(event: QueueEvent): event is BookingEvent {
  return 'bookingId' in event;
}

/** A resident has one place card at a time, so its pending update is one outbox entry, replaced by newer versions. */
const placeCardEntryId = (chatKey: string) => `place-${chatKey}`;

/**
 * Works out what a queue change means for each resident — a new message when called or not reached,
 * their place card updated in place — and writes it to the outbox, which sends it. Work for one surgery
 * runs in order, one change after another.
 */
export class ResidentUpdates {
  private readonly running = new Map<string, Promise<void>>();
  private lastStamp = 0;

  constructor(private readonly deps: ResidentUpdatesDeps) {}

  afterChange(applied: Applied): void {
    void this.inTurn(applied.state.surgery.id, () => this.deliver(applied));
  }

  /** Time passing moves estimates even when the queue does not: updates the place cards whose news changed. */
  refresh(surgeryId: string): Promise<void> {
    return this.inTurn(surgeryId, async () => {
      await this.refreshPlaceCards(surgeryId);
      this.deps.sendSoon();
    });
  }

  private inTurn(surgeryId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.running.get(surgeryId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch(this.deps.onError)
      .finally(() => {
        if (this.running.get(surgeryId) === next) this.running.delete(surgeryId);
      });
    this.running.set(surgeryId, next);
    return next;
  }

  /** Resolves when every change seen so far has been turned into outbox entries. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private async deliver({ change, state }: Applied): Promise<void> {
    const { surgery } = state;
    let queueMoved = false;
    for (const event of change.events) {
      if (event.type === 'checked_in') continue;
      if (event.type === 'messaged' || event.type === 'case_updated') {
        await this.sendCouncillorMessage(state, event);
        continue;
      }
      if (event.type === 'alerted') {
        await this.sendAlert(state, event.visitId, event.alert);
        continue;
      }
      if (isBookingEvent(event)) {
        await this.deps.onBookingEvent?.(state, event);
        if (event.type === 'booking_reminder') await this.remindInChat(state, event.bookingId, event.reminder);
        // A booking that will not come any more, or that came, moves everyone else's estimate.
        queueMoved ||= event.type === 'booking_cancelled' || event.type === 'booking_no_show' || event.type === 'booking_moved';
        continue;
      }
      queueMoved = true;
      if (event.type === 'surgery_ended') continue;
      const visit = state.visits.find((v) => v.id === event.visitId);
      if (!visit) continue;
      const chat = visit.chatKey ? await this.deps.chats.get(visit.chatKey) : undefined;
      if (event.type === 'called') {
        await this.send(visit, 'called', {
          kind: 'called',
          lobbyTag: visit.lobbyTag,
          joinUrl: surgery.joinUrl,
          ward: surgery.ward,
          admitWithinMinutes: this.deps.calledAdmitMinutes,
          ...this.statusUrlOf(visit),
        });
      } else if (event.type === 'not_reached') {
        await this.send(visit, 'not_reached', { kind: 'not_reached', ward: surgery.ward, lobbyTag: visit.lobbyTag });
      }
      const summary = event.type === 'finished' ? visitSummary(visit, surgery) : undefined;
      if (summary) await this.send(visit, 'summary', summary);
      // After the news itself, which matters more and is time-sensitive.
      if (chat) await this.closePlaceCard(visit, chat, event.type);
    }
    if (queueMoved) await this.refreshPlaceCards(surgery.id);
    this.deps.sendSoon();
  }

  /** Creation times strictly increase, so the outbox keeps messages to one resident in the order written. */
  private stamp(): string {
    this.lastStamp = Math.max(this.deps.clock().getTime(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  private entry(visit: Visit, fields: Pick<OutboxEntry, 'id' | 'action' | 'message'> & Partial<OutboxEntry>): OutboxEntry {
    const createdAt = this.stamp();
    return {
      chatKey: visit.chatKey!,
      surgeryId: visit.surgeryId,
      visitId: visit.id,
      status: 'pending',
      attempts: 0,
      createdAt,
      nextAttemptAt: createdAt,
      ...fields,
    };
  }

  private async send(visit: Visit, kind: MessageKind, message: ResidentMessage): Promise<void> {
    await this.sendNews(visit, this.deps.newId(), kind, message);
  }

  /** To the resident's chat if they have one, and by email or text if they gave a contact (see contactCopy). */
  private async sendNews(visit: Visit, id: string, record: MessageKind, message: ResidentMessage): Promise<void> {
    if (visit.chatKey) await this.deps.outbox.put(this.entry(visit, { id, action: 'send', message, record }));
    const copy = contactCopy(visit, id, record, message);
    if (copy && this.deps.contacts) await this.deps.contacts.post(copy);
  }

  private statusUrlOf(visit: Visit): { statusUrl?: string } {
    return visit.statusToken ? { statusUrl: this.deps.statusUrl(visit.statusToken) } : {};
  }

  /** The outbox entry's id is the message's (or update's), so its delivery is recorded against that one. */
  private async sendCouncillorMessage(
    state: Applied['state'],
    event: Extract<QueueEvent, { type: 'messaged' | 'case_updated' }>,
  ): Promise<void> {
    const visit = state.visits.find((v) => v.id === event.visitId);
    if (!visit) return;
    const [id, record, message] =
      event.type === 'messaged'
        ? [event.messageId, 'message' as const, councillorMessage(visit, state.surgery, event.messageId)]
        : [event.updateId, 'case_update' as const, caseUpdateMessage(visit, state.surgery, event.updateId)];
    if (message) await this.sendNews(visit, id, record, message);
  }

  private async sendAlert(state: Applied['state'], visitId: string, alert: ResidentAlert): Promise<void> {
    const visit = state.visits.find((v) => v.id === visitId);
    if (!visit) return;
    const context = {
      wait: this.deps.wait,
      gettingCloseMinutes: this.deps.gettingCloseMinutes,
      now: this.deps.clock(),
      ...this.statusUrlOf(visit),
    };
    const message = alertMessage(state, visit, alert, context);
    if (message) await this.sendNews(visit, alertEntryId(visit.id, alert), 'alert', message);
  }

  /** A resident who booked in a chat is reminded there too, as well as by email or text. */
  private async remindInChat(state: Applied['state'], bookingId: string, reminder: BookingReminder): Promise<void> {
    const booking = state.bookings?.find((b) => b.id === bookingId);
    const sentAt = booking?.reminders?.[reminder];
    if (!booking?.chatKey || !sentAt) return;
    const when = `${whichDay(booking.slotStartsAt, this.deps.clock())} at ${formatTime(booking.slotStartsAt)}`;
    const message: ResidentMessage = { kind: 'booking_reminder', ward: state.surgery.ward, reference: booking.reference, when };
    const createdAt = this.stamp();
    // Its id is fixed by the reminder, and add() never replaces: an event handled twice reminds once.
    await this.deps.outbox.add({
      id: `reminder-${booking.id}-${reminder}-${Date.parse(sentAt)}`,
      chatKey: booking.chatKey,
      surgeryId: booking.surgeryId,
      action: 'send',
      message,
      status: 'pending',
      attempts: 0,
      createdAt,
      nextAttemptAt: createdAt,
    });
  }

  private async closePlaceCard(visit: Visit, chat: ResidentChat, reason: ClosedReason): Promise<void> {
    if (!chat.placeCardActivityId) return;
    const message: ResidentMessage = { kind: 'place_closed', lobbyTag: visit.lobbyTag, reason };
    await this.deps.outbox.put(
      this.entry(visit, { id: placeCardEntryId(chat.chatKey), action: 'replace', activityId: chat.placeCardActivityId, message }),
    );
    const { placeCardActivityId: _closed, placeCardShows: _shown, ...rest } = chat;
    await this.deps.chats.put({ ...rest, updatedAt: this.deps.clock().toISOString() });
  }

  private async refreshPlaceCards(surgeryId: string): Promise<void> {
    const state = await this.deps.queue.load(surgeryId);
    if (!state) return;
    const visits = new Map(state.visits.map((v) => [v.id, v]));
    for (const place of placesOfWaitingResidents(state, this.deps.wait, this.deps.clock())) {
      const visit = visits.get(place.visitId)!;
      const chat = visit.chatKey ? await this.deps.chats.get(visit.chatKey) : undefined;
      const shows = placeCardShows(place);
      if (!chat?.placeCardActivityId || !placeCardNeedsUpdate(chat.placeCardShows, place)) continue;
      const message: ResidentMessage = { kind: 'place', place, ...this.statusUrlOf(visit) };
      await this.deps.outbox.put(
        this.entry(visit, {
          id: placeCardEntryId(chat.chatKey),
          action: 'replace',
          activityId: chat.placeCardActivityId,
          message,
          record: 'place',
        }),
      );
      await this.deps.chats.put({ ...chat, placeCardShows: shows, updatedAt: this.deps.clock().toISOString() });
    }
  }
}
