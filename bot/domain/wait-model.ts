import type { Reach } from '../api-types';
import { CallLengths, learnCallLengths } from './call-lengths';
import { Moments, logUpperTail, mixMoments, normalQuantile, remainingMoments } from './lognormal';
import { waitingInOrder } from './queue';
import { shownWindow } from './wait-window';
import type { QueueState, Visit } from './model';

export interface WaitSettings {
  /** Expected minutes from calling a resident to finishing with them, before this surgery or its ward has data. */
  priorMinutes: number;
  /** How many finished consultations that prior counts as; this surgery's own data outweighs it after that many. */
  priorWeight: number;
  /** Share of called residents who never join, before this surgery has data. */
  priorNoShowRate: number;
  /** Minutes a councillor waits for a called resident before moving on. */
  noShowMinutes: number;
}

export const DEFAULT_WAIT_SETTINGS: WaitSettings = {
  priorMinutes: 10,
  priorWeight: 4,
  priorNoShowRate: 0.1,
  noShowMinutes: 3,
};

/**
 * When a resident will probably be called (the median: as likely earlier as later), the window shown to them
 * ("about 2:40pm to 2:55pm"), and whether they will be reached before the surgery ends.
 */
export interface WaitEstimate {
  admitAt: Date;
  earliest: Date;
  latest: Date;
  reach: Reach;
}

/** A resident with a booked slot: they are called at the slot (or as soon after as a councillor is free). */
export interface Booking {
  visitId: string;
  slotAt: Date;
}

/** A break in which a councillor (or, with no councillor named, everyone) calls nobody new. */
export interface CouncillorPause {
  from: Date;
  to: Date;
  councillor?: string;
}

export interface WaitInput {
  state: QueueState;
  bookings?: readonly Booking[];
  pauses?: readonly CouncillorPause[];
}

// The window is the middle 80% of the likely admit times, so it is honest without being so wide it says nothing.
const WINDOW_LOW = 0.1;
// Even a resident next in line is not called to the minute: councillors finish notes, residents take a moment.
const LEAST_HALF_WINDOW_MINUTES = 2;
// A no-show overdue by the councillor's usual wait is still expected to take a moment to mark.
const NEXT_MOMENT_MINUTES = 0.5;

const MINUTE = 60_000;

interface Councillor {
  name: string;
  /** Minutes from now until this councillor finishes what they have been given so far. */
  freeAt: number;
  /** Uncertainty built up along that path: the spread of its lengths, and its total expected length. */
  variance: number;
  expected: number;
  pauses: { from: number; to: number }[];
}

/**
 * When a resident is expected to be called: `at`, of which `uncertain` minutes are lengths of calls ahead
 * (with their variance) and the rest is fixed; never before `notBefore` (a booked slot or the end of a break).
 */
interface Admission {
  at: number;
  uncertain: number;
  variance: number;
  notBefore: number;
}

/** Each waiting resident's estimated admit time, from today's queue and its booked slots. */
export function estimateWaits(state: QueueState, settings: WaitSettings, now: Date): Map<string, WaitEstimate> {
  return forecastWaits(waitInputOf(state, now), settings, now);
}

/** Today's queue with its booked slots and any break. */
function waitInputOf(state: QueueState, now: Date): WaitInput {
  return { state, bookings: bookedSlots(state), pauses: breakOf(state, now) };
}

/** A break that runs past its expected end still holds everyone until the councillors resume, any moment now. */
function breakOf({ surgery }: QueueState, now: Date): CouncillorPause[] {
  const { onBreak } = surgery;
  return onBreak ? [{ from: new Date(onBreak.since), to: new Date(Math.max(Date.parse(onBreak.until), now.getTime())) }] : [];
}

/**
 * Booked residents in the queue keep their slot; so do bookings not checked in yet (under a key no visit
 * has), so drop-ins are not promised a time a booked resident is coming for.
 */
function bookedSlots(state: QueueState): Booking[] {
  const checkedIn = state.visits
    .filter((v) => v.slotStartsAt !== undefined)
    .map((v) => ({ visitId: v.id, slotAt: new Date(v.slotStartsAt!) }));
  const expected = (state.bookings ?? [])
    .filter((b) => b.status === 'booked')
    .map((b) => ({ visitId: `booking-${b.id}`, slotAt: new Date(b.slotStartsAt) }));
  return [...checkedIn, ...expected];
}

