import { channelName } from './channel';
import { CountedVisit, consultationMinutes, SurgeryVisits, waitMinutes } from './statistics';
import { toCsv } from './csv';
import { topicWordsOf } from './topics';

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const londonClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * What an analyst gets for each visit. Deliberately nothing that names or reaches a resident: no name,
 * postcode, issue, outcome note, contact, access needs, lobby tag or visit id. Rows and surgeries are
 * numbered afresh in each export, so two exports cannot be joined on them.
 */
export const VISIT_EXPORT_HEADER = [
  'row',
  'surgery',
  'surgery_date',
  'checked_in_time',
  'channel',
  'outcome',
  'wait_minutes',
  'consultation_minutes',
  'topic',
  'ward_check',
  'booked_or_drop_in',
] as const;

const NOT_RECORDED = 'not recorded';
const whole = (minutes: number | undefined): number | undefined => (minutes === undefined ? undefined : Math.round(minutes));

/** One row per visit, surgeries earliest first and visits in check-in order. */
export function anonymousVisitRows(surgeries: readonly SurgeryVisits[]): (string | number | undefined)[][] {
  const ordered = [...surgeries].sort((a, b) => a.surgery.startsAt.localeCompare(b.surgery.startsAt));
  let row = 0;
  return ordered.flatMap(({ surgery, visits }, index) =>
    [...visits]
      .sort((a, b) => a.checkedInAt.localeCompare(b.checkedInAt))
      .map((visit: CountedVisit) => {
        row += 1;
        return [
          row,
          index + 1,
          londonDate.format(new Date(surgery.startsAt)),
          londonClock.format(new Date(visit.checkedInAt)),
          channelName(visit.channel),
          visit.status,
          whole(waitMinutes(visit)),
          whole(consultationMinutes(visit)),
          topicWordsOf(visit) ?? NOT_RECORDED,
          visit.wardCheck ?? NOT_RECORDED,
          visit.booked === undefined ? NOT_RECORDED : visit.booked ? 'booked' : 'drop-in',
        ];
      }),
  );
}

export function visitsCsv(surgeries: readonly SurgeryVisits[]): string {
  return toCsv(VISIT_EXPORT_HEADER, anonymousVisitRows(surgeries));
}
