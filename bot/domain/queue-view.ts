import type {
  FollowUpList,
  MeetingPendingView,
  PhoneNumberRow,
  QueueView,
  Reach,
  ResidentRow,
  SlotRow,
  SurgerySummary,
} from '../api-types';
import { SlotWithState, slotTimeline } from './slot-timeline';
import { takesBookings } from './slots';
import { phoneNumberWords } from './phone-resident';
import { WaitEstimate, WaitSettings, estimateWaits, estimateWaitsFor } from './wait-model';
import { describeWindow } from './wait-window';
import { callOrder } from './queue';
import { isActive } from './visit';
import { hasOpenCase } from './case-update';
import { reopenableUntil, visitUndoableUntil } from './reopen';
import type { DialIn } from './joining-advice';
import type { QueueState, Surgery, Visit } from './model';
import { topicWordsOf } from './topics';
import { knownChannel } from './channel';

export function surgerySummary(surgery: Surgery): SurgerySummary {
  const { id, ward, wardCode, startsAt, endsAt, joinUrl, dialIn, councillors, status, mode, slotMinutes, freeSlots } = surgery;
  return {
    id,
    ward,
    ...(wardCode ? { wardCode } : {}),
    startsAt,
    endsAt,
    joinUrl,
    ...(dialIn ? { dialIn } : {}),
    councillors,
    status,
    ...(surgery.endedAt ? { endedAt: surgery.endedAt } : {}),
    ...(surgery.cancelled ? { cancelledAt: surgery.cancelled.at } : {}),
    ...reopenable(surgery),
    ...(surgery.onBreak ? { onBreak: surgery.onBreak } : {}),
    ...(mode ? { mode } : {}),
    ...(slotMinutes !== undefined ? { slotMinutes } : {}),
    ...(freeSlots !== undefined ? { freeSlots } : {}),
  };
}

function reopenable(surgery: Surgery): Pick<SurgerySummary, 'reopenableUntil'> {
  const until = reopenableUntil(surgery);
  return until ? { reopenableUntil: until } : {};
}

const STAGE: Record<string, number> = { in_consultation: 0, called: 1, waiting: 2 };