/**
 * Simulates the surgery forward with expected lengths: councillors serve in parallel, each current call
 * runs its expected remaining time given how long it has run, booked residents are called at their slot
 * (or as soon after as a councillor is free) and drop-ins fill the gaps in ticket order.
 */
export function forecastWaits(input: WaitInput, settings: WaitSettings, now: Date): Map<string, WaitEstimate> {
  const forecast = forecastOf(input, settings, now);
  const estimates = new Map<string, WaitEstimate>();
  for (const visit of forecast.waiting) estimates.set(visit.id, estimateOf(forecast, forecast.admissions.get(visit.id)!));
  return estimates;
}

/**
 * Each waiting resident's expected admit time (`admitAt` of estimateWaits, to the millisecond) and one resident's
 * whole estimate. The order of a queue needs every admit time, but only the resident asking needs a window: each of
 * the others costs one quantile, not three.
 */
export function estimateWaitsFor(
  state: QueueState,
  settings: WaitSettings,
  now: Date,
  visitId: string,
): { admitTimes: Map<string, number>; estimate: WaitEstimate | undefined } {
  const forecast = forecastOf(waitInputOf(state, now), settings, now);
  const admitTimes = new Map<string, number>();
  let estimate: WaitEstimate | undefined;
  for (const visit of forecast.waiting) {
    const admission = forecast.admissions.get(visit.id)!;
    if (visit.id === visitId) {
      estimate = estimateOf(forecast, admission);
      admitTimes.set(visit.id, estimate.admitAt.getTime());
    } else admitTimes.set(visit.id, admitTimeOf(forecast, admission));
  }
  return { admitTimes, estimate };
}

/** The simulated surgery: when each resident is expected to be called, and what every estimate is taken against. */
interface Forecast {
  admissions: Map<string, Admission>;
  /** Waiting residents, in ticket order. */
  waiting: Visit[];
  /** The surgery's end, in minutes from now. */
  end: number;
  now: Date;
  /** No window starts before this: now, or the surgery's start. */
  notBefore: Date;
}

