import type { Booking, BookingEvent, QueueState, Surgery } from '../domain/model';
import { managePagePath } from '../domain/booking-reference';
import { wardSlugs } from '../domain/ward-roster';
import { takesDropIns } from '../domain/slots';
import { formatDay, formatTime } from '../domain/time-format';
import { InviteSettings, appointmentTime, bookingInvite, inviteFilename, invitePath } from './booking-invite';
import type { ContactMessage } from '../domain/messages';
import { nextOf } from './not-reached-message';

type Notice = Pick<ContactMessage, 'id' | 'subject' | 'body' | 'calendar'>;

interface Links {
  manage: string;
  calendar: string;
  /** The surgery's page, where the chat is. */
  surgery: string;
  /** The ward's upcoming surgeries, to book again. */
  ward: string;
}

const paragraphs = (...lines: (string | false)[]) => lines.filter((line): line is string => line !== false).join('\n\n');

const LONDON = 'Europe/London';
const shortDay = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'short', day: 'numeric', month: 'short' });
const calendarDate = new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Days from one UK calendar date to another, whatever the hours. */
function daysBetween(from: Date, to: Date): number {
  const day = (at: Date) => Date.parse(`${calendarDate.format(at)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** "today", "tomorrow" or "on Tuesday 24 November", as the resident would say it when the message arrives. */
export function whichDay(slotStartsAt: string, now: Date): string {
  const days = daysBetween(now, new Date(slotStartsAt));
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `on ${formatDay(slotStartsAt)}`;
}

/** "Tue 24 Nov, 2:20pm": a slot in a text message, where every character counts. */
const textTime = (time: string) => `${shortDay.format(new Date(time))}, ${formatTime(time)}`;

function checkInWords(surgery: Surgery, booking: Booking, links: Links): string {
  const from =
    surgery.status === 'open'
      ? 'The surgery is open now, so you can check in'
      : `Check in from ${formatTime(surgery.startsAt)}, when the surgery opens`;
  return `${from}: use the link to your booking below, or send your reference ${booking.reference} and your postcode in the chat on the surgery page (${links.surgery}). We will tell you when it is your turn to join the meeting. You do not need a Teams account.`;
}

function bookAgainWords(links: Links): string {
  return `To book another time, find your ward's next surgery at ${links.ward} and send the message "book" in the chat on its page.`;
}

/**
 * The email or text for one booking event. Its id is fixed by the booking
 * and what happened to it, so an event handled twice still sends one message.
 */
function bookingNotice(event: BookingEvent, booking: Booking, surgery: Surgery, settings: InviteSettings, now: Date): Notice {
  const base = settings.publicBaseUrl;
  const links: Links = {
    manage: `${base}${managePagePath(booking.manageToken)}`,
    calendar: `${base}${invitePath(booking.manageToken)}`,
    surgery: `${base}/surgeries/${encodeURIComponent(surgery.id)}`,
    ward: `${base}/surgeries/ward/${(settings.wardSlugOf ?? wardSlugs(undefined))(surgery)}`,
  };
  const text = booking.contact.kind === 'mobile';
  const ward = `${surgery.ward} ward surgery`;
  const when = appointmentTime(booking.slotStartsAt);
  // Texts cannot carry a calendar file; emails carry it, and link to it for routes that cannot attach (Notify).
  const calendar = text ? {} : { calendar: { filename: inviteFilename(booking), content: bookingInvite(booking, surgery, settings) } };
  const id = `booking-${booking.id}`;
  const appointment = paragraphs(
    `Reference: ${booking.reference}\nDate and time: ${when}\nWhere: online, on Microsoft Teams`,
    `On the day\n${checkInWords(surgery, booking, links)}`,
    `Join the meeting: ${surgery.joinUrl}`,
    `Add it to your calendar: ${links.calendar}`,
    `Change or cancel your booking, or check in on the day: ${links.manage}`,
  );
  switch (event.type) {
    case 'booked':
      return {
        id: `${id}-confirmed`,
        subject: `${ward}: your appointment is booked`,
        body: text
          ? `Surgery Queue: ${ward} booked for ${textTime(booking.slotStartsAt)}. Ref ${booking.reference}. Check in, change or cancel: ${links.manage}`
          : paragraphs(`Your appointment at the ${ward} is booked.`, appointment),
        ...calendar,
      };
    case 'booking_moved':
      return {
        id: `${id}-moved-${booking.changedAt}`,
        subject: `${ward}: your appointment has a new time`,
        body: text
          ? `Surgery Queue: your ${ward} appointment is now ${textTime(booking.slotStartsAt)}. Details: ${links.manage}`
          : paragraphs(`Your appointment at the ${ward} has moved to ${when}. Your old time is free for someone else.`, appointment),
        ...calendar,
      };
    case 'booking_cancelled':
      if (surgery.cancelled) return surgeryCancelledNotice(booking, surgery, surgery.cancelled.message, links, settings, calendar);
      return {
        id: `${id}-cancelled`,
        subject: `${ward}: your appointment is cancelled`,
        body: text
          ? `Surgery Queue: your ${ward} appointment on ${textTime(booking.slotStartsAt)} is cancelled. To book again: ${links.ward}`
          : paragraphs(`Your appointment at the ${ward} on ${when} (reference ${booking.reference}) is cancelled.`, bookAgainWords(links)),
        ...calendar,
      };
    case 'booking_reminder': {
      const day = event.reminder === 'hour_before' ? 'today' : whichDay(booking.slotStartsAt, now);
      const at = formatTime(booking.slotStartsAt);
      return {
        id: `${id}-${event.reminder}-${booking.reminders?.[event.reminder] ?? booking.slotStartsAt}`,
        subject: `Reminder: your ${ward} appointment ${day} at ${at}`,
        body: text
          ? event.reminder === 'hour_before'
            ? `Surgery Queue: your ${ward} appointment is at ${at}. Check in: ${links.manage}`
            : `Surgery Queue: ${ward} ${day}, ${at}. Change or cancel: ${links.manage}`
          : paragraphs(`This is a reminder of your appointment at the ${ward} ${day} at ${at}.`, appointment),
      };
    }
    case 'booking_no_show': {
      const dropIn = surgery.status === 'open' && takesDropIns(surgery);
      return {
        id: `${id}-missed`,
        subject: `${ward}: sorry we missed you`,
        body: text
          ? `Surgery Queue: sorry we missed you at ${ward} ${whichDay(booking.slotStartsAt, now)}. To book another time: ${links.ward}`
          : paragraphs(
              `Sorry we missed you. You had an appointment at the ${ward} at ${formatTime(booking.slotStartsAt)} ${whichDay(booking.slotStartsAt, now)} (reference ${booking.reference}), but you did not check in, so it was marked as missed.`,
              dropIn &&
                `The surgery is still open and takes drop-ins: you can check in without a booking in the chat on the surgery page (${links.surgery}).`,
              bookAgainWords(links),
            ),
      };
    }
  }
}

/** A booking the surgery's cancellation cancelled: what the councillors said, where to come next, and the calendar's cancellation. */
function surgeryCancelledNotice(
  booking: Booking,
  surgery: Surgery,
  said: string | undefined,
  links: Links,
  settings: InviteSettings,
  calendar: Partial<Pick<Notice, 'calendar'>>,
): Notice {
  const ward = `${surgery.ward} ward surgery`;
  const { nextUrl } = nextOf(surgery, settings.publicBaseUrl, settings.wardSlugOf ?? wardSlugs(undefined));
  const quoted = said ? `The councillors say: "${said}"` : false;
  return {
    id: `booking-${booking.id}-surgery-cancelled`,
    subject: `${ward}: cancelled, with your appointment`,
    body:
      booking.contact.kind === 'mobile'
        ? `Surgery Queue: the ${ward} on ${textTime(booking.slotStartsAt)} is cancelled, with your appointment ${booking.reference}.${said ? ` The councillors say: "${said}"` : ''} Next surgery: ${nextUrl}`
        : paragraphs(
            `Sorry, the ${ward} on ${appointmentTime(surgery.startsAt)} has been cancelled, so your appointment at ${formatTime(booking.slotStartsAt)} (reference ${booking.reference}) is cancelled too.`,
            quoted,
            `See the ward's next surgery and how to book: ${nextUrl}`,
            `Remove it from your calendar: ${links.calendar}`,
          ),
    ...calendar,
  };
}

/** The email or text a booking event sends the booked resident: confirmation, new time, cancellation, reminder, missed. */
export function bookingNoticeFor(state: QueueState, event: BookingEvent, settings: InviteSettings, now: Date): ContactMessage | undefined {
  const booking = state.bookings?.find((b) => b.id === event.bookingId);
  if (!booking) return undefined;
  return {
    ...bookingNotice(event, booking, state.surgery, settings, now),
    to: booking.contact,
    ...(booking.contact.kind === 'email' ? { toName: booking.name } : {}),
    surgeryId: booking.surgeryId,
  };
}
