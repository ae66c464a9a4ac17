import { performance } from 'node:perf_hooks';
import { AzuriteCounts, countsBetween } from './azurite-counts';
import type { BenchContext } from './bench-context';
import { within } from './pool';
import { cpuMs } from './proc-stats';
import { checkInResidents } from './residents';
import { SseSubscriber } from './sse-subscriber';
import { Summary, summarise } from './stats';

export interface CheckInRun {
  surgeryId: string;
  residents: number;
  concurrency: number;
  seconds: number;
  /** Whole check-ins (hello, form, submit) completed per second. */
  perSecond: number;
  /** The submit until the place card reached the Bot Connector. */
  submit: Summary;
  /** "hello" until the check-in form reached the Bot Connector: what the resident waits for. */
  hello: Summary;
  /** Each step until its turn was answered to the channel (after the reply was taken). */
  turns: { hello: Summary; submit: Summary };
  /** Submit latency by quarter of the run, as the queue fills. */
  growth: { from: number; to: number; p50: number }[];
  /** Azurite requests during the run; undefined when this Azurite does not count. */
  azurite?: AzuriteCounts;
  /** CPU time per check-in, in milliseconds, for each process. */
  cpuMsPerCheckIn: { server: number; azurite: number; bench: number };
  serverErrors: number;
}

/** Residents start in order, so the nth result checked in with about n others already in the queue. */
function quarters(submitMs: number[]): { from: number; to: number; p50: number }[] {
  const size = Math.ceil(submitMs.length / 4);
  const parts = [];
  for (let from = 0; from < submitMs.length; from += size) {
    const to = Math.min(submitMs.length, from + size);
    parts.push({ from, to, p50: summarise(submitMs.slice(from, to)).p50 });
  }
  return parts;
}

/** "query bench1a2bsurgeries" reads better as "query surgeries". */
function withoutPrefix(counts: AzuriteCounts, tablePrefix: string): AzuriteCounts {
  const byKind = Object.fromEntries(Object.entries(counts.byKind).map(([kind, n]) => [kind.replace(` ${tablePrefix}`, ' '), n]));
  return { ...counts, byKind };
}

/**
 * `residents` residents check in to one new surgery through /api/messages, `concurrency` at a time,
 * while one councillor's tab follows the live queue (as during a real surgery).
 */
export async function measureCheckIns(context: BenchContext, residents: number, concurrency: number): Promise<CheckInRun> {
  const { api, azurite, server } = context;
  const surgeryId = await api.openSurgery('Check-ins');
  const tab = new SseSubscriber(await api.streamUrl(surgeryId));
  await within(tab.opened, 30_000, 'The councillor tab');
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

  return {
    surgeryId,
    residents,
    concurrency,
    seconds,
    perSecond: residents / seconds,
    submit: summarise(times.map((t) => t.submitMs)),
    hello: summarise(times.map((t) => t.helloMs)),
    turns: { hello: summarise(times.map((t) => t.helloTurnMs)), submit: summarise(times.map((t) => t.submitTurnMs)) },
    growth: quarters(times.map((t) => t.submitMs)),
    ...(countsBefore && countsAfter ? { azurite: withoutPrefix(countsBetween(countsBefore, countsAfter), context.tablePrefix) } : {}),
    cpuMsPerCheckIn: { server: cpu.server / residents, azurite: cpu.azurite / residents, bench: cpu.bench / residents },
    serverErrors: server.errors.count - errorsBefore,
  };
}
