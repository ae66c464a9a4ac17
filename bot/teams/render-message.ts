import { Activity, ActivityTypes, CardFactory, TextFormatTypes } from 'botbuilder';
import { aheadAtLeastWords, peopleAheadAtLeast } from '../domain/place-words';
import { LOCK_MINUTES } from '../domain/reference-tries';
import { formatTime } from '../domain/time-format';
import { breakWords, cancelledWords, noShowWords, notReachedWords, reinstatedWords } from '../services/not-reached-message';
import { noShowCard } from './cards/no-show-card';
import type { ResidentMessage } from '../domain/messages';
import { calledCard } from './cards/called-card';
import { checkInCard, surgeryTimes } from './cards/check-in-card';
import { chooseSurgeryCard } from './cards/choose-surgery-card';
import { AdaptiveCard } from './cards/card-parts';
import { placeCard, placeClosedCard } from './cards/place-card';
import { summaryCard } from './cards/summary-card';
import { gettingCloseCard } from './cards/getting-close-card';
import { mayNotBeReachedCard } from './cards/may-not-be-reached-card';
import { bookingFormCard, slotTitle } from './cards/booking-form-card';
import { bookingConfirmedCard } from './cards/booking-confirmed-card';

/** The Adaptive Card for a message, or undefined for messages that are plain text. */
export function cardFor(message: ResidentMessage): AdaptiveCard | undefined {
  switch (message.kind) {
    case 'check_in_form':
      return checkInCard(message);
    case 'choose_surgery':
      return chooseSurgeryCard(message.surgeries, message.purpose);
    case 'booking_form':
      return bookingFormCard(message);
    case 'booking_confirmed':
      return bookingConfirmedCard(message);
    case 'place':
      return placeCard(message.place, message.statusUrl);
    case 'place_closed':
      return placeClosedCard(message.lobbyTag, message.reason);
    case 'called':
      return calledCard(message);
    case 'visit_summary':
      return summaryCard(message);
    case 'getting_close':
      return gettingCloseCard(message);
    case 'may_not_be_reached':
      return mayNotBeReachedCard(message);
    case 'no_show':
      return noShowCard(message);
    default:
      return undefined;
  }
}