function row(visit: Visit, position: number | undefined, estimate: WaitEstimate | undefined): ResidentRow {
  return {
    visitId: visit.id,
    lobbyTag: visit.lobbyTag,
    name: visit.name,
    postcode: visit.postcode,
    ...(visit.wardCheck ? { wardCheck: visit.wardCheck } : {}),
    ...(visit.postcodeWard ? { postcodeWard: visit.postcodeWard } : {}),
    issue: visit.issue,
    ...(visit.accessNeeds ? { accessNeeds: visit.accessNeeds } : {}),
    hasContact: visit.contact !== undefined,
    channel: knownChannel(visit.channel),
    status: visit.status,
    checkedInAt: visit.checkedInAt,
    ...(visit.calledAt ? { calledAt: visit.calledAt } : {}),
    ...(visit.calledBy ? { calledBy: visit.calledBy } : {}),
    ...(visit.joinedAt ? { joinedAt: visit.joinedAt } : {}),
    ...(visit.leftMeetingAt ? { leftMeetingAt: visit.leftMeetingAt } : {}),
    ...(visit.finishedAt ? { finishedAt: visit.finishedAt } : {}),
    ...(visit.outcome ? { outcome: visit.outcome } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(estimate
      ? {
          estimatedAdmitAt: estimate.admitAt.toISOString(),
          estimatedWindow: {
            earliest: estimate.earliest.toISOString(),
            latest: estimate.latest.toISOString(),
            words: describeWindow(estimate),
          },
          reach: estimate.reach,
        }
      : {}),
    ...(visit.lastMessage ? { lastMessage: visit.lastMessage } : {}),
    ...reachInsteadOf(visit),
    ...(visit.topic ? { topic: topicWordsOf(visit) } : {}),
    ...(visit.followUp !== undefined ? { followUp: visit.followUp } : {}),
    ...(visit.caseReference ? { caseReference: visit.caseReference } : {}),
    ...(visit.caseReference ? { caseOpen: hasOpenCase(visit) } : {}),
    ...(visit.messages ? { messages: visit.messages } : {}),
    ...(visit.caseUpdates ? { caseUpdates: visit.caseUpdates } : {}),
    ...phoneOf(visit),
    ...(visit.booked !== undefined ? { booked: visit.booked } : {}),
    ...(visit.slotStartsAt ? { slotStartsAt: visit.slotStartsAt } : {}),
  };
}

function slotRow(slot: SlotWithState): SlotRow {
  const { index, startsAt, endsAt, state, booking, visit } = slot;
  return {
    index,
    startsAt,
    endsAt,
    state,
    ...(booking
      ? {
          booking: {
            bookingId: booking.id,
            reference: booking.reference,
            name: booking.name,
            postcode: booking.postcode,
            issue: booking.issue,
            wardCheck: booking.wardCheck,
            ...(booking.postcodeWard ? { postcodeWard: booking.postcodeWard } : {}),
            ...(visit ? { visitId: visit.id, lobbyTag: visit.lobbyTag } : {}),
          },
        }
      : {}),
  };
}

/**
 * A message that did not reach the resident is the moment the number or email they gave for alerts is
 * shown, so a councillor can tell them another way; until then they chose to be reached through their chat.
 */
function reachInsteadOf(visit: Visit): Pick<ResidentRow, 'reachInstead'> {
  if (visit.lastMessage?.delivered !== false || !visit.contact) return {};
  const { kind, value } = visit.contact;
  return kind === 'mobile'
    ? { reachInstead: { kind: 'phone', phone: { tel: value, words: phoneNumberWords(value), mobile: true } } }
    : { reachInstead: { kind: 'email', email: value } };
}

/** Only residents added by phone show a number: the others chose to be reached through their chat. */
function phoneOf(visit: Visit): { phone?: PhoneNumberRow } {
  if (visit.channel !== 'phone') return {};
  const mobile = visit.contact?.kind === 'mobile' ? visit.contact.value : undefined;
  const tel = mobile ?? visit.phone;
  return tel ? { phone: { tel, words: phoneNumberWords(tel), mobile: mobile !== undefined } } : {};
}

/**
 * Teams shows someone who calls the meeting's phone line in the lobby by their number, masked but for its
 * last digits: what a councillor looks for when a resident who gave a number may call in.
 */
function dialInEndingOf(surgery: Surgery, visit: Visit): Pick<ResidentRow, 'dialInEnding'> {
  if (!surgery.dialIn) return {};
  const number = visit.contact?.kind === 'mobile' ? visit.contact.value : visit.phone;
  const digits = number?.replace(/\D/g, '') ?? '';
  return digits.length >= 6 ? { dialInEnding: digits.slice(-3) } : {};
}

/**
 * Waiting residents in the order they are expected to be called: by estimate, which puts a booked
 * resident at their slot among the drop-ins; ties keep the order a free councillor would call them in.
 */
function inExpectedOrder(state: QueueState, admitTime: (visitId: string) => number | undefined, now: Date): Visit[] {
  // Each resident's estimate and rank are looked up once, not at every comparison.
  const keyed = callOrder(state.visits, now).map((visit, rank) => ({ visit, rank, at: admitTime(visit.id) ?? 0 }));
  return keyed.sort((a, b) => a.at - b.at || a.rank - b.rank).map(({ visit }) => visit);
}

/**
 * What councillors see: the whole queue in call order, with positions and estimates. With
 * `calledAdmitMinutes`, a called resident's row says by when they were promised to be let in.
 */
export function buildQueueView(state: QueueState, wait: WaitSettings, now: Date, calledAdmitMinutes?: number): QueueView {
  const estimates = estimateWaits(state, wait, now);
  const positions = new Map(inExpectedOrder(state, (id) => estimates.get(id)?.admitAt.getTime(), now).map((v, i) => [v.id, i + 1]));
  const active = state.visits
    .filter(isActive)
    // Waiting residents in the order they are expected to be called, so a booked resident sits at their slot.
    .sort(
      (a, b) =>
        STAGE[a.status]! - STAGE[b.status]! ||
        (a.calledAt ?? '').localeCompare(b.calledAt ?? '') ||
        (positions.get(a.id) ?? 0) - (positions.get(b.id) ?? 0) ||
        a.ticket - b.ticket,
    )
    .map((v) => Object.assign(row(v, positions.get(v.id), estimates.get(v.id)), dialInEndingOf(state.surgery, v)))
    .map((r) =>
      r.status === 'called' && r.calledAt && calledAdmitMinutes !== undefined
        ? { ...r, admitPromisedBy: new Date(Date.parse(r.calledAt) + calledAdmitMinutes * 60_000).toISOString() }
        : r,
    );
  const finished = state.visits
    .filter((v) => !isActive(v))
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))
    .map((v) => {
      const until = visitUndoableUntil(state.surgery, v);
      return { ...row(v, undefined, undefined), ...(until ? { undoableUntil: until } : {}) };
    });
  const slots = takesBookings(state.surgery) ? { slots: slotTimeline(state, now).map(slotRow) } : {};
  return {
    surgery: surgerySummary(state.surgery),
    active,
    finished,
    ...slots,
    ...(noticeStillMeant(state.surgery) ? { meetingNotice: state.surgery.meetingNotice } : {}),
    ...(state.surgery.stageNoticesRefusedAt ? { stageNoticesRefusedAt: state.surgery.stageNoticesRefusedAt } : {}),
    ...(state.surgery.meetingApisRefusedAt ? { meetingApisRefusedAt: state.surgery.meetingApisRefusedAt } : {}),
    ...(state.surgery.meetingPending ? { meetingPending: meetingPendingView(state.surgery) } : {}),
    generatedAt: now.toISOString(),
  };
}

