import type { Reach } from '../../bot/api-types';
import { PRIOR_SIGMA, learnCallLengths } from '../../bot/domain/call-lengths';
import { lognormalMoments } from '../../bot/domain/lognormal';
import { WaitSettings, fairEstimates, forecastWaits, naiveEstimates } from '../../bot/domain/wait-model';
import { queueAt, timeAt } from './queue-at';
import type { CallLengthFigures, QueueState } from '../../bot/domain/model';
import { waitingInOrder } from '../../bot/domain/queue';
import { RECENT_SURGERIES, surgeryLengths, wardPrior } from '../../bot/domain/ward-lengths';
import { Family, Scenario, SimulatedSurgery, pastSurgeries, scenarios, simulateSurgery } from './surgery-simulator';

export const MOMENTS = ['checkIn', 'later'] as const;
export type Moment = (typeof MOMENTS)[number];
export const MOMENT_WORDS: Record<Moment, string> = { checkIn: 'at check-in', later: '30 minutes later' };
const LATER_MINUTES = 30;

/** What one drop-in resident was told at one moment, and what then happened. Minutes from the start. */
export interface Prediction {
  moment: Moment;
  councillors: number;
  model: { admitAt: number; earliest: number; latest: number; reach: Reach };
  /** Ten minutes a place, shared by the councillors serving. */
  fairNaive: number;
  /** Ten minutes a place, whatever the number of councillors. */
  naive: number;
  /** What an estimate would say that knew when each call under way will end, and the evening's true average call. */
  clairvoyant: number;
  /** When the same model expects them, told the evening's true pace (known only afterwards): a bound, not a result. */
  paceKnown: number;
  /** When they were called, or undefined when the surgery ended first. */
  actual: number | undefined;
}

const minutesOf = (time: Date): number => (time.getTime() - timeAt(0).getTime()) / 60_000;

/**
 * Asks the estimates about every drop-in resident when they check in and, if still waiting, 30 minutes later.
 * Residents who left of their own accord are not scored: nobody can say whether they would have been reached.
 */
export function predictionsFor(simulated: SimulatedSurgery, settings: WaitSettings, callLengthPrior?: CallLengthFigures): Prediction[] {
  const bookings = simulated.bookings.map((b) => ({ visitId: b.visitId, slotAt: timeAt(b.slotAt) }));
  const truePace = truePaceOf(simulated, settings);
  const predictions: Prediction[] = [];
  for (const resident of simulated.residents.filter((r) => r.slotAt === undefined && r.leftAt === undefined)) {
    const moments: [Moment, number][] = [
      ['checkIn', resident.checkInAt],
      ['later', resident.checkInAt + LATER_MINUTES],
    ];
    for (const [moment, minutes] of moments) {
      const stillWaiting = resident.calledAt === undefined || resident.calledAt >= minutes;
      if (!stillWaiting || minutes >= simulated.lengthMinutes) continue;
      const state = queueAt(simulated, minutes, callLengthPrior);
      const now = timeAt(minutes);
      const model = forecastWaits({ state, bookings }, settings, now).get(resident.id)!;
      const paceKnown = forecastWaits(
        { state: { ...state, surgery: { ...state.surgery, callLengthPrior: truePace.prior } }, bookings },
        truePace.settings,
        now,
      ).get(resident.id)!;
      predictions.push({
        moment,
        councillors: simulated.councillors.length,
        model: {
          admitAt: minutesOf(model.admitAt),
          earliest: minutesOf(model.earliest),
          latest: minutesOf(model.latest),
          reach: model.reach,
        },
        fairNaive: minutesOf(fairEstimates(state, now).get(resident.id)!),
        naive: minutesOf(naiveEstimates(state, now).get(resident.id)!),
        clairvoyant: clairvoyantCall(simulated, state, resident.id, minutes),
        paceKnown: minutesOf(paceKnown.admitAt),
        actual: resident.calledAt,
      });
    }
  }
  return predictions;
}

// Enough finished consultations that a prior this heavy is never moved by the surgery's own.
const KNOWN_WEIGHT = 1_000_000;

