/**
 * `npm run bench`: measures the app end to end in one run on this machine and prints a table (plain, then
 * Markdown for the README). Azurite and the server each run in a process of their own; the bench plays the
 * residents, the councillors' tabs and the Bot Connector. See scripts/bench/report.ts for what is printed.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { RecordingConnector } from '../tests/support/recording-connector';
import { seedHistory } from '../tests/support/history';
import { createTableStorage } from '../bot/storage/tables/table-storage';
import { BenchAzurite, startAzurite } from './bench/azurite';
import { BenchApi, SignInRequired } from './bench/bench-api';
import { BenchContext } from './bench/bench-context';
import { measureCheckIns } from './bench/measure-check-ins';
import { AdmitRun, measureAdmit, measureIdle, measureRequestsPerCheckIn, measureSse } from './bench/measure-costs';
import { SseSubscriber } from './bench/sse-subscriber';
import { LiveQueueRun, measureLiveQueue } from './bench/measure-live-queue';
import { RawWriter, combine } from './bench/measure-raw-writes';
import { BenchOptions, PAST_VISITS, USAGE, parseOptions } from './bench/options';
import { cpuMs, machineBusyMs } from './bench/proc-stats';
import { BenchResults, CheckInsWithHistory, detailLines, markdownTable, namedFigures, plainTable } from './bench/report';
import { checkInResidents } from './bench/residents';
import { startServer } from './bench/server-process';
import { settle } from './bench/settle';

const progress = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
/** Check-ins before anything is measured: the server's hot paths optimised, as on an evening's surgery. */
const WARM_UP_CHECK_INS = 150;

type Stops = (() => Promise<void>)[];

