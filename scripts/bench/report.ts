import type { CheckInRun, CpuPerCheckIn } from './measure-check-ins';
import type { LiveQueueRun } from './measure-live-queue';
import type { AdmitRun, RequestsPerCheckIn, SseRun } from './measure-costs';
import type { RawWrites } from './measure-raw-writes';
import { megabytes, ms, perSecond } from './stats';

export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  /** CPU cores that other processes on the machine kept busy, on average, while the bench measured. */
  otherCores: number;
  /** The one-minute load average as the bench started. */
  loadAtStart: number;
}

/** A check-in run with this much history stored, and what each of its steps asked of storage. */
export interface CheckInsWithHistory {
  past: number;
  checkIns: CheckInRun;
  requests: RequestsPerCheckIn;
}

export interface BenchResults {
  startedAt: Date;
  seconds: number;
  machine: Machine;
  storage: string;
  /** Past surgeries stored before the check-ins (--past). */
  pastSurgeries: number;
  /** The run with no history (as byPast[0]). */
  checkIns: CheckInRun;
  /** With no history, then with `pastSurgeries`. */
  byPast: CheckInsWithHistory[];
  /** With this many surgeries open at once, each with a tab, and `pastSurgeries` of history. */
  open: CheckInsWithHistory & { surgeries: number };
  admits: AdmitRun[];
  sse: SseRun;
  idleRequestsPerSecond: number;
  raw: RawWrites;
  live: LiveQueueRun[];
  serverErrors: { count: number; first: string };
  /** Ending the check-in surgery: how long the server took to tell every waiting resident. */
  ending: { residents: number; seconds: number; quiet: boolean };
}

type Row = [measure: string, result: string];

const pair = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;
/** "200 residents", or "3 runs of 200 residents, the median run's rate". */
const runsOf = ({ residents, runRates }: CheckInRun): string =>
  runRates.length === 1 ? `${residents} residents` : `${runRates.length} runs of ${residents} residents, the median run's rate`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function resultRows(results: BenchResults): Row[] {
  const { checkIns, raw, live } = results;
  const ratio = checkIns.perSecond / raw.perSecond;
  const rows: Row[] = [
    [
      `Check-ins through /api/messages (${runsOf(checkIns)}, ${checkIns.concurrency} in flight, one surgery, 1 tab open)`,
      perSecond(checkIns.perSecond),
    ],
    ['  check-in submit until the place card reaches the Bot Connector, p50 / p99', pair(checkIns.submit.p50, checkIns.submit.p99)],
    ['  "hello" until the form reaches the Bot Connector, p50 / p99', pair(checkIns.hello.p50, checkIns.hello.p99)],
    [
      '  the channel\'s request answered (after the reply was taken): "hello" / submit, p50',
      pair(checkIns.turns.hello.p50, checkIns.turns.submit.p50),
    ],
    [
      `Raw Azurite point writes (upsertEntity, ${raw.concurrency} in flight, half just before and half just after the check-ins)`,
      perSecond(raw.perSecond),
    ],
    ['  write latency, p50 / p99', pair(raw.latency.p50, raw.latency.p99)],
    ['Check-ins per raw write (the ratio that matters)', `${ratio.toFixed(3)} (one check-in ≈ ${Math.round(1 / ratio)} raw writes)`],
  ];
  const requests = ({ requests: r }: CheckInsWithHistory) => `${r.hello.toFixed(1)} + ${r.submit.toFixed(1)} + ${r.tabRefresh.toFixed(1)}`;
  for (const run of [...results.byPast, results.open]) {
    const where = 'surgeries' in run ? `${run.surgeries} surgeries open, each with a tab, ${run.past} past` : `${run.past} past surgeries`;
    rows.push(
      [
        `${where}: check-ins per raw write${run.checkIns.runRates.length > 1 ? ' (each run)' : ''}`,
        `${(run.checkIns.perSecond / raw.perSecond).toFixed(3)}${
          run.checkIns.runRates.length > 1 ? ` (${run.checkIns.runRates.map((rate) => (rate / raw.perSecond).toFixed(3)).join(', ')})` : ''
        }`,
      ],
      [
        `  "hello" until the form reaches the Bot Connector, p50 (its turn answered)`,
        `${ms(run.checkIns.hello.p50)} (${ms(run.checkIns.turns.hello.p50)})`,
      ],
      [`  storage requests per check-in: hello + submit + one tab's refresh`, requests(run)],
    );
  }
  for (const run of results.admits)
    rows.push([
      `Admit next with ${run.waiting} waiting: p50, storage requests, last place card`,
      `${ms(run.admit.p50)}, ${run.requests.toFixed(0)}, ${ms(run.lastCardMs)}`,
    ]);
  rows.push(
    ['Queue change → tab over SSE, same instance, p50 / p95', pair(results.sse.same.p50, results.sse.same.p95)],
    ['Queue change → tab over SSE, another instance, p50 / p95', pair(results.sse.other.p50, results.sse.other.p95)],
    ['Idle server, nothing open, no tab: storage requests a second', results.idleRequestsPerSecond.toFixed(2)],
  );
  for (const run of live) {
    rows.push([
      `Queue change → tab over SSE, ${plural(run.subscribers, 'tab')} subscribed, p50 / p95 (${run.rounds} admits)`,
      pair(run.toTab.p50, run.toTab.p95),
    ]);
  }
  const fewest = [...live].sort((a, b) => a.subscribers - b.subscribers)[0];
  if (fewest) {
    rows.push([
      `Admit next with ${fewest.waiting} waiting, p50 / p95 (${fewest.rounds} admits, ${plural(fewest.subscribers, 'tab')} open)`,
      pair(fewest.admit.p50, fewest.admit.p95),
    ]);
  }
  const most = [...live].sort((a, b) => b.subscribers - a.subscribers)[0];
  if (most) {
    const perStream = (most.rss.open - most.rss.before) / most.subscribers / 1024;
    rows.push([
      `Server memory (RSS), ${most.waiting} waiting, idle → ${most.subscribers} open streams (fresh server)`,
      `${megabytes(most.rss.before)} → ${megabytes(most.rss.open)} (at most ${Math.max(0, perStream).toFixed(0)} KB per stream); up to ${megabytes(most.rss.duringRounds)} while they received updates`,
    ]);
  }
  return rows;
}