/**
 * The evening's true pace, as the model would learn it from all of the evening's calls had it seen them before
 * the start: the fit of every consultation and the share and length of no-shows, as a prior nothing outweighs.
 * Only the length of each call stays unknown, so the model told it shows how much of the error comes from
 * learning the pace and how much from calls no estimate can foresee.
 */
function truePaceOf(simulated: SimulatedSurgery, settings: WaitSettings): { prior: CallLengthFigures; settings: WaitSettings } {
  const { visits } = queueAt(simulated, AFTERWARDS);
  const unweighted = { minutes: settings.priorMinutes, weight: 0, noShowRate: 0, noShowMinutes: settings.noShowMinutes };
  const fit = learnCallLengths(visits, unweighted, timeAt(AFTERWARDS));
  const seenAny = visits.some((v) => v.status === 'seen');
  return {
    prior: seenAny
      ? { minutes: lognormalMoments(fit.mu, fit.sigma).mean, sigma: fit.sigma }
      : { minutes: settings.priorMinutes, sigma: PRIOR_SIGMA },
    settings: { ...settings, priorWeight: KNOWN_WEIGHT, priorNoShowRate: fit.noShowRate, noShowMinutes: fit.noShowMinutes },
  };
}

/**
 * A reference no real estimate can reach: it is told when every call under way will end and when booked
 * residents will be called and finished, and the evening's true average call (no-shows included); only the
 * lengths of calls not yet made are unknown to it. It shows how much of the fair baseline's error any estimate
 * could remove at each moment.
 */
function clairvoyantCall(simulated: SimulatedSurgery, state: QueueState, residentId: string, minutes: number): number {
  const calls = simulated.residents.filter((r) => r.calledAt !== undefined);
  const averageCall = calls.reduce((sum, r) => sum + (r.finishedAt! - r.calledAt!), 0) / Math.max(calls.length, 1);
  const busy = simulated.councillors.map((name) =>
    calls
      .filter((r) => r.calledBy === name && r.finishedAt! > minutes && (r.calledAt! < minutes || r.slotAt !== undefined))
      .map((r) => ({ from: r.calledAt!, to: r.finishedAt! })),
  );
  // A councillor is free for a drop-in once nothing they are known to do overlaps the call.
  const freeFrom = (index: number, from: number): number => {
    let at = from;
    for (let moved = true; moved;) {
      moved = false;
      for (const block of busy[index]!) {
        if (block.from < at + averageCall && block.to > at) {
          at = block.to;
          moved = true;
        }
      }
    }
    return at;
  };
  const free = simulated.councillors.map(() => minutes);
  const ahead = waitingInOrder(state.visits).filter((v) => !simulated.bookings.some((b) => b.visitId === v.id));
  let calledAt = minutes;
  for (const visit of ahead) {
    const starts = free.map((at, index) => freeFrom(index, at));
    const chosen = starts.indexOf(Math.min(...starts));
    calledAt = starts[chosen]!;
    free[chosen] = calledAt + averageCall;
    if (visit.id === residentId) break;
  }
  return calledAt;
}

export interface Score {
  predictions: number;
  /** Predictions for residents who were reached, which the errors are measured on. */
  reached: number;
  /** Mean absolute errors in minutes: the model's, the fair baseline's, the old baseline's. */
  modelError: number;
  fairNaiveError: number;
  naiveError: number;
  clairvoyantError: number;
  /** The same model's error when told the evening's true pace: an upper bound on what learning the pace could give. */
  paceKnownError: number;
  /** Model's mean signed error: positive means it said later than it was. */
  modelBias: number;
  /** Share of residents told they would be seen who were not. */
  brokenPromises: number;
  /** Share of residents told they would probably not be reached who were reached after all. */
  falseNotReached: number;
  /** Share of residents told it may be close to the end. */
  closeToEnd: number;
  /** Share of reached residents called inside their shown window. */
  windowHeld: number;
  /** Median width of the shown window, in minutes. */
  windowWidth: number;
}

const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length);
const share = (items: Prediction[], test: (p: Prediction) => boolean): number => mean(items.map((p) => (test(p) ? 1 : 0)));

