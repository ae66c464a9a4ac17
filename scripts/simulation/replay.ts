import { WaitSettings, forecastWaits, naiveEstimates } from '../../bot/domain/wait-model';
import { queueAt, timeAt } from './queue-at';
import { SimulatedSurgery, scenarios, simulateSurgery } from './surgery-simulator';

export const MOMENTS = ['at check-in', '30 minutes later'] as const;
export type Moment = (typeof MOMENTS)[number];
const LATER_MINUTES = 30;

/** What one drop-in resident was told at one moment, and what then happened. Minutes from the start. */
export interface Prediction {
  moment: Moment;
  councillors: number;
  model: { admitAt: number; earliest: number; latest: number; likelyNotReached: boolean };
  naive: number;
  /** When they were called, or undefined when the surgery ended first. */
  actual: number | undefined;
}

const minutesOf = (time: Date): number => (time.getTime() - timeAt(0).getTime()) / 60_000;

/** Asks both estimates about every drop-in resident when they check in and, if still waiting, 30 minutes later. */
export function predictionsFor(simulated: SimulatedSurgery, settings: WaitSettings): Prediction[] {
  const bookings = simulated.bookings.map((b) => ({ visitId: b.visitId, slotAt: timeAt(b.slotAt) }));
  const predictions: Prediction[] = [];
  for (const resident of simulated.residents.filter((r) => r.slotAt === undefined)) {
    const moments: [Moment, number][] = [
      ['at check-in', resident.checkInAt],
      ['30 minutes later', resident.checkInAt + LATER_MINUTES],
    ];
    for (const [moment, minutes] of moments) {
      const stillWaiting = resident.calledAt === undefined || resident.calledAt >= minutes;
      if (!stillWaiting || minutes >= simulated.lengthMinutes) continue;
      const state = queueAt(simulated, minutes);
      const now = timeAt(minutes);
      const model = forecastWaits({ state, bookings }, settings, now).get(resident.id)!;
      predictions.push({
        moment,
        councillors: simulated.councillors.length,
        model: {
          admitAt: minutesOf(model.admitAt),
          earliest: minutesOf(model.earliest),
          latest: minutesOf(model.latest),
          likelyNotReached: model.likelyNotReached,
        },
        naive: minutesOf(naiveEstimates(state, now).get(resident.id)!),
        actual: resident.calledAt,
      });
    }
  }
  return predictions;
}

export interface Score {
  predictions: number;
  /** Predictions for residents who were reached, which the errors are measured on. */
  reached: number;
  modelError: number;
  naiveError: number;
  /** Model's mean signed error: positive means it said later than it was. */
  modelBias: number;
  /** Share of residents told they would be seen (model: not flagged; naive: estimate before the end) who were not. */
  modelBrokenPromises: number;
  naiveBrokenPromises: number;
  /** Share of residents told they would probably not be reached (naive: estimate after the end) who were reached after all. */
  modelFalseAlarms: number;
  naiveFalseAlarms: number;
  /** Share of reached residents called inside their window. */
  windowHeld: number;
  /** Median width of the window, in minutes. */
  windowWidth: number;
}

const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length);
const share = (items: Prediction[], test: (p: Prediction) => boolean): number => mean(items.map((p) => (test(p) ? 1 : 0)));

export function score(predictions: Prediction[], endMinutes: number): Score {
  const reached = predictions.filter((p) => p.actual !== undefined);
  const widths = reached.map((p) => p.model.latest - p.model.earliest).sort((a, b) => a - b);
  return {
    predictions: predictions.length,
    reached: reached.length,
    modelError: mean(reached.map((p) => Math.abs(p.model.admitAt - p.actual!))),
    naiveError: mean(reached.map((p) => Math.abs(p.naive - p.actual!))),
    modelBias: mean(reached.map((p) => p.model.admitAt - p.actual!)),
    modelBrokenPromises: share(
      predictions.filter((p) => !p.model.likelyNotReached),
      (p) => p.actual === undefined,
    ),
    naiveBrokenPromises: share(
      predictions.filter((p) => p.naive < endMinutes),
      (p) => p.actual === undefined,
    ),
    modelFalseAlarms: share(
      predictions.filter((p) => p.model.likelyNotReached),
      (p) => p.actual !== undefined,
    ),
    naiveFalseAlarms: share(
      predictions.filter((p) => p.naive >= endMinutes),
      (p) => p.actual !== undefined,
    ),
    windowHeld: share(reached, (p) => p.model.earliest <= p.actual! && p.actual! <= p.model.latest),
    windowWidth: widths[Math.floor(widths.length / 2)] ?? 0,
  };
}

export interface BenchResult {
  surgeries: number;
  firstSeed: number;
  endMinutes: number;
  predictions: Prediction[];
}

/** Simulates `count` seeded surgeries and collects every prediction made in them. */
export function runBench(count: number, firstSeed: number, settings: WaitSettings): BenchResult {
  const surgeries = scenarios(count, firstSeed).map(simulateSurgery);
  return {
    surgeries: count,
    firstSeed,
    endMinutes: surgeries[0]?.lengthMinutes ?? 0,
    predictions: surgeries.flatMap((s) => predictionsFor(s, settings)),
  };
}

/** How much lower the model's error is than the naive one's, as a share of the naive one. */
export function improvement(s: Score): number {
  return s.naiveError === 0 ? 0 : 1 - s.modelError / s.naiveError;
}