function headerLines(results: BenchResults): string[] {
  const { machine } = results;
  return [
    `Measured ${results.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC in one run of ${results.seconds.toFixed(0)} s`,
    `Machine: Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb.toFixed(0)} GB RAM, ${machine.os}`,
    `Other processes kept ${machine.otherCores.toFixed(2)} of ${machine.cpus} cores busy on average meanwhile (load average ${machine.loadAtStart.toFixed(2)} at the start)`,
    `History: none for the first check-in run, then ${results.pastSurgeries} past surgeries of 15 visits stored through the app's storage code`,
    `Storage: ${results.storage}`,
    'Server: bot/index.ts compiled by tsc (tsconfig.build.json) and run by node in its own process, as production runs it, local mode, default settings except per-address rate limits raised ' +
      '(every simulated client is 127.0.0.1), started afresh for each live-queue line; the bench, its tabs and its Bot Connector run on the same machine',
    results.serverErrors.count === 0
      ? 'The server logged no errors'
      : `WARNING: the server logged ${results.serverErrors.count} error lines (first: ${results.serverErrors.first}), so these figures may not be representative`,
  ];
}

export function plainTable(results: BenchResults): string {
  const rows = resultRows(results);
  const width = Math.max(...rows.map(([measure]) => measure.length));
  const rule = '-'.repeat(width + 2 + Math.max(...rows.map(([, result]) => result.length)));
  return [
    'Surgery Queue benchmark',
    ...headerLines(results),
    '',
    `${'Measure'.padEnd(width)}  Result`,
    rule,
    ...rows.map(([measure, result]) => `${measure.padEnd(width)}  ${result}`),
  ].join('\n');
}

export function markdownTable(results: BenchResults): string {
  const cell = (text: string) => text.trim().replace(/\|/g, '\\|');
  return [
    ...headerLines(results).map((line) => `${line}.  `),
    '',
    '| Measure | Result |',
    '| --- | --- |',
    ...resultRows(results).map(([measure, result]) => `| ${measure.startsWith('  ') ? '↳ ' : ''}${cell(measure)} | ${cell(result)} |`),
  ].join('\n');
}