export function score(predictions: Prediction[]): Score {
  const reached = predictions.filter((p) => p.actual !== undefined);
  const widths = reached.map((p) => p.model.latest - p.model.earliest).sort((a, b) => a - b);
  const error = (estimate: (p: Prediction) => number): number => mean(reached.map((p) => Math.abs(estimate(p) - p.actual!)));
  return {
    predictions: predictions.length,
    reached: reached.length,
    modelError: error((p) => p.model.admitAt),
    fairNaiveError: error((p) => p.fairNaive),
    naiveError: error((p) => p.naive),
    clairvoyantError: error((p) => p.clairvoyant),
    paceKnownError: error((p) => p.paceKnown),
    modelBias: mean(reached.map((p) => p.model.admitAt - p.actual!)),
    brokenPromises: share(
      predictions.filter((p) => p.model.reach === 'in_time'),
      (p) => p.actual === undefined,
    ),
    falseNotReached: share(
      predictions.filter((p) => p.model.reach === 'probably_not'),
      (p) => p.actual !== undefined,
    ),
    closeToEnd: share(predictions, (p) => p.model.reach === 'close_to_end'),
    windowHeld: share(reached, (p) => p.model.earliest <= p.actual! && p.actual! <= p.model.latest),
    windowWidth: widths[Math.floor(widths.length / 2)] ?? 0,
  };
}

export interface BenchResult {
  family: Family;
  surgeries: number;
  firstSeed: number;
  predictions: Prediction[];
}

// Minutes well after any simulated surgery, to read each visit as it finally stood.
const AFTERWARDS = 24 * 60;

/** What the app would know of the ward before this surgery: the prior from its recent surgeries' consultations. */
export function wardPriorFor(scenario: Scenario, settings: WaitSettings): CallLengthFigures {
  const recent = pastSurgeries(scenario, RECENT_SURGERIES).flatMap((past) => {
    const lengths = surgeryLengths(
      past.scenario.seed.toString(),
      queueAt(past, AFTERWARDS).visits,
      timeAt(-past.scenario.seed).toISOString(),
    );
    return lengths ? [lengths] : [];
  });
  return wardPrior(recent, settings.priorMinutes);
}

/**
 * Simulates `count` seeded surgeries of one family and collects every prediction made in them, each surgery
 * starting from its ward's prior (or, with `wardPriors` false, the council-wide figure alone).
 */
export function runBench(family: Family, count: number, firstSeed: number, settings: WaitSettings, wardPriors = true): BenchResult {
  const predictions = scenarios(count, firstSeed, family).flatMap((scenario) =>
    predictionsFor(simulateSurgery(scenario), settings, wardPriors ? wardPriorFor(scenario, settings) : undefined),
  );
  return { family, surgeries: count, firstSeed, predictions };
}

/** How much lower the model's error (or a reference's) is than the fair baseline's, as a share of the baseline's. */
export function improvement(s: Score, of: 'modelError' | 'clairvoyantError' | 'paceKnownError' = 'modelError'): number {
  return s.fairNaiveError === 0 ? 0 : 1 - s[of] / s.fairNaiveError;
}

export const TARGETS = { improvement: 0.3, brokenPromises: 0.05, falseNotReached: 0.05, windowHeld: 0.8 };
export const COUNCILLOR_COUNTS = [1, 2, 3] as const;

/** Every target the figures miss, in words; none means all are met. */
export function missedTargets(family: Family, moment: Moment, s: Score, byCouncillors: [number, Score][]): string[] {
  const where = `${family} ${MOMENT_WORDS[moment]}`;
  return [
    ...byCouncillors
      .filter(([, c]) => improvement(c) < TARGETS.improvement)
      .map(([k]) => `${where}, ${k} councillor${k === 1 ? '' : 's'}: error not ${TARGETS.improvement * 100}% below the fair baseline`),
    ...(s.brokenPromises > TARGETS.brokenPromises ? [`${where}: more than 5% of promises broken`] : []),
    ...(s.falseNotReached > TARGETS.falseNotReached ? [`${where}: more than 5% of "probably not reached" were reached`] : []),
    ...(s.windowHeld < TARGETS.windowHeld ? [`${where}: window held less than 80% of the time`] : []),
  ];
}