function forecastOf(input: WaitInput, settings: WaitSettings, now: Date): Forecast {
  const { surgery, visits } = input.state;
  // The ward's own recent consultations when the surgery has them, otherwise the council's figure.
  const prior = {
    ...(surgery.callLengthPrior ?? { minutes: settings.priorMinutes }),
    weight: settings.priorWeight,
    noShowRate: settings.priorNoShowRate,
    noShowMinutes: settings.noShowMinutes,
  };
  const lengths = learnCallLengths(visits, prior, now);
  const minutesFromNow = (time: Date | string): number => (new Date(time).getTime() - now.getTime()) / MINUTE;

  const names = surgery.councillors.length > 0 ? surgery.councillors : ['councillor'];
  const councillors: Councillor[] = names.map((name) => ({
    name,
    freeAt: 0,
    variance: 0,
    expected: 0,
    pauses: (input.pauses ?? [])
      .filter((p) => p.councillor === undefined || p.councillor === name)
      .map((p) => ({ from: minutesFromNow(p.from), to: minutesFromNow(p.to) }))
      .filter((p) => p.to > p.from)
      .sort((a, b) => a.from - b.from),
  }));

  // Calls under way hold their councillor now, breaks or not: the councillor who made the call when we know
  // them, otherwise any councillor not yet holding one.
  const current = visits
    .filter((v) => v.status === 'called' || v.status === 'in_consultation')
    .sort((a, b) => (a.calledAt ?? '').localeCompare(b.calledAt ?? ''));
  const taken = new Set<Councillor>();
  const byCaller = new Map<Visit, Councillor>();
  for (const visit of current) {
    const caller = councillors.find((c) => c.name === visit.calledBy && !taken.has(c));
    if (!caller) continue;
    byCaller.set(visit, caller);
    taken.add(caller);
  }
  // Free now unless a call is under way; undefined for a councillor holding more than one.
  const remaining: (Survival | undefined)[] = councillors.map(() => () => 0);
  for (const visit of current) {
    const councillor = byCaller.get(visit) ?? councillors.find((c) => !taken.has(c)) ?? earliestFree(councillors);
    taken.add(councillor);
    const elapsed = visit.calledAt ? -minutesFromNow(visit.calledAt) : 0;
    const index = councillors.indexOf(councillor);
    remaining[index] = councillor.freeAt > 0 ? undefined : stillToRunSurvival(visit, lengths, elapsed);
    occupy(councillor, councillor.freeAt, stillToRun(visit, lengths, elapsed));
  }
  spreadFirstFree(councillors, remaining);

  const known = new Map(visits.map((v) => [v.id, v]));
  const slots = new Map<string, number>();
  for (const booking of input.bookings ?? []) {
    const visit = known.get(booking.visitId);
    const slot = minutesFromNow(booking.slotAt);
    // A booked resident who has not checked in yet still holds their slot, until they are a no-show.
    if (visit ? visit.status === 'waiting' : slot > -settings.noShowMinutes) slots.set(booking.visitId, slot);
  }
  const booked = [...slots].map(([visitId, slot]) => ({ visitId, slot })).sort((a, b) => a.slot - b.slot);
  const dropIns = waitingInOrder(visits).filter((v) => !slots.has(v.id));

  // Chance in lengths partly evens out across councillors serving one queue (dividing by the square root of
  // their number matched the simulated surgeries best); an error in the learned length does not, since it
  // pushes every councillor's path the same way.
  const pooling = Math.sqrt(councillors.length);
  const pathVariance = (c: Councillor): number => c.variance / pooling + (c.expected * lengths.relativeError) ** 2;
  const admissions = new Map<string, Admission>();
  const admit = (visitId: string, councillor: Councillor, at: number): void => {
    const idle = at - councillor.freeAt;
    if (idle > 0) {
      // Waiting for a slot or the end of a break soaks up earlier overruns, unless they were longer than the wait.
      const spread = Math.sqrt(pathVariance(councillor));
      const kept = spread > 0 ? Math.min(1, 2 * Math.exp(logUpperTail(idle / spread))) : 0;
      councillor.variance *= kept * kept;
      councillor.expected *= kept;
    }
    const notBefore = idle > 0 ? at : 0;
    admissions.set(visitId, { at, uncertain: Math.min(councillor.expected, at), variance: pathVariance(councillor), notBefore });
    occupy(councillor, at, lengths.call);
  };

  let nextDropIn = 0;
  let nextBooked = 0;
  while (nextDropIn < dropIns.length || nextBooked < booked.length) {
    const booking = booked[nextBooked];
    const [councillor, freeAt] = soonestFreeFrom(councillors, 0);
    if (booking && (booking.slot <= freeAt || nextDropIn >= dropIns.length)) {
      const [chosen, at] = soonestFreeFrom(councillors, booking.slot);
      admit(booking.visitId, chosen, at);
      nextBooked += 1;
    } else {
      admit(dropIns[nextDropIn]!.id, councillor, freeAt);
      nextDropIn += 1;
    }
  }

  return {
    admissions,
    waiting: waitingInOrder(visits),
    end: minutesFromNow(surgery.endsAt),
    now,
    notBefore: new Date(Math.max(now.getTime(), Date.parse(surgery.startsAt) || 0)),
  };
}

function estimateOf({ end, now, notBefore }: Forecast, admission: Admission): WaitEstimate {
  const chance = chanceCalledBefore(admission, end);
  const likely = likelyTimes(admission, chance);
  const at = (minutes: number): Date => new Date(now.getTime() + minutes * MINUTE);
  const window = shownWindow(
    {
      earliest: at(Math.max(admission.notBefore, Math.min(likely.low, likely.median - LEAST_HALF_WINDOW_MINUTES))),
      // Times are of being called today, so the window never runs past the end.
      latest: at(Math.min(Math.max(likely.high, likely.median + LEAST_HALF_WINDOW_MINUTES), Math.max(end, likely.median))),
    },
    notBefore,
  );
  const admitAt = at(likely.median);
  return {
    admitAt: admitAt < window.earliest ? window.earliest : admitAt,
    ...window,
    reach: reachOf(chance),
  };
}

