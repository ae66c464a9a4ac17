import { parseCheckIn } from '../domain/check-in';
import { PrivacyNotice } from '../domain/privacy-notice';
import { placeOfWaitingResident, surgerySummary } from '../domain/queue-view';
import { WaitSettings } from '../domain/wait-model';
import type { Creating, QueueState, Surgery, Visit } from '../domain/model';
import { FieldProblem, isRefusal } from '../domain/refusal';
import { cleanLine } from '../domain/text';
import { isActive } from '../domain/visit';
import {
  ChatRepository,
  OutboxEntry,
  OutboxRepository,
  ResidentChat,
  StoredQueue,
  VersionedChat,
  placeCardEntryId,
} from '../storage/ports';
import { quotedReference } from '../domain/booking-reference';
import { takesDropIns } from '../domain/slots';
import { BookingConversation } from './booking-conversation';
import { RememberedDetails, rememberChoice } from './remembered-details';
import { typedValues } from './form-values';
import { Applied, QueueService } from './queue-service';
import { ResidentTurn } from './resident-messages';
import type { ResidentMessage } from '../domain/messages';
import { refusalReply, refusalWords } from './refusal-replies';
import { answerFeedback } from './feedback-answer';
import { answerMayNotBeReached } from './may-not-be-reached-choices';
import type { CardAction, MayNotBeReachedChoice } from './card-actions';
import { updatesInPlace } from '../domain/channel';
import type { TurnSends } from './turn-sends';

// The check-in form's fields, shown again beside what to fix.
const CHECK_IN_FIELDS = ['name', 'postcode', 'issue', 'contact', 'accessNeeds', 'remember'];

/** What a form shown again carries besides the resident's remembered details. */
interface FormFill {
  values?: Record<string, string>;
  problems?: FieldProblem[];
  byAppointment?: string[];
}

const EARLIER_VISIT_LEAVE =
  'That button was on a card from an earlier visit, so you are still in the queue. To leave, use the button on your latest card or type "leave".';

const NO_SURGERY_CHOSEN: FieldProblem = { field: 'surgeryId', message: 'Choose the surgery you are here for.' };

// A form's chat version when no chat was kept as it was offered. Versions are storage's ETags, never this.
const NO_CHAT_KEPT = 'none';
const MAX_CHAT_VERSION_LENGTH = 100;

/**
 * The chat's version for a check-in form to carry, so that the check-in can save the chat without reading it
 * again while it is unchanged: only when the chat points at no visit. A visit it points at may be active again
 * with the chat unchanged (an undo, a reopened surgery, "I'm here"), and only a read of the chat finds it.
 */
function formChatVersion(read: VersionedChat | undefined): string | undefined {
  if (!read) return NO_CHAT_KEPT;
  return read.chat.visit === null ? read.version : undefined;
}

/** The chat version a button's data carries: card data is the resident's to change, so it is only ever a hint. */
function chatVersionIn(value: Record<string, unknown>): string | undefined {
  const { chatVersion } = value;
  return typeof chatVersion === 'string' && chatVersion.length <= MAX_CHAT_VERSION_LENGTH ? chatVersion : undefined;
}

export interface ResidentConversationDeps {
  queue: QueueService;
  chats: ChatRepository;
  wait: WaitSettings;
  clock: () => Date;
  calledAdmitMinutes: number;
  privacy: PrivacyNotice;
  /** The address of a visit's status page, from its token. */
  statusUrl: (token: string) => string;
  /** The public list of surgery dates, for when none is planned. */
  datesUrl: string;
  booking: BookingConversation;
  remembered: RememberedDetails;
  outbox: OutboxRepository;
  /** Told when a reply was put in the outbox, so it is sent at once. */
  sendSoon: () => void;
  /** The turns this instance is answering, which a card kept as shown before its turn sends it waits for. */
  turnSends: TurnSends;
}

interface ActiveVisit {
  state: QueueState;
  visit: Visit;
}

