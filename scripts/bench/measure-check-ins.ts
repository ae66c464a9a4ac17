import { performance } from 'node:perf_hooks';
import { median } from '../../bot/domain/call-lengths';
import { AzuriteCounts, countsBetween, countsTogether } from './azurite-counts';
import type { BenchContext } from './bench-context';
import { within } from './pool';
import { cpuMs } from './proc-stats';
import { checkInResidents } from './residents';
import { SseSubscriber } from './sse-subscriber';
import { Summary, summarise } from './stats';

/** CPU time per check-in, in milliseconds, for each process. */
export interface CpuPerCheckIn {
  server: number;
  azurite: number;
  bench: number;
}

export interface CheckInRun {
  /** The last run's surgery, left open with its residents. */
  surgeryId: string;
  /** Residents in each run. */
  residents: number;
  concurrency: number;
  /** All runs together. */
  seconds: number;
  /**
   * Whole check-ins (hello, form, submit) completed per second: the median of the runs' rates, so one run that met
   * a busy moment of the machine does not decide the figure.
   */
  perSecond: number;
  /** Each run's rate, in the order they ran. */
  runRates: number[];
  /** Each run's CPU time per check-in, in the order they ran: tells whose work made a slow run slow. */
  runCpuMsPerCheckIn: CpuPerCheckIn[];
  /** The submit until the place card reached the Bot Connector. */
  submit: Summary;
  /** "hello" until the check-in form reached the Bot Connector: what the resident waits for, over all the runs. */
  hello: Summary;
  /** Each step until its turn was answered to the channel (after the reply was taken). All runs' steps together, as `hello`. */
  turns: { hello: Summary; submit: Summary };
  /** Submit latency by quarter of the runs, as the queue fills (each quarter over all the runs). */
  growth: { from: number; to: number; p50: number }[];
  /** Azurite requests during the run; undefined when this Azurite does not count. */
  azurite?: AzuriteCounts;
  /** Over all the runs. */
  cpuMsPerCheckIn: CpuPerCheckIn;
  serverErrors: number;
}

/** Residents start in order, so the nth result of each run checked in with about n others already in the queue. */
function quarters(runs: number[][]): { from: number; to: number; p50: number }[] {
  const length = runs[0]?.length ?? 0;
  const size = Math.ceil(length / 4);
  const parts = [];
  for (let from = 0; from < length; from += size) {
    const to = Math.min(length, from + size);
    parts.push({ from, to, p50: summarise(runs.flatMap((submitMs) => submitMs.slice(from, to))).p50 });
  }
  return parts;
}

/** "query bench1a2bsurgeries" reads better as "query surgeries". */
function withoutPrefix(counts: AzuriteCounts, tablePrefix: string): AzuriteCounts {
  const byKind = Object.fromEntries(Object.entries(counts.byKind).map(([kind, n]) => [kind.replace(` ${tablePrefix}`, ' '), n]));
  return { ...counts, byKind };
}

/**
 * Check-ins, untimed, in a surgery of their own just before each run's clock starts. After a few seconds' lull this
 * machine does the first second of work at a fraction of its speed: plain node, a loopback HTTP ping-pong with no
 * app code, ran at 3,654 requests a second in its first 1,500 after 10 s idle and 9,000 to 15,000 after. The raw
 * writes the ratio divides by are timed straight after untimed writes of their own; check-ins are timed warm too.
 */
const LEAD_IN_CHECK_INS = 50;

/**
 * One run: `residents` residents check in to a new surgery, `concurrency` at a time, while a councillor's tab follows
 * it, after the lead-in.
 */
async function oneRun(context: BenchContext, residents: number, concurrency: number) {
  const { api, azurite, server } = context;
  const surgeryId = await api.openSurgery('Check-ins');
  const tab = new SseSubscriber(await api.streamUrl(surgeryId));
  await within(tab.opened, 30_000, 'The councillor tab');
  const leadIn = await api.openSurgery('Lead-in');
  await checkInResidents(context, leadIn, Math.min(LEAD_IN_CHECK_INS, residents), concurrency);
  await api.ok('POST', `/api/surgeries/${leadIn}/end`);
  await context.settle();

  const countsBefore = await azurite.counts();
  const cpuBefore = { server: cpuMs(server.pid), azurite: cpuMs(azurite.pid), bench: process.cpuUsage() };
  const errorsBefore = server.errors.count;
  const started = performance.now();
  const times = await checkInResidents(context, surgeryId, residents, concurrency);
  const seconds = (performance.now() - started) / 1000;
  const bench = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    server: cpuMs(server.pid) - cpuBefore.server,
    azurite: cpuMs(azurite.pid) - cpuBefore.azurite,
    bench: (bench.user + bench.system) / 1000,
  };
  const countsAfter = await azurite.counts();

  const queue = await api.queue(surgeryId);
  const waiting = queue.active.filter((row) => row.status === 'waiting').length;
  if (waiting !== residents) throw new Error(`${residents} residents checked in but the queue shows ${waiting} waiting`);
  tab.close();
  const counts = countsBefore && countsAfter ? withoutPrefix(countsBetween(countsBefore, countsAfter), context.tablePrefix) : undefined;
  return { surgeryId, times, seconds, cpu, counts, errors: server.errors.count - errorsBefore };
}

/**
 * `runs` times, `residents` residents check in to a new surgery through /api/messages, `concurrency` at a
 * time, while one councillor's tab follows the live queue (as during a real surgery). Each run's surgery but
 * the last is ended before the next, and its residents told, so runs do not overlap.
 */
export async function measureCheckIns(context: BenchContext, residents: number, concurrency: number, runs = 1): Promise<CheckInRun> {
  const done: Awaited<ReturnType<typeof oneRun>>[] = [];
  for (let run = 0; run < runs; run++) {
    if (run > 0) {
      await context.api.ok('POST', `/api/surgeries/${done[run - 1]!.surgeryId}/end`);
      await context.settle(120_000);
    }
    done.push(await oneRun(context, residents, concurrency));
  }
  const times = done.flatMap((run) => run.times);
  const total = (pick: (cpu: (typeof done)[number]['cpu']) => number) => done.reduce((sum, run) => sum + pick(run.cpu), 0) / times.length;
  const counts = done.every((run) => run.counts) ? done.map((run) => run.counts!).reduce(countsTogether) : undefined;
  const runRates = done.map((run) => residents / run.seconds);
  const perCheckIn = (ms: number) => Math.round((ms / residents) * 100) / 100;
  const runCpuMsPerCheckIn = done.map(({ cpu }) => ({
    server: perCheckIn(cpu.server),
    azurite: perCheckIn(cpu.azurite),
    bench: perCheckIn(cpu.bench),
  }));
  return {
    surgeryId: done[done.length - 1]!.surgeryId,
    residents,
    concurrency,
    seconds: done.reduce((sum, run) => sum + run.seconds, 0),
    perSecond: median(runRates),
    runRates,
    runCpuMsPerCheckIn,
    submit: summarise(times.map((t) => t.submitMs)),
    hello: summarise(times.map((t) => t.helloMs)),
    turns: { hello: summarise(times.map((t) => t.helloTurnMs)), submit: summarise(times.map((t) => t.submitTurnMs)) },
    growth: quarters(done.map((run) => run.times.map((t) => t.submitMs))),
    ...(counts ? { azurite: counts } : {}),
    cpuMsPerCheckIn: { server: total((cpu) => cpu.server), azurite: total((cpu) => cpu.azurite), bench: total((cpu) => cpu.bench) },
    serverErrors: done.reduce((sum, run) => sum + run.errors, 0),
  };
}