/**
 * estimateOf's `admitAt`, in milliseconds, without the window: the window's start is never after the median but
 * for `notBefore` (its low end is at most the median, and rounding down to the minute only moves it earlier), so
 * the admit time is the median or `notBefore`, whichever is later.
 */
function admitTimeOf({ end, now, notBefore }: Forecast, admission: Admission): number {
  const median = likelyTime(admission, chanceCalledBefore(admission, end), 0.5);
  return Math.max(new Date(now.getTime() + median * MINUTE).getTime(), notBefore.getTime());
}

// Sure enough to promise or to warn: tuned on the simulated surgeries of both families (npm run bench:eta) so that
// at most 5% of promises and of warnings turn out wrong.
const PROMISE_CHANCE = 0.9;
const WARNING_CHANCE = 0.1;

function reachOf(chance: number): Reach {
  if (chance >= PROMISE_CHANCE) return 'in_time';
  return chance <= WARNING_CHANCE ? 'probably_not' : 'close_to_end';
}

/** The chance the resident is called before `end` minutes from now, from the same skewed spread as their window. */
function chanceCalledBefore({ at, uncertain, variance, notBefore }: Admission, end: number): number {
  const room = end - (at - uncertain);
  if (notBefore >= end || room <= 0) return 0;
  if (uncertain <= 0) return at < end ? 1 : 0;
  const { s, median } = skewOf(uncertain, variance);
  if (s === 0) return median < room ? 1 : 0;
  return Math.exp(logUpperTail(Math.log(median / room) / s));
}

/**
 * The median and the middle 80% of a resident's admit time. A sum of skewed lengths is itself skewed, so
 * the uncertain part is treated as lognormal with the simulated mean and variance (Fenton-Wilkinson): the
 * median sits below the mean and the window reaches further after it than before. Waits for a booked slot
 * or the end of a break are fixed and just add on.
 */
function likelyTimes(admission: Admission, reached: number): { median: number; low: number; high: number } {
  return {
    median: likelyTime(admission, reached, 0.5),
    low: likelyTime(admission, reached, WINDOW_LOW),
    high: likelyTime(admission, reached, 1 - WINDOW_LOW),
  };
}

/** The admit time, in minutes from now, that the resident is called by with chance `q` if they are reached at all. */
function likelyTime({ at, uncertain, variance, notBefore }: Admission, reached: number, q: number): number {
  if (uncertain <= 0) return at;
  const fixed = at - uncertain;
  const { s, median } = skewOf(uncertain, variance);
  // The time told is when they will be called if they are called today: their chances after the end are no
  // part of it (the warning speaks for those), so each share is taken of the chance of being reached.
  const share = Math.max(reached, MIN_REACHED);
  return Math.max(fixed + median * Math.exp(normalQuantile(q * share) * s), notBefore);
}

// Keeps the shares above zero for a resident with no chance at all, whose times are then those just before the end.
const MIN_REACHED = 1e-9;

/** The lognormal with this mean and variance (Fenton-Wilkinson): its log-spread and its median. */
function skewOf(mean: number, variance: number): { s: number; median: number } {
  const s = Math.sqrt(Math.log1p(variance / (mean * mean)));
  return { s, median: mean * Math.exp((-s * s) / 2) };
}

const MINUTES_PER_PLACE = 10;

/** The plain rule residents would otherwise be told: ten minutes for each place in the queue. */
export function naiveEstimates(state: QueueState, now: Date): Map<string, Date> {
  return placeEstimates(state, now, MINUTES_PER_PLACE);
}

/** The fair plain rule the model is measured against: ten minutes for each place, shared by the councillors serving. */
export function fairEstimates(state: QueueState, now: Date): Map<string, Date> {
  return placeEstimates(state, now, MINUTES_PER_PLACE / Math.max(state.surgery.councillors.length, 1));
}

function placeEstimates(state: QueueState, now: Date, minutesPerPlace: number): Map<string, Date> {
  return new Map(waitingInOrder(state.visits).map((v, index) => [v.id, new Date(now.getTime() + (index + 1) * minutesPerPlace * MINUTE)]));
}