/**
 * Everyone whose issue the councillors follow up because the surgery did not see them: those it did not
 * reach and those who left their issue, open ones first, then by ticket. Anonymised visits have nothing left to follow up.
 */
export function buildFollowUps(state: QueueState): FollowUpList {
  const followUps = state.visits
    .filter((v) => (v.status === 'not_reached' || v.status === 'follow_up') && v.caseReference !== undefined && !v.anonymisedAt)
    .map((v) => ({
      ...row(v, undefined, undefined),
      why: v.status === 'not_reached' ? ('not_reached' as const) : ('left_issue' as const),
      ...(v.contact ? { contact: v.contact } : {}),
      open: hasOpenCase(v),
    }))
    .sort((a, b) => Number(b.open) - Number(a.open) || ticketOf(state, a.visitId) - ticketOf(state, b.visitId));
  return { surgeryId: state.surgery.id, followUps };
}

const ticketOf = (state: QueueState, visitId: string) => state.visits.find((v) => v.id === visitId)?.ticket ?? 0;

/** What one waiting resident is told about their place. */
export interface PlaceView {
  visitId: string;
  lobbyTag: string;
  ward: string;
  position: number;
  /** ISO times, like every view model: messages are stored as JSON before they are sent. */
  estimate: { admitAt: string; earliest: string; latest: string; reach: Reach };
  surgeryEndsAt: string;
  /** The meeting's phone line, when it has one, for the card's advice on joining. */
  dialIn?: DialIn;
  /**
   * The resident's own ward when their postcode is outside the surgery's. Only on the reply to check-in:
   * they are told once, not on every update of their place.
   */
  postcodeWard?: string;
}

function isoEstimate({ admitAt, earliest, latest, reach }: WaitEstimate): PlaceView['estimate'] {
  return { admitAt: admitAt.toISOString(), earliest: earliest.toISOString(), latest: latest.toISOString(), reach };
}

function placeOf(surgery: Surgery, visit: Visit, position: number, estimate: WaitEstimate): PlaceView {
  return {
    visitId: visit.id,
    lobbyTag: visit.lobbyTag,
    ward: surgery.ward,
    position,
    estimate: isoEstimate(estimate),
    surgeryEndsAt: surgery.endsAt,
    ...(surgery.dialIn ? { dialIn: surgery.dialIn } : {}),
  };
}

export function placesOfWaitingResidents(state: QueueState, wait: WaitSettings, now: Date): PlaceView[] {
  const estimates = estimateWaits(state, wait, now);
  return inExpectedOrder(state, (id) => estimates.get(id)?.admitAt.getTime(), now).map((visit, index) =>
    placeOf(state.surgery, visit, index + 1, estimates.get(visit.id)!),
  );
}

/**
 * One waiting resident's place, as placesOfWaitingResidents gives it, for a reply to them alone: the others'
 * places are not built only to be thrown away. Undefined when they are not waiting.
 */
export function placeOfWaitingResident(state: QueueState, visitId: string, wait: WaitSettings, now: Date): PlaceView | undefined {
  const { admitTimes, estimate } = estimateWaitsFor(state, wait, now, visitId);
  if (!estimate) return undefined;
  const order = inExpectedOrder(state, (id) => admitTimes.get(id), now);
  const index = order.findIndex((visit) => visit.id === visitId);
  return index < 0 ? undefined : placeOf(state.surgery, order[index]!, index + 1, estimate);
}

/** A start matters while the surgery is still to be opened; an end while it is still open. */
function noticeStillMeant(surgery: Surgery): boolean {
  const notice = surgery.meetingNotice;
  return notice !== undefined && (notice.kind === 'started' ? surgery.status === 'scheduled' : surgery.status === 'open');
}

/** What every councillor of the surgery is told of a change its Teams meeting does not show yet. */
function meetingPendingView(surgery: Surgery): MeetingPendingView {
  const { id, what, by, at, refused } = surgery.meetingPending!;
  return { id, what, by, at, organiser: surgery.createdBy, ...(refused ? { refused } : {}) };
}
