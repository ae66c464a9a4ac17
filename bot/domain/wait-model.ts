import type { Reach } from '../api-types';
import { CallLengths, learnCallLengths } from './call-lengths';
import { logUpperTail } from './lognormal';
import { Draws, normalQuantile, seededDraws } from './random-draws';
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
 * ("about 2:40–2:55pm"), and whether they will be reached before the surgery ends.
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
// Evenings simulated per forecast: enough that the chance of being reached moves in quarter-percent steps.
const RUNS = 400;
// Every forecast draws the same numbers, so the same queue always gets the same answer.
const DRAWS_SEED = 20_250_301;

const MINUTE = 60_000;

/** Each waiting resident's estimated admit time, from today's queue and its booked slots. */
export function estimateWaits(state: QueueState, settings: WaitSettings, now: Date): Map<string, WaitEstimate> {
  return forecastWaits({ state, bookings: bookedSlots(state), pauses: breakOf(state, now) }, settings, now);
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
 * Simulates the rest of the surgery many times over, each time with lengths drawn from what this surgery has
 * shown so far: councillors serve in parallel, each call under way runs on from how long it has run, booked
 * residents are called at their slot (or as soon after as a councillor is free) and drop-ins fill the gaps in
 * ticket order. A resident's time is the middle of the times they were called at in the runs that reached them
 * before the end; their chance of being reached is the share of runs that did.
 */
export function forecastWaits(input: WaitInput, settings: WaitSettings, now: Date): Map<string, WaitEstimate> {
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
  const pauses = names.map((name) =>
    (input.pauses ?? [])
      .filter((p) => p.councillor === undefined || p.councillor === name)
      .map((p) => ({ from: minutesFromNow(p.from), to: minutesFromNow(p.to) }))
      .filter((p) => p.to > p.from)
      .sort((a, b) => a.from - b.from),
  );
  const holding = callsUnderWay(visits, names, minutesFromNow);

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

  const calledAt = new Map<string, number[]>(waitingInOrder(visits).map((v) => [v.id, []]));
  const draws = seededDraws(DRAWS_SEED);
  // Each resident's own call lengths come from their own draws, seeded by their ticket (or, for a booking not yet
  // checked in, its slot), so a resident called or leaving elsewhere in the queue does not reshuffle everyone's.
  const ownDraws = new Map([
    ...booked.map(({ visitId, slot }): [string, Draws] => [
      visitId,
      seededDraws(DRAWS_SEED + (known.get(visitId)?.ticket ?? -1 - Math.round(slot - minutesFromNow(surgery.startsAt)))),
    ]),
    ...dropIns.map((v): [string, Draws] => [v.id, seededDraws(DRAWS_SEED + v.ticket)]),
  ]);
  for (let run = 0; run < RUNS; run++) {
    // How far off the pace learnt so far may be: it pushes every call of the run the same way.
    const mu = lengths.mu + draws.normal() * lengths.relativeError;
    const evening = { ...lengths, mu };
    const freeAt = names.map(() => 0);
    for (const { councillor, visit, elapsed } of holding) freeAt[councillor]! += stillToRun(visit, evening, elapsed, draws);
    const admit = (visitId: string, councillor: number, at: number): void => {
      calledAt.get(visitId)?.push(at);
      freeAt[councillor] = at + callLength(evening, ownDraws.get(visitId)!);
    };
    let nextDropIn = 0;
    let nextBooked = 0;
    while (nextDropIn < dropIns.length || nextBooked < booked.length) {
      const booking = booked[nextBooked];
      const [councillor, at] = soonestFreeFrom(freeAt, pauses, 0);
      if (booking && (booking.slot <= at || nextDropIn >= dropIns.length)) {
        admit(booking.visitId, ...soonestFreeFrom(freeAt, pauses, booking.slot));
        nextBooked += 1;
      } else {
        admit(dropIns[nextDropIn]!.id, councillor, at);
        nextDropIn += 1;
      }
    }
  }

  const end = minutesFromNow(surgery.endsAt);
  const notBefore = new Date(Math.max(now.getTime(), Date.parse(surgery.startsAt) || 0));
  const estimates = new Map<string, WaitEstimate>();
  for (const [visitId, times] of calledAt) {
    times.sort((a, b) => a - b);
    const reached = times.filter((t) => t < end);
    // The time told is when they will be called if they are called today: runs that did not reach them are no
    // part of it (the warning speaks for those). Reached in too few runs to say when, they are told the times of
    // their soonest runs, none after the end: near the end, and steady while nothing changes.
    const likely = reached.length >= LEAST_RUNS_TOLD ? reached : times.slice(0, LEAST_RUNS_TOLD).map((t) => Math.min(t, Math.max(end, 0)));
    const soonest = likely[0]!;
    const median = quantile(likely, 0.5);
    const at = (minutes: number): Date => new Date(now.getTime() + minutes * MINUTE);
    const window = shownWindow(
      {
        earliest: at(Math.max(soonest, Math.min(quantile(likely, WINDOW_LOW), median - LEAST_HALF_WINDOW_MINUTES))),
        // Times are of being called today, so the window never runs past the end.
        latest: at(Math.min(Math.max(quantile(likely, 1 - WINDOW_LOW), median + LEAST_HALF_WINDOW_MINUTES), Math.max(end, median))),
      },
      notBefore,
    );
    const admitAt = at(median);
    estimates.set(visitId, {
      admitAt: admitAt < window.earliest ? window.earliest : admitAt,
      ...window,
      reach: reachOf(reached.length / RUNS),
    });
  }
  return estimates;
}

// Sure enough to promise or to warn: tuned on the simulated surgeries of both families (npm run bench:eta) so that
// at most 5% of promises and of warnings turn out wrong.
const PROMISE_CHANCE = 0.9;
const WARNING_CHANCE = 0.1;
const LEAST_RUNS_TOLD = RUNS * WARNING_CHANCE;

function reachOf(chance: number): Reach {
  if (chance >= PROMISE_CHANCE) return 'in_time';
  return chance <= WARNING_CHANCE ? 'probably_not' : 'close_to_end';
}

/** The value a share `q` of the sorted values lie below, read between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
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

interface CallUnderWay {
  councillor: number;
  visit: Visit;
  elapsed: number;
}

/**
 * Calls under way hold their councillor now, breaks or not: the councillor who made the call when we know them,
 * otherwise any councillor not yet holding one, otherwise the one holding fewest.
 */
function callsUnderWay(visits: readonly Visit[], names: readonly string[], minutesFromNow: (time: string) => number): CallUnderWay[] {
  const current = visits
    .filter((v) => v.status === 'called' || v.status === 'in_consultation')
    .sort((a, b) => (a.calledAt ?? '').localeCompare(b.calledAt ?? ''));
  const held = names.map(() => 0);
  const byCaller = new Map<Visit, number>();
  for (const visit of current) {
    const caller = names.findIndex((name, index) => name === visit.calledBy && held[index] === 0);
    if (caller === -1) continue;
    byCaller.set(visit, caller);
    held[caller] = 1;
  }
  return current.map((visit) => {
    const councillor = byCaller.get(visit) ?? held.indexOf(Math.min(...held));
    if (!byCaller.has(visit)) held[councillor]! += 1;
    return { councillor, visit, elapsed: visit.calledAt ? Math.max(-minutesFromNow(visit.calledAt), 0) : 0 };
  });
}

/** Minutes one new call takes a councillor in one run: a consultation, or the wait for a resident who never joins. */
function callLength(lengths: CallLengths, draws: Draws): number {
  const noShow = draws.uniform() < lengths.noShowRate;
  const consultation = Math.exp(lengths.mu + lengths.sigma * draws.normal());
  return noShow ? lengths.noShowMinutes : consultation;
}

/** Minutes still to run of a call under way in one run, given it has run `elapsed` minutes and not yet ended. */
function stillToRun(visit: Visit, lengths: CallLengths, elapsed: number, draws: Draws): number {
  const noShow = draws.uniform() < lengths.noShowRate;
  // A length drawn from the consultations that run longer than `elapsed`.
  const logAlready = elapsed > 0 ? logUpperTail((Math.log(elapsed) - lengths.mu) / lengths.sigma) : 0;
  const share = Math.max(Math.exp(logAlready) * draws.uniform(), Number.MIN_VALUE);
  const consultation = Math.max(Math.exp(lengths.mu - lengths.sigma * normalQuantile(share)) - elapsed, 0);
  // Called but not joined yet: they may still be a no-show, and then the councillor moves on soon.
  if (visit.status === 'called' && noShow) return Math.max(lengths.noShowMinutes - elapsed, NEXT_MOMENT_MINUTES);
  return consultation;
}

/** The first moment from `time` on when a councillor is not on a break. */
function availableFrom(pauses: readonly { from: number; to: number }[], time: number): number {
  let at = time;
  for (const pause of pauses) if (pause.from <= at && at < pause.to) at = pause.to;
  return at;
}

/** The councillor who can call someone soonest from `time` on, and when. */
function soonestFreeFrom(freeAt: readonly number[], pauses: readonly { from: number; to: number }[][], time: number): [number, number] {
  let best: [number, number] = [0, Infinity];
  freeAt.forEach((free, councillor) => {
    const at = availableFrom(pauses[councillor]!, Math.max(free, time));
    if (at < best[1]) best = [councillor, at];
  });
  return best;
}