const LEAVE_WORDS = new Set(['leave', 'leave queue', 'leave the queue', 'cancel', 'stop']);
const HELP_WORDS = new Set(['help', '?', 'menu']);
const BOOK_WORDS = new Set(['book', 'book a slot', 'book a time', 'booking', 'make a booking', 'appointment', 'book an appointment']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the bot does with each resident message: the check-in conversation, independent of any channel. */
export class ResidentConversation {
  constructor(private readonly deps: ResidentConversationDeps) {}

  /** The turns this instance is answering: the outbox lets a turn send its reply before anything newer. */
  get turnSends(): TurnSends {
    return this.deps.turnSends;
  }

  async handle(turn: ResidentTurn): Promise<ResidentMessage[]> {
    if (turn.shared) return [{ kind: 'ask_privately' }];
    if (isRecord(turn.value) && typeof turn.value.action === 'string') return this.handleAction(turn, turn.value.action, turn.value);
    if (turn.value !== undefined && turn.text === undefined)
      return [{ kind: 'refused', message: 'Sorry, I did not understand that.' }, { kind: 'help' }];
    const words = cleanLine(turn.text).toLowerCase();
    if (LEAVE_WORDS.has(words)) return this.leave(turn);
    if (HELP_WORDS.has(words)) return [{ kind: 'help' }];
    if (BOOK_WORDS.has(words)) return this.deps.booking.start(turn.chatKey);
    const quoted = quotedReference(words);
    if (quoted) return this.deps.booking.checkIn(turn, quoted, (surgeryId, visitId) => this.replyFor(surgeryId, visitId));
    // Both at once: the chat says where the resident is, the index which surgeries are open.
    const [read, current] = await Promise.all([this.deps.chats.read(turn.chatKey), this.deps.queue.currentSurgeries()]);
    const chat = read?.chat;
    const active = await this.activeVisitOf(turn.chatKey, chat, current);
    if (active) return [this.placeOrStatus(active)];
    return this.offerCheckIn(turn.chatKey, { surgeries: current, chat, version: formChatVersion(read) });
  }

  /**
   * Remembers a card the resident was just sent that later changes update in place. The place card is kept as
   * the chat's place card entry in the surgery's outbox, already sent, where every update of the queue reads
   * it; a "Your time is booked" card is kept on its booking, which every move of the booking reads.
   */
  async cardSent(turn: ResidentTurn, activityId: string | undefined, message: ResidentMessage): Promise<void> {
    if (!activityId) return;
    if (message.kind === 'booking_confirmed') {
      await this.deps.booking.chatCardSent(message.surgeryId, message.bookingId, activityId);
      return;
    }
    if (message.kind !== 'place') return;
    await this.deps.outbox.put(this.shownPlaceCard(turn.chatKey, message, activityId));
  }

  /**
   * The chat's place card entry for a card showing `message` as `activityId` (where it can be updated), already
   * sent, or (`held`) about to be sent by this turn: then nothing else goes to the chat until it has.
   */
  private shownPlaceCard(
    chatKey: string,
    message: ResidentMessage & { kind: 'place' },
    activityId: string | undefined,
    held = false,
  ): OutboxEntry {
    const clock = this.deps.clock();
    const now = clock.toISOString();
    return {
      ...(held ? { turnHold: this.deps.turnSends.holdFrom(clock) } : {}),
      id: placeCardEntryId(chatKey),
      chatKey,
      surgeryId: message.surgeryId,
      visitId: message.place.visitId,
      action: 'send',
      ...(activityId ? { activityId } : {}),
      message,
      status: 'sent',
      attempts: 1,
      createdAt: now,
      nextAttemptAt: now,
      finishedAt: now,
    };
  }

  /**
   * A reply that reports a saved check-in (the resident's place, or the welcome of a booked resident who
   * checked in with their reference) could not be delivered in the turn: it goes through the outbox instead,
   * tried again like any message to a resident, so they still hear and are never told that something went
   * wrong with a check-in that was saved. Returns false for a reply that reports nothing saved.
   *
   * Three writes, not one transaction: the chat is in the chats table, the work mark in the outbox's index
   * and the entry in the surgery's partition, and a transaction holds one partition of one table. Their
   * order is safe. The chat first: on its own it only points at the saved visit, so the resident's next
   * message finds their place. The mark next, so the sender never misses an entry written after it. The
   * entry last: if it is never written the turn failed, and the resident, who was told nothing, asks again
   * and is answered from the saved visit.
   */
  async replyNotDelivered(turn: ResidentTurn, message: ResidentMessage): Promise<boolean> {
    if (message.kind !== 'place' && message.kind !== 'booked_checked_in') return false;
    const active = await this.findActiveVisit(turn.chatKey);
    if (!active || (message.kind === 'place' && active.visit.id !== message.place.visitId)) return false;
    const { surgery } = active.state;
    const now = this.deps.clock().toISOString();
    // The chat keeps its visit and what it remembers, but no place card: the one the outbox sends is the one later updates replace.
    const chat = await this.deps.chats.get(turn.chatKey);
    await this.deps.chats.put({
      chatKey: turn.chatKey,
      reference: turn.reference,
      updatedAt: now,
      ...(chat?.remembered ? { remembered: chat.remembered } : {}),
      visit: { surgeryId: surgery.id, visitId: active.visit.id },
    });
    await this.deps.outbox.markWork(surgery.id, now);
    const entry = {
      chatKey: turn.chatKey,
      surgeryId: surgery.id,
      visitId: active.visit.id,
      action: 'send' as const,
      message,
      status: 'pending' as const,
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
    };
    if (message.kind === 'place') {
      // The chat's place card entry: once sent it holds the card's activity, which later updates replace. A
      // turn handled twice finds it there for this visit and sends one card. One the check-in kept as shown in
      // place of its form was not shown after all: a new card goes instead.
      const id = placeCardEntryId(turn.chatKey);
      const kept = (await this.deps.outbox.get(surgery.id, id))?.entry;
      const notShown = message.kept === true && kept?.status === 'sent' && kept.activityId === message.replacing;
      const { replacing: _notShown, kept: _keptAsShown, ...card } = message;
      if (kept?.visitId !== active.visit.id || notShown) await this.deps.outbox.put({ ...entry, message: card, id, record: 'place' });
    } else {
      // One per visit, so a turn handled twice sends it once; written at the card's moment, its id sorts before the card's.
      await this.deps.outbox.addAll(surgery.id, [{ ...entry, id: `check-in-greeting-${active.visit.id}` }]);
    }
    this.deps.sendSoon();
    return true;
  }

  /** What each button does. */
  private readonly actions: Record<CardAction, (turn: ResidentTurn, value: Record<string, unknown>) => Promise<ResidentMessage[]>> = {
    choose_surgery: (turn, value) => this.chooseSurgery(typeof value.surgeryId === 'string' ? value.surgeryId : '', turn.chatKey),
    check_in: (turn, value) => this.checkIn(turn, value),
    leave: (turn, value) => this.leave(turn, value.visitId),
    feedback: (turn, value) => answerFeedback(this.deps.queue, turn.chatKey, value),
    choose_booking_surgery: (turn, value) =>
      this.deps.booking.form(typeof value.surgeryId === 'string' ? value.surgeryId : '', {}, turn.chatKey),
    forget_me: async (turn) => {
      await this.deps.remembered.forget(turn.chatKey);
      return [{ kind: 'forgotten' }];
    },
    book: (turn, value) => this.deps.booking.book(turn, value),
    im_here: (turn, value) => this.imHere(turn, value),
    keep_waiting: (turn, value) => this.mayNotBeReachedChoice(turn, 'keep_waiting', value.visitId),
    next_surgery: (turn, value) => this.mayNotBeReachedChoice(turn, 'next_surgery', value.visitId),
    leave_issue: (turn, value) => this.mayNotBeReachedChoice(turn, 'leave_issue', value.visitId),
  };

  // Own keys only: an action named after an object's built-ins ("constructor") is no button of ours.
  private readonly isCardAction = (action: string): action is CardAction => Object.hasOwn(this.actions, action);

  private handleAction(turn: ResidentTurn, action: string, value: Record<string, unknown>): Promise<ResidentMessage[]> {
    if (!this.isCardAction(action))
      return Promise.resolve([{ kind: 'refused', message: 'Sorry, that button no longer works.' }, { kind: 'help' }]);
    return this.actions[action](turn, value);
  }

  /**
   * The check-in form, or what to do instead. `read`: the current surgeries and the chat, when the caller has
   * just read them, with the chat's version for the form. With several surgeries open the form asks which, so
   * that "hello" brings the form in one turn however many are open. `asked`: what the resident typed in a form
   * that came back without its surgery, shown again.
   */
  private async offerCheckIn(
    chatKey: string,
    read?: { surgeries: Surgery[]; chat: ResidentChat | undefined; version: string | undefined },
    asked?: Pick<FormFill, 'values' | 'problems'>,
  ): Promise<ResidentMessage[]> {
    const surgeries = read?.surgeries ?? (await this.deps.queue.currentSurgeries());
    const open = surgeries.filter((s) => s.status === 'open');
    const dropIns = open.filter(takesDropIns);
    const byAppointment = open.filter((s) => !takesDropIns(s)).map((s) => s.ward);
    if (open.length === 1) return this.checkInFormFor(open[0]!, chatKey, read, asked);
    if (dropIns.length > 0) return this.checkInFormFor(dropIns, chatKey, read, { ...asked, byAppointment });
    if (open.length > 1) return [{ kind: 'choose_surgery', surgeries: open.map(surgerySummary) }];
    const now = this.deps.clock().toISOString();
    const next = surgeries.find((s) => s.status === 'scheduled' && s.endsAt > now);
    const canBook = (await this.deps.booking.canBook()) ? { canBook: true } : {};
    const { datesUrl } = this.deps;
    return [
      next
        ? { kind: 'no_surgery_open', next: surgerySummary(next), ...canBook, datesUrl }
        : { kind: 'no_surgery_open', ...canBook, datesUrl },
    ];
  }

  /**
   * The check-in form for one surgery, or for a surgery by appointment only, how to check in with a booking; for
   * several, the form that asks which. `read`: the chat as the caller just read it, with the version the form may
   * carry.
   */
  private async checkInFormFor(
    surgery: Surgery | Surgery[],
    chatKey: string,
    read?: { chat: ResidentChat | undefined; version: string | undefined },
    fill: FormFill = {},
  ): Promise<ResidentMessage[]> {
    const listed = Array.isArray(surgery) ? surgery : [surgery];
    const one = listed.length === 1 ? listed[0] : undefined;
    if (one && !takesDropIns(one))
      return [{ kind: 'bookings_only', surgery: surgerySummary(one), canBook: await this.deps.booking.canBook() }];
    const remembered = read ? await this.deps.remembered.recallFrom(read.chat) : await this.deps.remembered.recall(chatKey);
    // Forgetting expired details changed the chat, so the version read before is out of date.
    const expired = read?.chat?.remembered !== undefined && !remembered;
    const recalled: Record<string, string> = remembered ? { name: remembered.name, postcode: remembered.postcode } : {};
    const values: Record<string, string> = { ...recalled, ...fill.values };
    const problems = (fill.problems ?? []).filter((p) => !one || p.field !== NO_SURGERY_CHOSEN.field);
    const filled = {
      ...(Object.keys(values).length > 0 ? { values } : {}),
      ...(remembered ? { remembered: true } : {}),
      // With one surgery open there is nothing to choose, so nothing to fix about it.
      ...(problems.length > 0 ? { problems } : {}),
      ...(fill.byAppointment?.length ? { byAppointment: fill.byAppointment } : {}),
    };
    const version = read?.version !== undefined && !expired ? { chatVersion: read.version } : {};
    const which = one ? { surgery: surgerySummary(one) } : { choices: listed.map(surgerySummary) };
    return [{ kind: 'check_in_form', ...which, privacy: this.deps.privacy, ...filled, ...version }];
  }

  /** What a resident now in the queue is told: their place, or that they are called. */
  private async replyFor(surgeryId: string, visitId: string): Promise<ResidentMessage> {
    const state = await this.deps.queue.load(surgeryId);
    const visit = state?.visits.find((v) => v.id === visitId);
    return state && visit ? this.placeOrStatus({ state, visit }) : { kind: 'not_in_queue' };
  }

  private async chooseSurgery(surgeryId: string, chatKey: string): Promise<ResidentMessage[]> {
    // Both at once: the form needs the chat (what it remembers, its version) whenever the surgery is open. The
    // surgery's own row says whether it is open: its residents are no part of the form.
    const [surgery, chat] = await Promise.all([
      surgeryId ? this.deps.queue.surgery(surgeryId) : undefined,
      surgeryId ? this.deps.chats.read(chatKey) : undefined,
    ]);
    if (surgery?.status === 'open') return this.checkInFormFor(surgery, chatKey, { chat: chat?.chat, version: formChatVersion(chat) });
    return [{ kind: 'refused', message: 'That surgery is not open now.' }, ...(await this.offerCheckIn(chatKey))];
  }

  private async checkIn(turn: ResidentTurn, value: Record<string, unknown>): Promise<ResidentMessage[]> {
    const surgeryId = typeof value.surgeryId === 'string' ? value.surgeryId : '';
    // A form that asked which surgery came back without one: asked again, with what the resident typed.
    if (!surgeryId)
      return this.offerCheckIn(turn.chatKey, undefined, { values: typedValues(value, CHECK_IN_FIELDS), problems: [NO_SURGERY_CHOSEN] });
    // The queue as this instance last saved it costs no request. The check-in decided on it is saved only if it is
    // still the stored queue (else decided again on a fresh read); anything else it would answer is answered from
    // the queue as read now, as it may be out of date.
    const saved = this.deps.queue.lastSavedQueue(surgeryId);
    const onSaved = saved && (await this.checkInTo(turn, value, surgeryId, saved, true));
    return onSaved || (await this.checkInTo(turn, value, surgeryId, await this.deps.queue.read(surgeryId), false))!;
  }

  /**
   * The check-in, decided on the queue `state`; `unconfirmed`: `state` was not read for this turn, so only a
   * check-in saved on it is answered, and anything else gives undefined, to be decided again on a fresh read.
   */
  private async checkInTo(
    turn: ResidentTurn,
    value: Record<string, unknown>,
    surgeryId: string,
    state: StoredQueue | undefined,
    unconfirmed: boolean,
  ): Promise<ResidentMessage[] | undefined> {
    if (!state || state.surgery.status !== 'open') {
      if (unconfirmed) return undefined;
      return [
        { kind: 'refused', message: 'That surgery is not open now, so I could not check you in.' },
        ...(await this.offerCheckIn(turn.chatKey)),
      ];
    }
    // The chat as the form was offered: saved unread if unchanged since, else read to see whether the resident is in a queue.
    const offered = chatVersionIn(value);
    const inQueue = state.visits.some((v) => v.chatKey === turn.chatKey && isActive(v));
    if (unconfirmed && inQueue) return undefined;
    const unread = offered !== undefined && !inQueue;
    let chat: ResidentChat | undefined;
    const activeNow = async (read?: QueueState): Promise<ActiveVisit | undefined> => {
      chat = await this.deps.chats.get(turn.chatKey);
      return this.activeVisitOf(turn.chatKey, chat, undefined, read);
    };
    const alreadyIn = (active: ActiveVisit): ResidentMessage[] => [
      { kind: 'refused', message: 'You are already in a queue.' },
      this.placeOrStatus(active),
    ];
    const active = unread ? undefined : await activeNow(state);
    if (active) return unconfirmed ? undefined : alreadyIn(active);
    if (!takesDropIns(state.surgery)) return unconfirmed ? undefined : this.checkInFormFor(state.surgery, turn.chatKey);

    const details = parseCheckIn(value);
    if (!details.ok) {
      if (unconfirmed) return undefined;
      return [
        {
          kind: 'check_in_form',
          surgery: surgerySummary(state.surgery),
          privacy: this.deps.privacy,
          values: typedValues(value, CHECK_IN_FIELDS),
          problems: details.problems,
          ...(offered !== undefined ? { chatVersion: offered } : {}),
        },
      ];
    }
    // The reference is saved before the visit, so a resident in the queue can always be messaged.
    const visitId = this.deps.queue.newVisitId();
    const choice = rememberChoice(value, details.value, this.deps.clock());
    const pointer = { surgeryId, visitId };
    const { remembered } = this.deps;
    const savedUnread =
      unread &&
      (await remembered.saveChatIfUnchanged(turn.chatKey, turn.reference, choice, pointer, offered === NO_CHAT_KEPT ? undefined : offered));
    if (!savedUnread) {
      // The chat changed since the form: its visit's queue is read afresh, as it may have changed with it.
      const activeSince = unread ? await activeNow() : undefined;
      if (activeSince) return alreadyIn(activeSince);
      await remembered.saveChat(turn.chatKey, turn.reference, choice, pointer, { chat });
    }
    const resident = { ...details.value, channel: turn.channel, chatKey: turn.chatKey };
    // Where the channel names the form, the place card takes its place: its activity is known before the check-in
    // is saved. Where the channel cannot update a card (Web Chat), its activity is never needed. Either way the card
    // is kept in the check-in's own transaction, with what it shows.
    const { pressed } = turn;
    const keepsCard = pressed !== undefined || !updatesInPlace(turn.channel);
    const kept: { reply?: ResidentMessage } = {};
    const shown = keepsCard
      ? (checkedIn: Applied<Creating<Visit>>) => {
          const reply = (kept.reply = this.checkInReply(checkedIn));
          return reply.kind === 'place' ? this.shownPlaceCard(turn.chatKey, reply, pressed, true) : undefined;
        }
      : undefined;
    const applied = await this.deps.queue.checkIn(surgeryId, resident, visitId, state, shown);
    // A refusal may have been decided on the queue unread: decided again on a fresh read.
    if (isRefusal(applied)) return unconfirmed ? undefined : [refusalReply(applied)];
    // The reply as kept, so the card shows exactly what its entry says it does.
    const reply = kept.reply ?? this.checkInReply(applied);
    return [reply.kind === 'place' && kept.reply ? { ...reply, kept: true, ...(pressed ? { replacing: pressed } : {}) } : reply];
  }

  /** What a resident just checked in is told. */
  private checkInReply({ state, change }: Applied<Creating<Visit>>): ResidentMessage {
    const visit = change.created;
    const reply = this.placeOrStatus({ state, visit });
    // Said once, here: later updates of the place card leave it out.
    if (reply.kind === 'place' && visit.wardCheck === 'outside' && visit.postcodeWard)
      return { ...reply, place: { ...reply.place, postcodeWard: visit.postcodeWard } };
    return reply;
  }

  private async mayNotBeReachedChoice(turn: ResidentTurn, choice: MayNotBeReachedChoice, visitId: unknown): Promise<ResidentMessage[]> {
    const active = await this.findActiveVisit(turn.chatKey);
    if (choice === 'next_surgery' && active && active.visit.id === visitId && active.visit.status === 'waiting') {
      const note = `You are still in today's queue as "${active.visit.lobbyTag}". Type "leave" if you would rather go.`;
      const form = await this.deps.booking.offerNextSurgery(active.state.surgery, note, turn.chatKey);
      if (form) return form;
    }
    const answer = await answerMayNotBeReached(this.deps.queue, choice, visitId, active, this.deps.clock(), this.deps.datesUrl);
    if (answer) return answer;
    const outOfDate: ResidentMessage = { kind: 'refused', message: 'Sorry, that choice is out of date, so I have not changed anything.' };
    return active ? [outOfDate, this.placeOrStatus(active)] : [outOfDate, { kind: 'not_in_queue' }];
  }

  /** Only the chat the no-show message went to can use its button: the visit must be this chat's. */
  private async imHere(turn: ResidentTurn, value: Record<string, unknown>): Promise<ResidentMessage[]> {
    const { surgeryId, visitId } = value;
    const state = typeof surgeryId === 'string' && typeof visitId === 'string' ? await this.deps.queue.load(surgeryId) : undefined;
    const visit = state?.visits.find((v) => v.id === visitId && v.chatKey === turn.chatKey);
    if (!state || !visit) return [{ kind: 'refused', message: 'Sorry, that button no longer works.' }, { kind: 'help' }];
    const applied = await this.deps.queue.returnAfterNoShow(state.surgery.id, visit.id);
    if (!isRefusal(applied)) return [{ kind: 'back_in_queue', lobbyTag: visit.lobbyTag }];
    if (visit.status === 'waiting' || visit.status === 'called') return [this.placeOrStatus({ state, visit })];
    return [
      {
        kind: 'refused',
        message: `${refusalWords(applied)} Please book or come to another surgery, or send me any message to check in again while the surgery is open.`,
      },
    ];
  }

  /** `visitId`: the visit whose card's button was pressed; none when the resident typed "leave". */
  private async leave(turn: ResidentTurn, visitId?: unknown): Promise<ResidentMessage[]> {
    const active = await this.findActiveVisit(turn.chatKey);
    if (!active) return [{ kind: 'not_in_queue' }];
    if (typeof visitId === 'string' && visitId !== active.visit.id)
      return [{ kind: 'refused', message: EARLIER_VISIT_LEAVE }, this.placeOrStatus(active)];
    const applied = await this.deps.queue.leave(active.state.surgery.id, active.visit.id);
    if (isRefusal(applied)) return [refusalReply(applied)];
    return [{ kind: 'left', lobbyTag: active.visit.lobbyTag }];
  }

  private placeOrStatus({ state, visit }: ActiveVisit): ResidentMessage {
    const statusUrl = visit.statusToken ? { statusUrl: this.deps.statusUrl(visit.statusToken) } : {};
    if (visit.status === 'called') {
      return {
        kind: 'called',
        lobbyTag: visit.lobbyTag,
        joinUrl: state.surgery.joinUrl,
        ...(state.surgery.dialIn ? { dialIn: state.surgery.dialIn } : {}),
        ward: state.surgery.ward,
        admitWithinMinutes: this.deps.calledAdmitMinutes,
        ...statusUrl,
      };
    }
    const place = placeOfWaitingResident(state, visit.id, this.deps.wait, this.deps.clock());
    return place ? { kind: 'place', place, surgeryId: state.surgery.id, ...statusUrl } : { kind: 'with_councillor' };
  }

  /** The resident's current visit, in whichever open surgery it is. */
  private async findActiveVisit(chatKey: string): Promise<ActiveVisit | undefined> {
    return this.activeVisitOf(chatKey, await this.deps.chats.get(chatKey));
  }

  /**
   * The visit the chat points at, while it is active. `current`, when the caller has it, saves reading a
   * queue whose surgery is not open, and `read`, a queue the caller has just read, reading that one again. Chats kept before they pointed at their visit are looked for in every
   * open surgery, as before.
   */
  private async activeVisitOf(
    chatKey: string,
    chat: ResidentChat | undefined,
    current?: Surgery[],
    read?: QueueState,
  ): Promise<ActiveVisit | undefined> {
    if (chat?.visit === undefined) {
      if (!chat) return undefined;
      const open = (current ?? (await this.deps.queue.currentSurgeries())).filter((s) => s.status === 'open');
      for (const surgery of open) {
        const state = await this.deps.queue.load(surgery.id);
        const visit = state?.visits.find((v) => v.chatKey === chatKey && isActive(v));
        if (state && visit) return { state, visit };
      }
      return undefined;
    }
    const pointer = chat.visit;
    if (!pointer || (current && !current.some((s) => s.id === pointer.surgeryId && s.status === 'open'))) return undefined;
    const state = read?.surgery.id === pointer.surgeryId ? read : await this.deps.queue.load(pointer.surgeryId);
    // Two sends of one form at once can leave the chat naming the send that lost the queue; the one that won is
    // in the same queue, under the same chat.
    const visit =
      state?.visits.find((v) => v.id === pointer.visitId && v.chatKey === chatKey && isActive(v)) ??
      state?.visits.find((v) => v.chatKey === chatKey && isActive(v));
    return state && visit ? { state, visit } : undefined;
  }
}
