import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Booking } from '../../bot/domain/model';
import { WardCode } from '../../bot/domain/ward';
import { appointmentTime, bookingInvite } from '../../bot/services/booking-invite';
import { child, eventOf, one, unescapeText } from '../support/ics-reader';

const ROOT = path.resolve(__dirname, '..', '..');
const SETTINGS = {
  councilName: 'Riverside Borough Council',
  organiserEmail: 'surgeries@riverside.gov.uk',
  publicBaseUrl: 'https://surgeries.example.gov.uk',
};
const SURGERY = {
  ward: 'Abbey',
  wardCode: 'E05099901' as WardCode,
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
};
const TOKEN = 'Qm9va2luZy1tYW5hZ2UtdG9rZW4tZm9yLXRlc3RzLTAx'.slice(0, 43);

function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 'bk-1',
    surgeryId: 'sg-1',
    reference: 'SQ-7KM4-Q2XD',
    manageToken: TOKEN,
    slot: 2,
    // 24 November is in winter: UK time is UTC.
    slotStartsAt: '2026-11-24T14:20:00.000Z',
    slotEndsAt: '2026-11-24T14:30:00.000Z',
    name: 'Jane Smith',
    address: '12 Mill Lane',
    postcode: 'RV1 1AA',
    issue: 'Mould in my flat',
    contact: { kind: 'email', value: 'jane@example.com' },
    wardCheck: 'in_ward',
    channel: 'webchat',
    status: 'booked',
    bookedAt: '2026-11-10T09:00:00.000Z',
    ...overrides,
  };
}

