/**
 * npm run bench:eta [-- --out results.json] [-- --first-seed 1001] [-- --surgeries 200] — replays seeded simulated surgeries of two families (the one the
 * wait model assumes, and one it does not) and compares the model with "10 minutes a place ÷ councillors
 * serving". Beside it, the same model told each evening's true pace shows how far learning the pace could
 * take it: an upper bound, not a result. Fails (exit 1) when any target of the README's "Wait estimates" is missed.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_WAIT_SETTINGS } from '../bot/domain/wait-model';
import {
  COUNCILLOR_COUNTS,
  MOMENTS,
  MOMENT_WORDS,
  Moment,
  Score,
  TARGETS,
  improvement,
  missedTargets,
  runBench,
  score,
} from './simulation/replay';
import { FAMILIES, Family, SIMULATED } from './simulation/surgery-simulator';

const DEFAULT_SURGERIES = 200;
const DEFAULT_FIRST_SEED = 1;

function outPath(args: string[]): string | undefined {
  const index = args.indexOf('--out');
  if (index === -1) return undefined;
  const path = args[index + 1];
  if (!path || path.startsWith('--')) throw new Error('--out needs a file name, for example --out results.json');
  return path;
}

/** The whole number given after `name`, or `otherwise`; anything else refuses to run, with the reason. */
function wholeNumberOf(args: string[], name: string, otherwise: number): number {
  const index = args.indexOf(name);
  if (index === -1) return otherwise;
  const value = Number(args[index + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} needs a whole number from 1, for example ${name} ${otherwise}`);
  return value;
}

const minutes = (value: number): string => value.toFixed(1);
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const round = (value: number, places: number): number => Number(value.toFixed(places));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   '))
    .join('\n');
}

interface MomentFigures {
  score: Score;
  byCouncillors: [number, Score][];
}

function figuresOf(family: Family, surgeries: number, firstSeed: number): Record<Moment, MomentFigures> {
  const { predictions } = runBench(family, surgeries, firstSeed, DEFAULT_WAIT_SETTINGS);
  const of = (moment: Moment): MomentFigures => {
    const here = predictions.filter((p) => p.moment === moment);
    return {
      score: score(here),
      byCouncillors: COUNCILLOR_COUNTS.map((k): [number, Score] => [k, score(here.filter((p) => p.councillors === k))]),
    };
  };
  return { checkIn: of('checkIn'), later: of('later') };
}

function json({ score: s, byCouncillors }: MomentFigures): Record<string, unknown> {
  return {
    predictions: s.predictions,
    reached: s.reached,
    modelError: round(s.modelError, 2),
    fairNaiveError: round(s.fairNaiveError, 2),
    naiveError: round(s.naiveError, 2),
    clairvoyantError: round(s.clairvoyantError, 2),
    falseNotReached: round(s.falseNotReached, 4),
    brokenPromises: round(s.brokenPromises, 4),
    closeToEnd: round(s.closeToEnd, 4),
    windowHeld: round(s.windowHeld, 4),
    windowWidth: round(s.windowWidth, 1),
    improvementByCouncillors: Object.fromEntries(byCouncillors.map(([k, c]) => [k, round(improvement(c), 4)])),
    clairvoyantImprovementByCouncillors: Object.fromEntries(
      byCouncillors.map(([k, c]) => [k, round(improvement(c, 'clairvoyantError'), 4)]),
    ),
    paceKnownError: round(s.paceKnownError, 2),
    paceKnownImprovementByCouncillors: Object.fromEntries(byCouncillors.map(([k, c]) => [k, round(improvement(c, 'paceKnownError'), 4)])),
  };
}

const out = outPath(process.argv.slice(2));
const FIRST_SEED = wholeNumberOf(process.argv.slice(2), '--first-seed', DEFAULT_FIRST_SEED);
const SURGERIES = wholeNumberOf(process.argv.slice(2), '--surgeries', DEFAULT_SURGERIES);
const results = FAMILIES.map((family): [Family, Record<Moment, MomentFigures>] => [family, figuresOf(family, SURGERIES, FIRST_SEED)]);
const missed = results.flatMap(([family, figures]) =>
  MOMENTS.flatMap((m) => missedTargets(family, m, figures[m].score, figures[m].byCouncillors)),
);

for (const [family, figures] of results) {
  console.log(`\n${family}: ${SURGERIES} surgeries (seeds ${FIRST_SEED}–${FIRST_SEED + SURGERIES - 1}), ${SIMULATED[family]}`);
  const column = (m: Moment): Score => figures[m].score;
  console.log(
    table([
      ['', ...MOMENTS.map((m) => MOMENT_WORDS[m])],
      ['Mean absolute error, model (min)', ...MOMENTS.map((m) => minutes(column(m).modelError))],
      ['… fair baseline: 10 min a place ÷ councillors', ...MOMENTS.map((m) => minutes(column(m).fairNaiveError))],
      ['… old baseline: 10 min a place', ...MOMENTS.map((m) => minutes(column(m).naiveError))],
      ...COUNCILLOR_COUNTS.map((k, i) => [
        `Model better than fair baseline, ${k} councillor${k === 1 ? '' : 's'}`,
        ...MOMENTS.map((m) => percent(improvement(figures[m].byCouncillors[i]![1]))),
      ]),
      ["Upper bound, not a result: the model told the evening's true pace (min)", ...MOMENTS.map((m) => minutes(column(m).paceKnownError))],
      ...COUNCILLOR_COUNTS.map((k, i) => [
        `… upper bound better than fair baseline, ${k} councillor${k === 1 ? '' : 's'}`,
        ...MOMENTS.map((m) => percent(improvement(figures[m].byCouncillors[i]![1], 'paceKnownError'))),
      ]),
      ['… clairvoyant reference (min): knows when calls under way end', ...MOMENTS.map((m) => minutes(column(m).clairvoyantError))],
      ...COUNCILLOR_COUNTS.map((k, i) => [
        `… clairvoyant better than fair baseline, ${k} councillor${k === 1 ? '' : 's'}`,
        ...MOMENTS.map((m) => percent(improvement(figures[m].byCouncillors[i]![1], 'clairvoyantError'))),
      ]),
      ['Told "will be seen" but not reached', ...MOMENTS.map((m) => percent(column(m).brokenPromises))],
      ['Told "probably not reached" but reached', ...MOMENTS.map((m) => percent(column(m).falseNotReached))],
      ['Told "it may be close to the end"', ...MOMENTS.map((m) => percent(column(m).closeToEnd))],
      ['Called inside the shown window', ...MOMENTS.map((m) => percent(column(m).windowHeld))],
      ['Median window width (min)', ...MOMENTS.map((m) => minutes(column(m).windowWidth))],
      ['Mean signed error (min, + = said too late)', ...MOMENTS.map((m) => minutes(column(m).modelBias))],
      ['Predictions (reached)', ...MOMENTS.map((m) => `${column(m).predictions} (${column(m).reached})`)],
    ]),
  );
}

console.log(
  `\nTargets, each family, moment and number of councillors: error at least ${percent(TARGETS.improvement)} below the fair baseline; ` +
    `at most 5% of promises broken and of warnings wrong; window held at least 80% of the time.`,
);
console.log(missed.length === 0 ? 'All targets met.' : `Missed:\n- ${missed.join('\n- ')}`);

if (out) {
  const figures = Object.fromEntries(results.map(([family, f]) => [family, { checkIn: json(f.checkIn), later: json(f.later) }]));
  writeFileSync(
    out,
    `${JSON.stringify({ surgeries: SURGERIES, firstSeed: FIRST_SEED, targetsMet: missed.length === 0, missed, ...figures }, null, 2)}\n`,
  );
  console.log(`Figures written to ${out}.`);
}
process.exitCode = missed.length === 0 ? 0 : 1;