/** Where the time goes: the figures behind the table, for whoever wants to make it faster. */
export function detailLines(results: BenchResults): string {
  const { checkIns, live, ending } = results;
  const lines = ['Where the time goes (check-in run):'];
  const { cpuMsPerCheckIn: cpu } = checkIns;
  const checkInCpu = cpu.server + cpu.azurite + cpu.bench;
  lines.push(
    `  CPU per check-in: server ${cpu.server.toFixed(1)} ms, Azurite ${cpu.azurite.toFixed(1)} ms, bench (residents, tab, connector) ${cpu.bench.toFixed(1)} ms`,
  );
  for (const run of [...results.byPast, results.open]) {
    const runs = run.checkIns.runCpuMsPerCheckIn;
    if (runs.length < 2) continue;
    const each = (pick: (cpu: CpuPerCheckIn) => number) => runs.map((cpu) => pick(cpu).toFixed(1)).join(' / ');
    lines.push(
      `    each run, ${'surgeries' in run ? `${run.surgeries} open` : `${run.past} past`}: server ${each((c) => c.server)} ms, Azurite ${each((c) => c.azurite)} ms, bench ${each((c) => c.bench)} ms`,
    );
  }
  lines.push(
    `  CPU per raw write (Azurite and client): ${results.raw.cpuMsPerWrite.toFixed(2)} ms, so by CPU one check-in ≈ ${Math.round(checkInCpu / results.raw.cpuMsPerWrite)} raw writes ` +
      `(raw write rate just before / after the check-ins: ${results.raw.batchRates.map((r) => perSecond(r)).join(' / ')})`,
  );
  if (checkIns.azurite) {
    const { azurite } = checkIns;
    const checkedIn = checkIns.residents * checkIns.runRates.length;
    const per = (n: number) => (n / checkedIn).toFixed(1);
    lines.push(`  Azurite requests per check-in (hello + submit + the tab's refresh): ${per(azurite.total)}`);
    for (const [kind, n] of Object.entries(azurite.byKind).sort((a, b) => b[1] - a[1])) lines.push(`    ${per(n).padStart(6)}  ${kind}`);
    lines.push(
      `  Queue saves refused on a stale ETag (then retried): ${azurite.conflicts} in ${checkedIn} check-ins; Azurite failures: ${azurite.failures}`,
    );
  } else {
    lines.push('  Azurite request counts: not available with the azurite-table CLI (use --azurite=process)');
  }
  const { growth } = checkIns;
  lines.push(`  Submit latency p50 as the queue grows: ${growth.map((g) => `${ms(g.p50)} (${g.from}–${g.to} already in)`).join(', ')}`);
  lines.push(`  Server error lines logged: ${checkIns.serverErrors}`);
  lines.push(
    `Ending that surgery with ${ending.residents} waiting: the server told them all in ${ending.seconds.toFixed(1)} s${ending.quiet ? '' : ' (still busy when the bench gave up waiting)'}`,
  );
  for (const run of live) {
    lines.push(
      `Live queue, ${plural(run.subscribers, 'tab')}: opened in ${run.openSeconds.toFixed(1)} s; admit next p50 / p95 ${pair(run.admit.p50, run.admit.p95)}; ` +
        `to tab p99 / max ${pair(run.toTab.p99, run.toTab.max)} over ${run.toTab.count} deliveries; RSS ${megabytes(run.rss.before)} → ${megabytes(run.rss.open)} open, up to ${megabytes(run.rss.duringRounds)} during the admits, ${megabytes(run.rss.after)} after; server errors ${run.serverErrors}`,
    );
    lines.push(`  last tab served, per admit: ${run.lastTabMs.map((t) => Math.round(t)).join(', ')} ms`);
    lines.push(
      `  CPU per round (admit, joined, seen, a check-in, all views): server ${Math.round(run.cpuMsPerRound.server)} ms, bench and its tabs ${Math.round(run.cpuMsPerRound.bench)} ms`,
    );
  }
  lines.push('RSS is read from /proc without collecting garbage first, so "per stream" is an upper bound.');
  return lines.join('\n');
}

/**
 * The results by name, as `--out` writes them: the check-in figures under `past<N>` for the history the
 * run had, and each live-queue line by its number of tabs.
 */
export function namedFigures(results: BenchResults) {
  const { raw, live, machine, byPast, open, admits, sse } = results;
  const checkInFigures = ({ checkIns, requests }: CheckInsWithHistory) => ({
    checkInsPerSecond: checkIns.perSecond,
    checkInsPerRawWrite: checkIns.perSecond / raw.perSecond,
    checkInRunsPerSecond: checkIns.runRates,
    checkInRunsCpuMsPerCheckIn: checkIns.runCpuMsPerCheckIn,
    requestsPerCheckIn: requests,
    helloP50Ms: checkIns.hello.p50,
    submitP50Ms: checkIns.submit.p50,
    helloTurnP50Ms: checkIns.turns.hello.p50,
    submitTurnP50Ms: checkIns.turns.submit.p50,
  });
  const most = [...live].sort((a, b) => b.subscribers - a.subscribers)[0];
  return {
    measuredAt: results.startedAt.toISOString(),
    machine: { cpus: machine.cpus, loadAtStart: machine.loadAtStart, otherCores: machine.otherCores, node: machine.node },
    ...Object.fromEntries(byPast.map((run) => [`past${run.past}`, checkInFigures(run)])),
    [`open${open.surgeries}`]: checkInFigures(open),
    ...Object.fromEntries(
      admits.map((run) => [`admit${run.waiting}`, { p50Ms: run.admit.p50, requests: run.requests, lastCardMs: run.lastCardMs }]),
    ),
    sseSameP50Ms: sse.same.p50,
    sseSameP95Ms: sse.same.p95,
    sseOtherP50Ms: sse.other.p50,
    sseOtherP95Ms: sse.other.p95,
    idleRequestsPerSecond: results.idleRequestsPerSecond,
    ...(most ? { [`rssMbWith${most.subscribers}Streams`]: most.rss.open / 1024 ** 2 } : {}),
    rawWritesPerSecond: raw.perSecond,
    live: live.map((run) => ({
      tabs: run.subscribers,
      waiting: run.waiting,
      admitP50Ms: run.admit.p50,
      sseSameP50Ms: run.toTab.p50,
      sseSameP95Ms: run.toTab.p95,
      rssOpenBytes: run.rss.open,
    })),
    serverErrors: results.serverErrors.count,
  };
}
