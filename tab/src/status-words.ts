import type { ResidentRow, SurgeryStatus, VisitStatus } from '../../bot/api-types';

const SURGERY_STATUS: Record<SurgeryStatus, string> = {
  scheduled: 'Not open yet',
  open: 'Open',
  ended: 'Ended',
};

const VISIT_STATUS: Record<VisitStatus, string> = {
  waiting: 'Waiting',
  called: 'Called',
  in_consultation: 'With a councillor',
  seen: 'Seen',
  left: 'Left the queue',
  no_show: 'No-show',
  not_reached: 'Not reached',
  follow_up: 'Left issue for follow-up',
};

const ORDINAL_SUFFIX: Record<Intl.LDMLPluralRule, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th', zero: 'th', many: 'th' };
const ordinalRules = new Intl.PluralRules('en-GB', { type: 'ordinal' });

/** 1 -> "1st", 22 -> "22nd" */
function ordinal(value: number): string {
  return `${value}${ORDINAL_SUFFIX[ordinalRules.select(value)]}`;
}

export function surgeryStatusWords(status: SurgeryStatus): string {
  return SURGERY_STATUS[status];
}

/** "Waiting", "Called", "With a councillor" */
export function visitStatusWords(status: VisitStatus): string {
  return VISIT_STATUS[status];
}

/** "Waiting — 3rd", "Called", "With a councillor" */
export function residentStatusWords(resident: ResidentRow): string {
  const words = VISIT_STATUS[resident.status];
  return resident.status === 'waiting' && resident.position !== undefined ? `${words} — ${ordinal(resident.position)}` : words;
}

/** How long someone has waited: "under 1 min", "12 min", "1 hr 5 min". */
export function durationWords(fromIso: string, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - new Date(fromIso).getTime()) / 60_000));
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} hr` : `${hours} hr ${rest} min`;
}
