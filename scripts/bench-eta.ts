/**
 * npm run bench:eta — replays seeded simulated surgeries and compares the wait model with the naive
 * "position x 10 minutes". Fails (exit 1) when the model's error is not at least 40% below the naive one.
 */
import { DEFAULT_WAIT_SETTINGS } from '../bot/domain/wait-model';
import { MOMENTS, Score, improvement, runBench, score } from './simulation/replay';
import { SIMULATED } from './simulation/surgery-simulator';

const SURGERIES = 200;
const FIRST_SEED = 1;
const TARGET = 0.4;

const minutes = (value: number): string => value.toFixed(1);
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   '))
    .join('\n');
}

const started = Date.now();
const bench = runBench(SURGERIES, FIRST_SEED, DEFAULT_WAIT_SETTINGS);
const scores = MOMENTS.map((moment): [string, Score] => [
  moment,
  score(
    bench.predictions.filter((p) => p.moment === moment),
    bench.endMinutes,
  ),
]);

console.log(
  `Estimated wait: ${bench.surgeries} simulated surgeries (seeds ${bench.firstSeed}–${bench.firstSeed + bench.surgeries - 1}), ` +
    `${bench.predictions.length} predictions for drop-in residents`,
);
console.log(`${SIMULATED}\n`);
console.log(
  table([
    ['', 'model', 'naive', 'model better by'],
    ...scores.map(([moment, s]) => [
      `Mean absolute error ${moment} (min)`,
      minutes(s.modelError),
      minutes(s.naiveError),
      percent(improvement(s)),
    ]),
    ...scores.map(([moment, s]) => [
      `Told they would be seen but were not, ${moment}`,
      percent(s.modelBrokenPromises),
      percent(s.naiveBrokenPromises),
      '',
    ]),
    ...scores.map(([moment, s]) => [
      `Told probably not reached but were, ${moment}`,
      percent(s.modelFalseAlarms),
      percent(s.naiveFalseAlarms),
      '',
    ]),
    ...scores.map(([moment, s]) => [
      `Called inside the window ${moment} (median width)`,
      `${percent(s.windowHeld)} (${minutes(s.windowWidth)} min)`,
      '',
      '',
    ]),
    ...scores.map(([moment, s]) => [`Mean signed error ${moment} (min, + = said too late)`, minutes(s.modelBias), '', '']),
  ]),
);

console.log('\nMean absolute error by number of councillors (min), both moments');
console.log(
  table([
    ['councillors', 'model', 'naive', 'model better by', 'predictions'],
    ...[1, 2, 3].map((k) => {
      const s = score(
        bench.predictions.filter((p) => p.councillors === k),
        bench.endMinutes,
      );
      return [String(k), minutes(s.modelError), minutes(s.naiveError), percent(improvement(s)), String(s.predictions)];
    }),
  ]),
);

const missed = scores.filter(([, s]) => improvement(s) < TARGET);
console.log(`\nTarget: model's mean absolute error at least ${percent(TARGET)} below naive at check-in and 30 minutes later.`);
console.log(missed.length === 0 ? 'Target met.' : `Target missed ${missed.map(([moment]) => moment).join(' and ')}.`);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = missed.length === 0 ? 0 : 1;
