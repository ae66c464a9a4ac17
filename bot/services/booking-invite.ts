import type { WardSlugs } from '../domain/ward-roster';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import type { Booking, Surgery } from '../domain/model';
import { invitationSequence } from '../domain/invitation-sequence';
import { managePagePath } from '../domain/booking-reference';
import { calendarWard } from './calendar-ward';
import { formatDay, formatTime } from '../domain/time-format';

export interface InviteSettings {
  councilName: string;
  /** The invite's organiser: the council's surgeries mailbox. */
  organiserEmail: string;
  /** Where residents reach this server, e.g. https://surgeries.example.gov.uk */
  publicBaseUrl: string;
  /** Each ward's part of the public pages' addresses, as the roster made it; from the ward's name without one. */
  wardSlugOf?: WardSlugs;
}

const LONDON = 'Europe/London';

/** The booking's calendar file, beside its manage page and reached by the same secret. */
export const invitePath = (manageToken: string): string => `${managePagePath(manageToken)}/invite.ics`;

export const inviteFilename = (booking: Pick<Booking, 'reference'>): string => `surgery-appointment-${booking.reference}.ics`;

// UK clock rules since 1996: BST from 1am GMT on the last Sunday of March to 2am BST on the last Sunday of October.
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/**
 * An instant as UK clock time, in the shape of a Temporal ZonedDateTime. ical-generator writes a plain Date
 * under a TZID in the server's own time zone; this shape makes it write the time a UK clock shows, wherever
 * the server runs.
 */
function londonTime(instant: Date): ICalTemporalZonedDateTimeStub {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((p) => [p.type, Number(p.value)])) as Record<
    Intl.DateTimeFormatPartTypes,
    number
  >;
  const fields = { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
  const iso = instant.toISOString();
  const zoned: ICalTemporalZonedDateTimeStub = {
    ...fields,
    timeZoneId: LONDON,
    toJSON: () => iso,
    toString: () => iso,
    withTimeZone: () => zoned,
    toInstant: () => ({ epochMilliseconds: instant.getTime(), toJSON: () => iso, toString: () => iso, toZonedDateTimeISO: () => zoned }),
    toPlainDateTime: () => ({
      ...fields,
      toJSON: () => iso,
      toString: () => iso,
      toPlainDate: () => ({ year: fields.year, month: fields.month, day: fields.day, toJSON: () => iso, toString: () => iso }),
      toZonedDateTime: () => zoned,
    }),
  };
  return zoned;
}

/**
 * One booking as an iCalendar invitation Outlook, Google and Apple calendars accept. With an email address
 * it is an invitation to them (REQUEST, or CANCEL once cancelled, with the same UID so the event is updated
 * or removed); a resident who gave only a mobile gets a plain event to add (PUBLISH), as an invitation
 * needs someone to invite. Times are UK clock times with the Europe/London rules included.
 */
export function bookingInvite(booking: Booking, surgery: Pick<Surgery, 'ward' | 'wardCode' | 'joinUrl'>, settings: InviteSettings): string {
  const cancelled = booking.status === 'cancelled';
  const email = booking.contact.kind === 'email' ? booking.contact.value : undefined;
  const calendar = ical({
    prodId: { company: settings.councilName, product: 'Surgery Queue', language: 'EN' },
    timezone: { name: null, generator: (zone) => (zone === LONDON ? LONDON_VTIMEZONE : null) },
  });
  calendar.method(!email ? ICalCalendarMethod.PUBLISH : cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  const manageUrl = `${settings.publicBaseUrl}${managePagePath(booking.manageToken)}`;
  calendar.createEvent({
    id: `${booking.id}@${new URL(settings.publicBaseUrl).hostname}`,
    // Calendar clients replace an event when the same UID comes with a higher SEQUENCE.
    sequence: invitationSequence(booking),
    // The time of this version of the booking, so the same version always makes the same file.
    stamp: new Date(booking.changedAt ?? booking.bookedAt),
    timezone: LONDON,
    start: londonTime(new Date(booking.slotStartsAt)),
    end: londonTime(new Date(booking.slotEndsAt)),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    summary: `Ward surgery appointment: ${surgery.ward}`,
    ...calendarWard(surgery),
    location: surgery.joinUrl,
    url: surgery.joinUrl,
    description: cancelled
      ? `This appointment was cancelled. Reference: ${booking.reference}.`
      : [
          `Your appointment with your ${surgery.ward} ward councillor, online on Microsoft Teams. Reference: ${booking.reference}.`,
          'On the day, check in on your booking page, or with your reference and postcode in the chat, then join the meeting when we tell you it is your turn. You do not need a Teams account.',
          `Join the meeting: ${surgery.joinUrl}`,
          `Change or cancel, or check in: ${manageUrl}`,
        ].join('\n\n'),
    organizer: { name: settings.councilName, email: settings.organiserEmail },
    // A meeting request awaiting the resident's answer (RFC 5545 section 3.2.12 and 3.2.17), so Outlook and other
    // calendars offer Accept and Decline, and the answer goes to the organiser's mailbox.
    ...(email
      ? { attendees: [{ name: booking.name, email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: true }] }
      : {}),
  });
  return calendar.toString();
}

/** An iCalendar file's METHOD (REQUEST, CANCEL, PUBLISH), which mail clients are told beside its content type. */
export const inviteMethod = (content: string): string | undefined => /^METHOD:(\S+)/m.exec(content)?.[1];

const yearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, year: 'numeric' });

/** "Tuesday 24 November 2026, 2:20pm", UK time: the booking's slot as pages and messages say it. */
export function appointmentTime(time: string): string {
  return `${formatDay(time)} ${yearFormat.format(new Date(time))}, ${formatTime(time)}`;
}