async function run(options: BenchOptions, stops: Stops): Promise<BenchResults> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const started = performance.now();
  const cpu = os.cpus();

  progress(`starting Azurite (${options.azurite}) and the recording Bot Connector`);
  const azurite: BenchAzurite = await startAzurite(options.azurite);
  stops.push(() => azurite.stop());
  const connector = await new RecordingConnector().start();
  stops.push(() => connector.stop());
  const tablePrefix = `bench${randomBytes(4).toString('hex')}`;

  // CPU used by our own processes, so what the rest of the machine used can be told apart.
  let retiredServersCpuMs = 0;
  const serverErrors = { count: 0, first: '' };
  const benchAndAzuriteCpuMs = () => {
    const bench = process.cpuUsage();
    return cpuMs(azurite.pid) + (bench.user + bench.system) / 1000;
  };
  const measuring = { at: performance.now(), busy: machineBusyMs(), ours: benchAndAzuriteCpuMs() };

  /**
   * Starts a server on the bench's tables, runs `measure` against it, waits for it to go quiet and stops it.
   * `counting`: the server's storage requests are counted per change (see `countingPerChange`).
   */
  const withServer = async <T>(measure: (context: BenchContext) => Promise<T>, counting = false): Promise<T> => {
    progress('starting a server');
    const server = await startServer({
      tablesConnectionString: azurite.connectionString,
      tablePrefix,
      countingPerChange: counting,
    });
    const stop = () => server.stop();
    stops.push(stop);
    const context: BenchContext = {
      api: new BenchApi(server.url),
      connector,
      azurite,
      server,
      tablePrefix,
      settle: (maxMs) => settle({ connector, azurite, serverPid: server.pid }, maxMs),
    };
    const info = await context.api.ok<{ localMode?: boolean }>('GET', '/api/info');
    if (info.body.localMode !== true)
      throw new Error(`The server is not in local mode (/api/info: ${JSON.stringify(info.body)}); the bench measures local mode only.`);
    const errorsLogged = () => `the server logged ${server.errors.count} error line(s), first: ${server.errors.first.join('\n')}`;
    let result: T;
    try {
      result = await measure(context);
    } catch (error) {
      // A request that failed because the server died says only "fetch failed"; the server's stderr says why.
      const stopped = await server.stopped(2000);
      if (stopped) throw new Error(stopped, { cause: error });
      // A reply that says something went wrong on our side is the resident's view of an error the server logged.
      if (server.errors.count > 0) throw new Error(errorsLogged(), { cause: error });
      throw error;
    }
    await context.settle(60_000);
    if (server.errors.count > 0) progress(errorsLogged());
    serverErrors.count += server.errors.count;
    serverErrors.first ||= server.errors.first[0] ?? '';
    retiredServersCpuMs += cpuMs(server.pid);
    stops.splice(stops.indexOf(stop), 1);
    await server.stop();
    return result;
  };

  /**
   * Check-ins and admits in a throwaway surgery on a new server, before its check-ins are measured. A server that
   * has run for an evening has had its hot paths optimised by V8; a few dozen turns are not enough for that, and
   * the first check-in run would measure the compiler at work.
   */
  const warmUp = async (context: BenchContext): Promise<void> => {
    progress(`warming up: ${WARM_UP_CHECK_INS} check-ins and 5 admits in a throwaway surgery`);
    const surgeryId = await context.api.openSurgery('Warm-up');
    await checkInResidents(context, surgeryId, WARM_UP_CHECK_INS, options.concurrency);
    for (let i = 0; i < 5; i++) await context.api.admitNext(surgeryId);
    await context.api.ok('POST', `/api/surgeries/${surgeryId}/end`);
    await context.settle(60_000);
  };

  /**
   * Each step's storage requests counted on a surgery of its own, then the check-in run. Counted first, on a
   * quiet server: the run's surgery, left open with its residents, would have its place cards refreshed and
   * sent while the counting went on, and every request to Azurite is counted.
   */
  const checkInsNow = async (context: BenchContext, history: number): Promise<CheckInsWithHistory> => {
    progress(`storage requests per check-in: ${options.countedResidents} residents one at a time, with a tab open and without`);
    const counted = await context.api.openSurgery('Counted');
    const requests = await measureRequestsPerCheckIn(context, counted, options.countedResidents);
    await context.api.ok('POST', `/api/surgeries/${counted}/end`);
    await context.settle(60_000);
    progress(
      `check-ins with ${history} past surgeries: ${options.runs} run(s) of ${options.residents} residents, ${options.concurrency} in flight`,
    );
    const run = await measureCheckIns(context, options.residents, options.concurrency, options.runs);
    return { past: history, checkIns: run, requests };
  };

  const { raw, byPast, ending } = await withServer(async (context) => {
    await warmUp(context);

    // Half the raw writes just before the check-ins and half just after, so the ratio between the two is
    // not skewed by whatever else the machine happens to be doing at one moment.
    const writer = new RawWriter(azurite.connectionString, `${tablePrefix}rawwrites`, options.concurrency, azurite.pid);
    await writer.prepare();
    const half = Math.ceil(options.rawWrites / 2);
    progress(`raw Azurite writes: ${half}, ${options.concurrency} in flight`);
    const rawBefore = await writer.measure(half);

    const fresh = await checkInsNow(context, 0);
    progress(`ending the check-in surgery (${options.residents} residents to tell)`);
    const endStarted = performance.now();
    await context.api.ok('POST', `/api/surgeries/${fresh.checkIns.surgeryId}/end`);
    const settling = performance.now();
    const ended = await context.settle(120_000);
    const endSeconds = (settling - endStarted + ended.waitedMs) / 1000;

    progress(`storing ${options.past} past surgeries of ${PAST_VISITS} visits each`);
    const storage = await createTableStorage({ connectionString: azurite.connectionString, tablePrefix, allowInsecureConnection: true });
    await seedHistory(storage, options.past, PAST_VISITS);
    await context.settle(60_000);
    const old = await checkInsNow(context, options.past);
    await context.api.ok('POST', `/api/surgeries/${old.checkIns.surgeryId}/end`);
    await context.settle(120_000);

    progress(`raw Azurite writes: ${options.rawWrites - half}, ${options.concurrency} in flight`);
    const rawWrites = combine([rawBefore, await writer.measure(options.rawWrites - half)], options.concurrency);
    return {
      raw: rawWrites,
      byPast: [fresh, old],
      ending: { residents: options.residents, seconds: endSeconds, quiet: ended.quiet },
    };
  }, true);
  const checkIns = byPast[0]!.checkIns;

  const open = await withServer(async (context) => {
    await warmUp(context);
    progress(`${options.open} surgeries open at once, each with a tab`);
    const others = [];
    for (let i = 1; i < options.open; i++) {
      const surgeryId = await context.api.openSurgery(`Open ${i}`);
      const tab = new SseSubscriber(await context.api.streamUrl(surgeryId));
      await tab.opened;
      others.push({ surgeryId, tab });
    }
    const result = await checkInsNow(context, options.past);
    for (const { surgeryId, tab } of others) {
      tab.close();
      await context.api.ok('POST', `/api/surgeries/${surgeryId}/end`);
    }
    await context.api.ok('POST', `/api/surgeries/${result.checkIns.surgeryId}/end`);
    return { surgeries: options.open, ...result };
  }, true);

  const admits = await withServer(async (context) => {
    const runs: AdmitRun[] = [];
    for (const waiting of options.admitWaiting) {
      progress(`admit next with ${waiting} waiting, ${options.admitRounds} time(s): storage requests and the last place card`);
      runs.push(await measureAdmit(context, waiting, options.admitRounds));
    }
    return runs;
  }, true);

  const sse = await withServer(async (context) => {
    progress(`a second server on the same tables; ${options.sseRounds} admits timed to a tab on each`);
    const other = await startServer({ tablesConnectionString: azurite.connectionString, tablePrefix });
    try {
      return await measureSse(context, other, options.sseRounds);
    } finally {
      await other.stop();
    }
  });

  const idleRequestsPerSecond = await withServer(async (context) => {
    progress(`an idle server: storage requests over ${options.idleSeconds} s`);
    return measureIdle(context, options.idleSeconds);
  });

  const live: LiveQueueRun[] = [];
  for (const { subscribers, rounds } of options.liveQueue) {
    live.push(
      await withServer((context) => {
        progress(`live queue: ${subscribers} tab(s), ${rounds} admits with ${options.waiting} waiting`);
        return measureLiveQueue(context, subscribers, rounds, options.waiting);
      }),
    );
  }

  const elapsedMs = performance.now() - measuring.at;
  const otherCores = (machineBusyMs() - measuring.busy - (benchAndAzuriteCpuMs() - measuring.ours) - retiredServersCpuMs) / elapsedMs;
  return {
    startedAt,
    seconds: (performance.now() - started) / 1000,
    machine: {
      node: process.version,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown CPU',
      memoryGb: os.totalmem() / 1024 ** 3,
      os: `${os.type()} ${os.release()}`,
      otherCores: Math.max(0, otherCores),
      loadAtStart,
    },
    pastSurgeries: options.past,
    storage: azurite.description,
    serverErrors,
    checkIns,
    byPast,
    open,
    admits,
    sse,
    idleRequestsPerSecond,
    raw,
    live,
    ending,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined
    ? (error.stack ?? error.message)
    : `${error.stack ?? error.message}\nCaused by: ${describe(error.cause)}`;
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parseOptions(process.argv.slice(2));
  const stops: Stops = [];
  const stopAll = async () => {
    // Last started, first stopped: servers before Azurite and the connector they use.
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => progress(`while stopping: ${String(error)}`));
  };
  const abandon = (why: string) => {
    progress(why);
    void stopAll().finally(() => process.exit(1));
  };
  const deadline = setTimeout(() => abandon(`gave up after ${options.maxSeconds} s`), options.maxSeconds * 1000);
  process.once('SIGINT', () => abandon('interrupted'));
  process.once('SIGTERM', () => abandon('stopped'));
  try {
    const results = await run(options, stops);
    await stopAll();
    if (options.out) writeFileSync(options.out, `${JSON.stringify(namedFigures(results), null, 2)}\n`);
    process.stdout.write(
      `\n${plainTable(results)}\n\n${detailLines(results)}\n\nMarkdown for the README's performance section:\n\n${markdownTable(results)}\n`,
    );
    return 0;
  } catch (error) {
    progress(error instanceof SignInRequired ? error.message : `failed: ${describe(error)}`);
    return error instanceof SignInRequired ? 2 : 1;
  } finally {
    clearTimeout(deadline);
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