describe('A booking as a calendar invitation', () => {
  it('When a resident with an email address books a winter slot, then the invitation is a REQUEST to them from the council, at the UK time, with its reference, join link and manage link', () => {
    const { calendar, event } = eventOf(bookingInvite(booking(), SURGERY, SETTINGS));

    expect(one(calendar, 'VERSION').value).toBe('2.0');
    expect(one(calendar, 'PRODID').value).toBe('-//Riverside Borough Council//Surgery Queue//EN');
    expect(one(calendar, 'METHOD').value).toBe('REQUEST');
    expect(one(event, 'UID').value).toBe('bk-1@surgeries.example.gov.uk');
    expect(one(event, 'SEQUENCE').value).toBe('0');
    expect(one(event, 'DTSTAMP').value).toBe('20261110T090000Z');
    expect(one(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/London' }, value: '20261124T142000' });
    expect(one(event, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Europe/London' }, value: '20261124T143000' });
    expect(one(event, 'STATUS').value).toBe('CONFIRMED');
    expect(unescapeText(one(event, 'SUMMARY').value)).toBe('Ward surgery appointment: Abbey');
    expect(one(event, 'CATEGORIES').value).toBe('Abbey ward');
    expect(one(event, 'X-WARD-CODE').value).toBe('E05099901');
    expect(one(event, 'LOCATION').value).toBe(SURGERY.joinUrl);
    expect(one(event, 'URL').value).toBe(SURGERY.joinUrl);
    const organiser = one(event, 'ORGANIZER');
    expect(organiser.params.CN).toBe('"Riverside Borough Council"');
    expect(organiser.value.toLowerCase()).toBe('mailto:surgeries@riverside.gov.uk');
    const attendee = one(event, 'ATTENDEE');
    expect(attendee.value.toLowerCase()).toBe('mailto:jane@example.com');
    expect(attendee.params).toMatchObject({ CN: '"Jane Smith"', ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION', RSVP: 'TRUE' });
    const description = unescapeText(one(event, 'DESCRIPTION').value);
    expect(description).toContain('Reference: SQ-7KM4-Q2XD');
    expect(description).toContain(`Join the meeting: ${SURGERY.joinUrl}`);
    expect(description).toContain(`https://surgeries.example.gov.uk/bookings/${TOKEN}`);
    expect(description).toContain('with your reference and postcode in the chat');
  });

  it('When the invitation is read, then it carries the Europe/London time zone with the GMT and BST rules', () => {
    const { calendar } = eventOf(bookingInvite(booking(), SURGERY, SETTINGS));
    const zone = child(calendar, 'VTIMEZONE');
    expect(one(zone, 'TZID').value).toBe('Europe/London');
    const summer = child(zone, 'DAYLIGHT');
    expect(Object.fromEntries(summer.properties.map((p) => [p.name, p.value]))).toEqual({
      TZOFFSETFROM: '+0000',
      TZOFFSETTO: '+0100',
      TZNAME: 'BST',
      DTSTART: '19700329T010000',
      RRULE: 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    });
    const winter = child(zone, 'STANDARD');
    expect(Object.fromEntries(winter.properties.map((p) => [p.name, p.value]))).toEqual({
      TZOFFSETFROM: '+0100',
      TZOFFSETTO: '+0000',
      TZNAME: 'GMT',
      DTSTART: '19701025T020000',
      RRULE: 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    });
  });

  it('When the rules are checked against the UK clock for ten years, then BST starts and ends on the last Sundays of March and October at 1am UTC', () => {
    const ukHour = (iso: string) =>
      Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(new Date(iso)));
    const lastSunday = (year: number, month: number) => {
      const last = new Date(Date.UTC(year, month + 1, 0));
      return last.getUTCDate() - last.getUTCDay();
    };
    for (let year = 2026; year < 2036; year++) {
      const march = `${year}-03-${String(lastSunday(year, 2)).padStart(2, '0')}`;
      const october = `${year}-10-${lastSunday(year, 9)}`;
      expect([ukHour(`${march}T00:59:00Z`), ukHour(`${march}T01:00:00Z`)]).toEqual([0, 2]);
      expect([ukHour(`${october}T00:59:00Z`), ukHour(`${october}T01:00:00Z`)]).toEqual([1, 1]);
    }
  });

  it('When the slot is in summer, then the start and end are the BST clock times, an hour ahead of UTC', () => {
    const { event } = eventOf(
      bookingInvite(booking({ slotStartsAt: '2026-07-01T13:20:00.000Z', slotEndsAt: '2026-07-01T13:30:00.000Z' }), SURGERY, SETTINGS),
    );
    expect(one(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/London' }, value: '20260701T142000' });
    expect(one(event, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Europe/London' }, value: '20260701T143000' });
    expect(appointmentTime('2026-07-01T13:20:00.000Z')).toBe('Wednesday 1 July 2026, 2:20pm');
    expect(appointmentTime('2026-11-24T14:20:00.000Z')).toBe('Tuesday 24 November 2026, 2:20pm');
  });

  it('When the server runs in another time zone, then the times are still UK clock times', () => {
    // Jest gives each test file its own copy of the environment, so the other zone needs its own process.
    const script = `
      const { bookingInvite } = require('./bot/services/booking-invite');
      const b = ${JSON.stringify(booking({ slotStartsAt: '2026-07-01T13:20:00.000Z', slotEndsAt: '2026-07-01T13:30:00.000Z' }))};
      process.stdout.write(JSON.stringify({ localHour: new Date(b.slotStartsAt).getHours(), ics: bookingInvite(b, ${JSON.stringify(SURGERY)}, ${JSON.stringify(SETTINGS)}) }));
    `;
    const out = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['-e', script], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'America/New_York' },
    }).toString();
    const { localHour, ics } = JSON.parse(out) as { localHour: number; ics: string };
    expect(localHour).toBe(9);
    const { event } = eventOf(ics);
    expect(one(event, 'DTSTART').value).toBe('20260701T142000');
    expect(one(event, 'DTSTAMP').value).toBe('20261110T090000Z');
  });

  it('When the booking is moved and then cancelled, then each invitation keeps the UID and carries the booking’s SEQUENCE, and the last is a CANCEL', () => {
    const original = booking();
    const moved = booking({
      slotStartsAt: '2026-11-24T14:40:00.000Z',
      slotEndsAt: '2026-11-24T14:50:00.000Z',
      changedAt: '2026-11-12T10:00:00.000Z',
      invitationSequence: 1,
    });
    const cancelled = { ...moved, status: 'cancelled' as const, invitationSequence: 2 };
    const events = [original, moved, cancelled].map((b) => eventOf(bookingInvite(b, SURGERY, SETTINGS)));

    expect(events.map((e) => one(e.event, 'UID').value)).toEqual(Array(3).fill('bk-1@surgeries.example.gov.uk'));
    expect(events.map((e) => one(e.event, 'SEQUENCE').value)).toEqual(['0', '1', '2']);
    expect(one(events[1]!.event, 'DTSTART').value).toBe('20261124T144000');
    expect(one(events[2]!.calendar, 'METHOD').value).toBe('CANCEL');
    expect(one(events[2]!.event, 'STATUS').value).toBe('CANCELLED');
    expect(one(events[2]!.event, 'ATTENDEE').value.toLowerCase()).toBe('mailto:jane@example.com');
  });

  it('When the resident gave only a mobile number, then the file is an event to add (PUBLISH) with nobody invited', () => {
    const { calendar, event } = eventOf(bookingInvite(booking({ contact: { kind: 'mobile', value: '+447700900123' } }), SURGERY, SETTINGS));
    expect(one(calendar, 'METHOD').value).toBe('PUBLISH');
    expect(event.properties.some((p) => p.name === 'ATTENDEE')).toBe(false);
    expect(one(event, 'ORGANIZER').value.toLowerCase()).toBe('mailto:surgeries@riverside.gov.uk');
    expect(one(event, 'DTSTART').value).toBe('20261124T142000');
  });

  it('When the surgery was set up before the roster and matched no ward, then the invitation names the ward and gives no code', () => {
    const { event } = eventOf(bookingInvite(booking(), { ward: 'Hillside', joinUrl: SURGERY.joinUrl }, SETTINGS));
    expect(one(event, 'CATEGORIES').value).toBe('Hillside ward');
    expect(event.properties.some((p) => p.name === 'X-WARD-CODE')).toBe(false);
  });

  it('When the ward and names hold commas, semicolons and quotes, then they are escaped and the file still reads', () => {
    const { event } = eventOf(
      bookingInvite(booking({ name: 'Jane "JJ" Smith, Jr; Esq' }), { ...SURGERY, ward: "St Mary's, Priory; East" }, SETTINGS),
    );
    expect(unescapeText(one(event, 'SUMMARY').value)).toBe("Ward surgery appointment: St Mary's, Priory; East");
    // One category, its comma escaped: an unescaped comma would split the ward into two categories.
    expect(one(event, 'CATEGORIES').value).toBe("St Mary's\\, Priory\\; East ward");
    expect(one(event, 'ATTENDEE').value.toLowerCase()).toBe('mailto:jane@example.com');
  });
});