/** The words of a plain-text message, and the summary shown in notifications for a card. */
export function textFor(message: ResidentMessage): string {
  switch (message.kind) {
    case 'check_in_form':
      return message.surgery ? `Check in for the ${message.surgery.ward} surgery` : 'Check in for a surgery';
    case 'choose_surgery':
      return message.purpose === 'book' ? 'Which surgery would you like to book?' : 'Which surgery are you here for?';
    case 'bookings_only':
      return message.canBook
        ? `The ${message.surgery.ward} surgery sees residents by appointment. If you have booked, send me your booking reference, like SQ-7KM4-Q2XD. To book a time, type "book".`
        : `The ${message.surgery.ward} surgery sees residents by appointment. If you have booked, send me your booking reference, like SQ-7KM4-Q2XD.`;
    case 'booking_form':
      return `Book a time at the ${message.surgery.ward} surgery`;
    case 'booking_confirmed':
      return `Your time is booked: ${slotTitle(message.slotStartsAt)} at the ${message.ward} surgery. Your reference is ${message.reference}.`;
    case 'no_bookings':
      return message.next
        ? `There are no times left to book${message.ward ? ` at the ${message.ward} surgery` : ''}. The next surgery is the ${message.next.ward} surgery on ${surgeryTimes(message.next)}${message.next.mode === 'bookings' ? '' : ', and you can drop in without booking'}.`
        : `There are no times left to book${message.ward ? ` at the ${message.ward} surgery` : ''} just now. New dates are listed at ${message.datesUrl}`;
    case 'booking_moved':
      return `Your appointment at the ${message.ward} surgery has moved: it is now ${message.when}. Your reference is still ${message.reference}, and your old time is free for someone else.`;
    case 'booking_cancelled':
      return `Your appointment at the ${message.ward} surgery ${message.when} (reference ${message.reference}) is cancelled, and the time is free for someone else. To book another time: ${message.bookUrl}`;
    case 'booking_reminder':
      return `Reminder: your appointment at the ${message.ward} surgery is ${message.when}. Your reference is ${message.reference}. Once the surgery has started, send me your reference to check in, and I will tell you when it is your turn.`;
    case 'forgotten':
      return 'Done: I have forgotten your name and postcode. I will ask for them next time.';
    case 'booked_checked_in':
      return `Welcome, ${message.name}. You are checked in for your ${formatTime(message.slotStartsAt)} appointment. We will call you at your time, or as soon after as a councillor is free.`;
    case 'booking_postcode_needed':
      return `${message.unreadable ? 'I could not read a postcode after your reference. ' : ''}To check in with ${message.reference} in this chat, send me the reference and the postcode you booked with in one message, like: ${message.reference} SW1A 1AA. In the chat you booked in, the reference alone is enough, and so is the link in your booking confirmation.`;
    case 'booking_not_matched':
      return `That reference and postcode do not match a booking. Check both and send them again in one message. ${message.triesLeft === 1 ? 'You can try once more' : `You can try ${message.triesLeft} more times`} before this chat has to wait ${LOCK_MINUTES} minutes.`;
    case 'booking_locked':
      return `Too many tries. To keep bookings safe, ${message.reference} cannot be used in this chat for the next ${message.minutes === 1 ? 'minute' : `${message.minutes} minutes`}. You can check in from the chat you booked in, or from the link in your booking confirmation.`;
    case 'place': {
      // The card's summary (a notification's preview) says what the card says: exactly near the front, in tens further back.
      const ahead = peopleAheadAtLeast(message.place.position);
      return ahead === undefined ? `You are number ${message.place.position} in the queue.` : `${aheadAtLeastWords(ahead)} in the queue.`;
    }
    case 'place_closed':
      return 'You are no longer waiting.';
    case 'called':
      return `It is your turn next. Join the meeting now as "${message.lobbyTag}".`;
    case 'no_surgery_open':
      return (
        (message.next
          ? `There is no surgery open right now. The next one is the ${message.next.ward} surgery on ${surgeryTimes(message.next)}. Message me then to join the queue.`
          : `There is no surgery open right now, and none is planned yet. New dates are listed at ${message.datesUrl}`) +
        (message.canBook ? ' You can also book a time in advance: type "book".' : '')
      );
    case 'not_reached':
      return notReachedWords(message);
    case 'surgery_cancelled':
      return cancelledWords(message);
    case 'no_show':
      return noShowWords(message);
    case 'reinstated':
      return reinstatedWords(message);
    case 'surgery_break':
      return breakWords(message);
    case 'back_in_queue':
      return `Thank you. You are back in the queue as "${message.lobbyTag}", and you are next. Please join the meeting lobby now; we will message you here when a councillor calls you.`;
    case 'left':
      return `You have left the queue. Thank you for letting us know. Message me at any time to check in again.`;
    case 'with_councillor':
      return 'You are with a councillor now.';
    case 'ask_privately':
      return 'To join the queue, please send me a private message. Others can read this chat, so I will not ask for your details here.';
    case 'not_in_queue':
      return 'You are not in a queue at the moment. Send me any message to check in.';
    case 'help':
      return 'I can check you in to your councillor\'s online surgery and tell you your place in the queue. Send me any message to start. Type "book" to book a time in advance, or send your booking reference to check in for your appointment. Type "leave" to leave the queue.';
    case 'refused':
      return message.message;
    case 'visit_summary':
      return `Thank you for coming to the ${message.ward} surgery. Your case reference is ${message.caseReference}.`;
    case 'councillor_message':
      return `Message from your councillor at the ${message.ward} surgery: ${message.text}`;
    case 'feedback_thanks':
      return 'Thank you. Your answer helps the council run better surgeries.';
    case 'case_update':
      return `Update on your case ${message.caseReference} from your ${message.ward} councillor: ${message.text}${message.closesCase ? ' Your councillor has now closed this case.' : ''}`;
    case 'getting_close':
      return `It is nearly your turn. Join the meeting soon as "${message.lobbyTag}".`;
    case 'may_not_be_reached':
      return `The ${message.ward} surgery will probably end before we reach you. Choose what you would like to do.`;
    case 'still_waiting':
      return `You are still in the queue as "${message.lobbyTag}". We will message you here if it is your turn. If the surgery ends first, we will tell you.`;
    case 'next_surgery':
      return message.next
        ? `There are no times to book at the next ${message.next.ward} surgery, on ${surgeryTimes(message.next)}: message me then to join the queue. You are still in today's queue as "${message.lobbyTag}"; type "leave" if you would rather go.`
        : `There is nothing to book: no other ${message.ward} surgery is planned yet. New dates are listed at ${message.datesUrl} You are still in today's queue as "${message.lobbyTag}"; type "leave" if you would rather go.`;
    case 'issue_left':
      return `Thank you. You have left the queue, and your issue is with the councillors of the ${message.ward} surgery, who will follow it up. Your case reference is ${message.caseReference}. Keep it and quote it if you contact the council about this.`;
  }
}

export function renderMessage(message: ResidentMessage): Partial<Activity> {
  const card = cardFor(message);
  const text = textFor(message);
  if (card) return { type: ActivityTypes.Message, summary: text, attachments: [CardFactory.adaptiveCard(card)] };
  // Plain text, so names and issues residents typed are never read as Markdown.
  return { type: ActivityTypes.Message, text, textFormat: TextFormatTypes.Plain };
}
