import { formatDay, formatTime } from '../domain/time-format';
import type { WardSlugs } from '../domain/ward-roster';
import type { Surgery, Visit } from '../domain/model';
import type { ResidentMessage } from '../domain/messages';

/**
 * Where a resident the surgery did not reach goes next: the ward's next surgery (its booking section when
 * it takes bookings), else the ward's page, which lists surgeries as they are planned.
 */
export function nextVisitUrl(surgery: Surgery, publicBaseUrl: string, slugOf: WardSlugs): string {
  const next = surgery.nextSurgery;
  if (!next) return `${publicBaseUrl}/surgeries/ward/${encodeURIComponent(slugOf(surgery))}`;
  const bookable = next.mode === 'bookings' || next.mode === 'both';
  return `${publicBaseUrl}/surgeries/${encodeURIComponent(next.id)}${bookable ? '#book' : ''}`;
}

/** The honest answer to a resident the surgery ended before reaching: their issue is kept, and where to come next. */
export function notReachedMessage(surgery: Surgery, visit: Visit, publicBaseUrl: string, slugOf: WardSlugs): ResidentMessage {
  return {
    kind: 'not_reached',
    ward: surgery.ward,
    lobbyTag: visit.lobbyTag,
    ...(visit.caseReference ? { caseReference: visit.caseReference } : {}),
    ...nextOf(surgery, publicBaseUrl, slugOf),
  };
}

type NextWords = Pick<Extract<ResidentMessage, { kind: 'not_reached' }>, 'ward' | 'caseReference' | 'nextUrl' | 'next'>;

/** That the resident's issue is kept, when it is, and where to come next. */
function keptAndNext(message: NextWords): string {
  const kept = message.caseReference
    ? ` Your issue is not lost: the councillors have it as case ${message.caseReference} and will follow it up with you.`
    : '';
  const next = message.next
    ? ` The next ${message.ward} surgery is on ${formatDay(message.next.startsAt)} at ${formatTime(message.next.startsAt)}. ${message.next.bookable ? 'Book a time' : 'Find out how to come'}: ${message.nextUrl}`
    : ` No other ${message.ward} surgery is planned yet. See when the next one is, and how to book: ${message.nextUrl}`;
  return `${kept}${next}`;
}

/** Said the same in chat and by email: what happened, that the issue is kept, and where to come next. */
export function notReachedWords(message: Extract<ResidentMessage, { kind: 'not_reached' }>): string {
  return `Sorry, the ${message.ward} surgery has ended before we could reach you (${message.lobbyTag}).${keptAndNext(message)}`;
}

/** The surgery residents came or booked for will not take place: what the councillors said, and where to come next. */
export function cancelledWords(message: Extract<ResidentMessage, { kind: 'surgery_cancelled' }>): string {
  const yours = message.bookingReference
    ? ` Your appointment (reference ${message.bookingReference}) is cancelled with it.`
    : message.lobbyTag
      ? ` You were in the queue as "${message.lobbyTag}".`
      : '';
  const said = message.message ? ` The councillors say: "${message.message}"` : '';
  return `Sorry, the ${message.ward} surgery on ${formatDay(message.startsAt)} at ${formatTime(message.startsAt)} has been cancelled.${yours}${said}${keptAndNext(message)}`;
}

/** Where a resident goes next after this surgery, as a message about it says it. */
export function nextOf(surgery: Surgery, publicBaseUrl: string, slugOf: WardSlugs): Pick<NextWords, 'nextUrl' | 'next'> {
  const next = surgery.nextSurgery;
  return {
    nextUrl: nextVisitUrl(surgery, publicBaseUrl, slugOf),
    ...(next ? { next: { startsAt: next.startsAt, bookable: next.mode === 'bookings' || next.mode === 'both' } } : {}),
  };
}

/** Said kindly, because a resident marked as not joining may have been in the lobby all along. */
export function noShowWords(message: Extract<ResidentMessage, { kind: 'no_show' }>): string {
  return `Sorry, we could not see you in the ${message.ward} surgery's meeting when it was your turn (${message.lobbyTag}), so the councillor moved on to the next resident. If you are still there, press "I'm here" in your chat with us within ${message.backWithinMinutes} minutes and you will be next. If now is not a good time, you can book or come to another surgery: ${message.nextUrl}`;
}

/** Said the same in chat, email and text: the councillors are on a break until about a time, or back from it. */
export function breakWords(message: Extract<ResidentMessage, { kind: 'surgery_break' }>): string {
  return message.until
    ? `The councillors at the ${message.ward} surgery are taking a short break until about ${formatTime(message.until)}. You keep your place as "${message.lobbyTag}". Your estimated time has moved on by the break, and we will tell you when they are back.`
    : `The councillors at the ${message.ward} surgery are back from their break. You are still in the queue as "${message.lobbyTag}", and we will tell you when it is your turn.`;
}

const REINSTATED_BECAUSE: Record<Extract<ResidentMessage, { kind: 'reinstated' }>['why'], (ward: string) => string> = {
  reopened: (ward) => `Good news: the ${ward} surgery is open again`,
  no_show_undone: (ward) => `Sorry, we marked you as not joining the ${ward} surgery by mistake`,
  not_reached_undone: (ward) => `Sorry, we marked you as not reached at the ${ward} surgery by mistake`,
};

/** Said the same in chat, email and text: why they are back, where they are, and what to do now. */
export function reinstatedWords(message: Extract<ResidentMessage, { kind: 'reinstated' }>): string {
  const back = `${REINSTATED_BECAUSE[message.why](message.ward)}. You are back in the queue as "${message.lobbyTag}".`;
  const withdrawn = message.withdrawnCase ? ` You will be seen today, so you do not need case ${message.withdrawnCase} we gave you.` : '';
  const now = message.called
    ? ` It is your turn: please join the meeting now and wait in the lobby. A councillor will let you in within about ${message.called.admitWithinMinutes} minutes. Join: ${message.called.joinUrl}`
    : ' We will tell you when it is your turn.';
  return `${back}${withdrawn}${now}`;
}
