/**
 * Figures about surgeries, for the councillors' tab. Re-exported from api-types.ts, which is still the one
 * file the tab imports from bot/. Figures hold no personal data: only counts, minutes and categories.
 */

/** Minutes, from the visits that have both ends recorded. Percentiles as Excel's PERCENTILE.INC works them out. */
export interface MinutesSpread {
  count: number;
  medianMinutes?: number;
  p90Minutes?: number;
  shortestMinutes?: number;
  longestMinutes?: number;
}

/** How many visits fell into each group, largest first. */
export interface GroupCount {
  label: string;
  count: number;
}

/** A group of figures that needs a fact the app does not record yet (ward check, bookings). */
export type Recorded<T> = { recorded: false } | ({ recorded: true } & T);

export interface VisitFigures {
  /** Residents who checked in (or were added by hand). */
  checkedIn: number;
  seen: number;
  left: number;
  noShow: number;
  notReached: number;
  /** Residents the surgery did not see whose issue the councillors follow up (not reached, or left their issue), and how many are still open. */
  followUps: { total: number; open: number };
  /** Still waiting, called or with a councillor. */
  inProgress: number;
  /** Visits in any other state, by state name, for states this report does not know yet. */
  otherStates: GroupCount[];
  /** From check-in to being called. */
  wait: MinutesSpread;
  /** From joining (or, when nobody marked them joined, being called) to being marked seen. */
  consultation: MinutesSpread;
  ward: Recorded<{ inWard: number; outside: number; unknown: number }>;
  arrival: Recorded<{ booked: number; dropIn: number }>;
  topics: Recorded<{ groups: GroupCount[] }>;
  /** "Teams", "Web chat", "Phone"... */
  channels: GroupCount[];
  /**
   * Answers to "Did you feel listened to?", anonymous: counts, and comments in alphabetical order, with no
   * link to any visit. Absent until at least 3 residents have answered.
   */
  listened?: { answered: number; yes: number; partly: number; no: number; comments: string[] };
}

/** One moment of the surgery: how many were waiting and the longest anyone waiting had waited so far. */
export interface QueuePoint {
  at: string;
  waiting: number;
  longestWaitMinutes: number;
}

export interface SurgeryStatistics {
  surgeryId: string;
  ward: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'open' | 'ended';
  figures: VisitFigures;
  /** Every few minutes from the start (or the first check-in) to the end (or now, while it runs). */
  timeline: QueuePoint[];
  generatedAt: string;
}

export interface WardSurgeryLine {
  surgeryId: string;
  startsAt: string;
  endsAt: string;
  figures: VisitFigures;
}

/** One month of a ward's surgeries. */
export interface MonthFigures {
  /** YYYY-MM, on the UK calendar. */
  month: string;
  surgeries: number;
  figures: VisitFigures;
}

export interface WardReport {
  /** The ward's name, as residents read it. */
  ward: string;
  /** The ward's code on the council's roster; absent when it keeps none. */
  wardCode?: string;
  month: string;
  /** The month's surgeries, earliest first. */
  surgeries: WardSurgeryLine[];
  /** All of the month's visits together. */
  figures: VisitFigures;
  /** The six months up to and including this one, earliest first. */
  trend: MonthFigures[];
  generatedAt: string;
}
