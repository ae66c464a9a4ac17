import { InWard, sameWard } from './ward';
import type {
  GroupCount,
  MinutesSpread,
  MonthFigures,
  QueuePoint,
  SurgeryStatistics,
  VisitFigures,
  WardReport,
  WardSurgeryLine,
} from '../api-statistics-types';
import { feedbackFigures } from './feedback';
import { channelName } from './channel';
import { topicWordsOf } from './topics';
import type { Surgery, Visit } from './model';

/**
 * Facts the app does not record yet (ward check, booking), under the names those features are expected to
 * use. Counted when present; until any visit has them the figures say "not recorded" rather than guess.
 */
export interface LaterVisitFacts {
  wardCheck?: 'in_ward' | 'outside' | 'unknown';
  booked?: boolean;
}

export type CountedVisit = Visit & LaterVisitFacts;

/** A surgery with its visits, as one partition read gives them. */
export interface SurgeryVisits {
  surgery: Surgery;
  visits: readonly Visit[];
}

const MINUTE = 60_000;
const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/** Linear between closest ranks, as Excel's PERCENTILE.INC, so an analyst checking our figures gets the same. */
export function percentile(sorted: readonly number[], fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = (sorted.length - 1) * fraction;
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!);
}

export function spreadOf(minutes: readonly number[]): MinutesSpread {
  const sorted = [...minutes].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0 };
  return {
    count: sorted.length,
    medianMinutes: oneDecimal(percentile(sorted, 0.5)!),
    p90Minutes: oneDecimal(percentile(sorted, 0.9)!),
    shortestMinutes: oneDecimal(sorted[0]!),
    longestMinutes: oneDecimal(sorted[sorted.length - 1]!),
  };
}

const minutesBetween = (from: string | undefined, to: string | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : Math.max(0, (Date.parse(to) - Date.parse(from)) / MINUTE);

/** Check-in to being called; undefined for residents never called. */
export function waitMinutes(visit: Visit): number | undefined {
  return minutesBetween(visit.checkedInAt, visit.calledAt);
}

/** Joining (or being called, when nobody marked them joined) to being seen; undefined unless seen. */
export function consultationMinutes(visit: Visit): number | undefined {
  return visit.status === 'seen' ? minutesBetween(visit.joinedAt ?? visit.calledAt, visit.finishedAt) : undefined;
}

function groups(labels: readonly string[]): GroupCount[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const KNOWN_STATES = new Set<string>(['seen', 'left', 'no_show', 'not_reached', 'waiting', 'called', 'in_consultation']);

export function visitFigures(visits: readonly CountedVisit[]): VisitFigures {
  const inState = (...states: string[]) => visits.filter((v) => states.includes(v.status)).length;
  const defined = <T>(values: (T | undefined)[]): T[] => values.filter((value): value is T => value !== undefined);
  const wardChecked = visits.filter((v) => v.wardCheck !== undefined);
  const inWard = visits.filter((v) => v.wardCheck === 'in_ward').length;
  const outside = visits.filter((v) => v.wardCheck === 'outside').length;
  const arrivals = visits.filter((v) => v.booked !== undefined);
  const topics = defined(visits.map(topicWordsOf));
  return {
    checkedIn: visits.length,
    seen: inState('seen'),
    left: inState('left'),
    noShow: inState('no_show'),
    notReached: inState('not_reached'),
    followUps: followUpFigures(visits),
    inProgress: inState('waiting', 'called', 'in_consultation'),
    otherStates: groups(visits.filter((v) => !KNOWN_STATES.has(v.status)).map((v) => v.status)),
    wait: spreadOf(defined(visits.map(waitMinutes))),
    consultation: spreadOf(defined(visits.map(consultationMinutes))),
    ward: wardChecked.length === 0 ? { recorded: false } : { recorded: true, inWard, outside, unknown: visits.length - inWard - outside },
    arrival:
      arrivals.length === 0
        ? { recorded: false }
        : {
            recorded: true,
            booked: visits.filter((v) => v.booked === true).length,
            dropIn: visits.filter((v) => v.booked !== true).length,
          },
    topics: topics.length === 0 ? { recorded: false } : { recorded: true, groups: groups(topics) },
    channels: groups(visits.map((v) => channelName(v.channel))),
    ...listenedFigures(visits),
  };
}

/** An anonymised follow-up keeps whether it was still open (followUp), though not its reference. */
function followUpFigures(visits: readonly CountedVisit[]): VisitFigures['followUps'] {
  const followUps = visits.filter((v) => (v.status === 'not_reached' || v.status === 'follow_up') && v.followUp !== undefined);
  return { total: followUps.length, open: followUps.filter((v) => v.followUp === true).length };
}

/** Only counts of "Did you feel listened to?", and only once there are enough not to give anyone away. */
function listenedFigures(visits: readonly Visit[]): Pick<VisitFigures, 'listened'> {
  const listened = feedbackFigures(visits);
  return listened ? { listened } : {};
}

const TIMELINE_STEP_MINUTES = 5;
const MAX_POINTS = 150;

/** When a resident stopped waiting: called, or gone without being called. */
const stoppedWaitingAt = (visit: Visit): number => Date.parse(visit.calledAt ?? visit.finishedAt ?? '9999-12-31T00:00:00Z');

/**
 * The queue across the surgery, every five minutes (more for very long ones): from its start (or the first
 * check-in, if earlier) to its end, or to now while it is still running.
 */
export function queueTimeline(surgery: Surgery, visits: readonly Visit[], now: Date): QueuePoint[] {
  const checkIns = visits.map((v) => Date.parse(v.checkedInAt));
  const from = Math.min(Date.parse(surgery.startsAt), ...checkIns);
  const lastEvent = Math.max(...visits.map((v) => Date.parse(v.finishedAt ?? v.calledAt ?? v.checkedInAt)), from);
  const planned = Math.max(Date.parse(surgery.endedAt ?? surgery.endsAt), lastEvent);
  const to = surgery.status === 'ended' ? planned : now.getTime();
  if (to < from) return [];
  const stepMs = Math.max(TIMELINE_STEP_MINUTES * MINUTE, Math.ceil((to - from) / (MAX_POINTS - 1) / MINUTE) * MINUTE);
  const times: number[] = [];
  for (let at = from; at <= to; at += stepMs) times.push(at);
  // The last moment too, so a running surgery's chart ends with the queue as it is now.
  if (times[times.length - 1]! < to) times.push(to);
  return times.map((at) => {
    const waiting = visits.filter((v) => Date.parse(v.checkedInAt) <= at && stoppedWaitingAt(v) > at);
    const longest = Math.max(0, ...waiting.map((v) => (at - Date.parse(v.checkedInAt)) / MINUTE));
    return { at: new Date(at).toISOString(), waiting: waiting.length, longestWaitMinutes: oneDecimal(longest) };
  });
}

export function surgeryStatistics({ surgery, visits }: SurgeryVisits, now: Date): SurgeryStatistics {
  return {
    surgeryId: surgery.id,
    ward: surgery.ward,
    startsAt: surgery.startsAt,
    endsAt: surgery.endsAt,
    status: surgery.status,
    figures: visitFigures(visits),
    timeline: queueTimeline(surgery, visits, now),
    generatedAt: now.toISOString(),
  };
}

const londonMonthParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });

