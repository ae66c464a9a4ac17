import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { PublicSurgery } from '../../domain/public-surgeries';
import { calendarWard } from '../../services/calendar-ward';
import { howToCome } from './listing-page';

export interface CalendarOptions {
  name: string;
  councilName: string;
  /** Where the surgeries' own pages are, e.g. https://surgeries.example.gov.uk */
  publicBaseUrl: string;
}

/**
 * An iCalendar feed residents can subscribe to. Times are UTC instants ("Z"): ical-generator writes
 * Europe/London local times only with a date library, and clients show UTC times in the reader's own zone.
 * The UID is the surgery's, so a moved surgery updates the event already in a calendar, and a cancelled one
 * stays in the feed as STATUS:CANCELLED until it would have ended, so calendars mark it rather than lose it.
 */
export function surgeryCalendar(surgeries: readonly PublicSurgery[], options: CalendarOptions, now: Date): string {
  const host = new URL(options.publicBaseUrl).hostname;
  const calendar = ical({ name: options.name, prodId: { company: options.councilName, product: 'Surgery Queue', language: 'EN' } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  calendar.x([{ key: 'X-WR-TIMEZONE', value: 'Europe/London' }]);
  for (const surgery of surgeries) {
    const url = `${options.publicBaseUrl}/surgeries/${surgery.id}`;
    calendar.createEvent({
      id: `surgery-${surgery.id}@${host}`,
      start: new Date(surgery.startsAt),
      end: new Date(surgery.endsAt),
      stamp: now,
      ...(surgery.cancelled
        ? {
            status: ICalEventStatus.CANCELLED,
            summary: `Cancelled: ${surgery.ward} councillor surgery (online)`,
            description: `This surgery has been cancelled. Other ${surgery.ward} ward surgeries: ${options.publicBaseUrl}/surgeries/ward/${encodeURIComponent(surgery.wardSlug)}`,
          }
        : {
            status: ICalEventStatus.CONFIRMED,
            summary: `${surgery.ward} councillor surgery (online)`,
            description: `With ${surgery.councillors.join(', ')}. Online. ${howToCome(surgery)} How to join: ${url}`,
          }),
      ...calendarWard(surgery),
      location: 'Online',
      url,
    });
  }
  return calendar.toString();
}