/** Expected minutes still to run of a current call, given it has run `elapsed` minutes. */
function stillToRun(visit: Visit, lengths: CallLengths, elapsed: number): Moments {
  const consultation = remainingMoments(lengths.mu, lengths.sigma, elapsed);
  if (visit.status === 'in_consultation') return consultation;
  // Called but not joined yet: they may still be a no-show, and then the councillor moves on soon.
  return mixMoments(consultation, Math.max(lengths.noShowMinutes - elapsed, NEXT_MOMENT_MINUTES), lengths.noShowRate);
}

/** The chance a call under way is still running `t` minutes from now. */
type Survival = (t: number) => number;

function stillToRunSurvival(visit: Visit, lengths: CallLengths, elapsed: number): Survival {
  const e = Math.max(elapsed, 0);
  const logAlready = e > 0 ? logUpperTail((Math.log(e) - lengths.mu) / lengths.sigma) : 0;
  const consultation = (t: number): number =>
    t <= 0 ? 1 : Math.exp(logUpperTail((Math.log(e + t) - lengths.mu) / lengths.sigma) - logAlready);
  if (visit.status === 'in_consultation') return consultation;
  const noShowLeft = Math.max(lengths.noShowMinutes - e, NEXT_MOMENT_MINUTES);
  return (t) => (1 - lengths.noShowRate) * consultation(t) + lengths.noShowRate * (t < noShowLeft ? 1 : 0);
}

const ORDER_STEP_MINUTES = 0.25;
const ORDER_HORIZON_MINUTES = 240;

/**
 * With several councillors, the first to finish does so sooner than any one of them is expected to: the
 * expected first, second and third finishing times of the calls under way (from their chances of running on)
 * replace the councillors' expected free times, soonest to soonest. Left alone when a councillor holds more
 * than one call or is on a break, where the simple path is kept.
 */
function spreadFirstFree(councillors: Councillor[], remaining: (Survival | undefined)[]): void {
  const survivals = remaining.filter((r) => r !== undefined);
  if (councillors.length < 2 || survivals.length < councillors.length || councillors.some((c) => c.pauses.length > 0)) return;
  const expected = councillors.map(() => 0);
  for (let t = ORDER_STEP_MINUTES / 2; t < ORDER_HORIZON_MINUTES; t += ORDER_STEP_MINUTES) {
    // still[j]: the chance that exactly j of the calls are still running at t.
    let still = [1];
    for (const survival of survivals) {
      const s = survival(t);
      const next = new Array<number>(still.length + 1).fill(0);
      still.forEach((p, j) => {
        next[j] = next[j]! + p * (1 - s);
        next[j + 1] = next[j + 1]! + p * s;
      });
      still = next;
    }
    // The j-th to finish is still to come while more than k - j calls run.
    let atLeast = 0;
    for (let j = still.length - 1; j >= 1; j--) {
      atLeast += still[j]!;
      const order = councillors.length - j;
      expected[order] = expected[order]! + atLeast * ORDER_STEP_MINUTES;
    }
  }
  const soonestFirst = [...councillors].sort((a, b) => a.freeAt - b.freeAt);
  soonestFirst.forEach((councillor, order) => {
    councillor.freeAt = expected[order]!;
  });
}

function occupy(councillor: Councillor, from: number, length: Moments): void {
  councillor.freeAt = from + length.mean;
  councillor.variance += length.variance;
  councillor.expected += length.mean;
}

/** The first moment from `time` on when the councillor is not on a break. */
function availableFrom(councillor: Councillor, time: number): number {
  let at = time;
  for (const pause of councillor.pauses) if (pause.from <= at && at < pause.to) at = pause.to;
  return at;
}

function earliestFree(councillors: Councillor[]): Councillor {
  return councillors.reduce((soonest, c) => (c.freeAt < soonest.freeAt ? c : soonest));
}

/** The councillor who can call someone soonest from `time` on, and when. */
function soonestFreeFrom(councillors: Councillor[], time: number): [Councillor, number] {
  let best: [Councillor, number] = [councillors[0]!, availableFrom(councillors[0]!, Math.max(councillors[0]!.freeAt, time))];
  for (const councillor of councillors.slice(1)) {
    const at = availableFrom(councillor, Math.max(councillor.freeAt, time));
    if (at < best[1]) best = [councillor, at];
  }
  return best;
}