/** The month a time falls in on the UK calendar, as YYYY-MM: a surgery at 00:30 BST on 1 June is June's. */
export function londonMonth(iso: string): string {
  const parts = Object.fromEntries(londonMonthParts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}`;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A YYYY-MM month, or undefined when the text is not one. */
export function parseMonth(value: unknown): string | undefined {
  return typeof value === 'string' && MONTH.test(value) ? value : undefined;
}

/** The month `count - 1` months before `month`, up to `month`, earliest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => {
    const back = count - 1 - index;
    const total = year * 12 + (number - 1) - back;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

export const TREND_MONTHS = 6;

/** A ward's month: each surgery's figures, the month's together, and the months before for the trend. */
export function wardReport(ward: InWard, month: string, surgeries: readonly SurgeryVisits[], now: Date): WardReport {
  const ofWard = surgeries.filter((s) => sameWard(s.surgery, ward)).sort((a, b) => a.surgery.startsAt.localeCompare(b.surgery.startsAt));
  const inMonth = (m: string) => ofWard.filter((s) => londonMonth(s.surgery.startsAt) === m);
  const lines: WardSurgeryLine[] = inMonth(month).map(({ surgery, visits }) => ({
    surgeryId: surgery.id,
    startsAt: surgery.startsAt,
    endsAt: surgery.endsAt,
    figures: visitFigures(visits),
  }));
  const trend: MonthFigures[] = monthsUpTo(month, TREND_MONTHS).map((m) => {
    const held = inMonth(m);
    return { month: m, surgeries: held.length, figures: visitFigures(held.flatMap((s) => s.visits)) };
  });
  return {
    // The roster's name when the ward is on it; else as its first surgery wrote it.
    ward: ward.wardCode !== undefined ? ward.ward : (ofWard[0]?.surgery.ward ?? ward.ward),
    ...(ward.wardCode !== undefined ? { wardCode: ward.wardCode } : {}),
    month,
    surgeries: lines,
    figures: visitFigures(inMonth(month).flatMap((s) => s.visits)),
    trend,
    generatedAt: now.toISOString(),
  };
}
