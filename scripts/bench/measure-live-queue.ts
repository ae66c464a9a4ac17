import { performance } from 'node:perf_hooks';
import type { QueueView } from '../../bot/api-types';
import type { BenchContext } from './bench-context';
import { within } from './pool';
import { cpuMs, rssBytes } from './proc-stats';
import { checkInResidents } from './residents';
import { SseSubscriber, showsVisitStatus } from './sse-subscriber';
import { Summary, summarise } from './stats';

export interface LiveQueueRun {
  subscribers: number;
  rounds: number;
  waiting: number;
  /** POST /admit-next round trips, each with `waiting` residents waiting. */
  admit: Summary;
  /** From the start of each admit-next request to each subscribed tab receiving the view that shows it. */
  toTab: Summary;
  /** For each admit, when the last tab had the view: shows whether a slow p95 is one bad round or all of them. */
  lastTabMs: number[];
  openSeconds: number;
  /** CPU time per round (admit, joined, seen, one check-in, and every tab's views), in milliseconds. */
  cpuMsPerRound: { server: number; bench: number };
  /**
   * Server memory (RSS): once `waiting` residents are in, before the streams open; once all are open; the
   * most seen while the rounds ran; and after them. Garbage is not collected first, so small differences
   * are noise.
   */
  rss: { before: number; open: number; duringRounds: number; after: number };
  serverErrors: number;
}

const OPEN_BATCH = 50;

async function openTabs(context: BenchContext, surgeryId: string, count: number): Promise<SseSubscriber[]> {
  const tabs: SseSubscriber[] = [];
  try {
    while (tabs.length < count) {
      // A fresh ticket per batch, as tickets are short-lived (local mode needs none; the server ignores it).
      const url = await context.api.streamUrl(surgeryId);
      const batch = Array.from({ length: Math.min(OPEN_BATCH, count - tabs.length) }, () => new SseSubscriber(url));
      tabs.push(...batch);
      await within(Promise.all(batch.map((tab) => tab.opened)), 60_000, `Opening live queues (${tabs.length} of ${count})`);
    }
    return tabs;
  } catch (error) {
    for (const tab of tabs) tab.close();
    throw error;
  }
}

function nextToCall(view: QueueView): string {
  const next = view.active.find((row) => row.status === 'waiting' && row.position === 1);
  if (!next) throw new Error('Nobody is waiting to be called');
  return next.visitId;
}

/**
 * A surgery with `waiting` residents waiting and `subscribers` tabs following it, on a server started for
 * this measurement (so its memory figures are this run's, not left over from earlier ones). Each round:
 * the server goes quiet, a councillor presses Admit next (timed), every tab waits for the view showing
 * that resident called (timed from the request's start); then the resident is marked joined and seen and
 * a new resident checks in, so every round starts with the same number waiting.
 */
export async function measureLiveQueue(context: BenchContext, subscribers: number, rounds: number, waiting: number): Promise<LiveQueueRun> {
  const { api, server } = context;
  const errorsBefore = server.errors.count;
  const surgeryId = await api.openSurgery(`Live ${subscribers}`);
  await checkInResidents(context, surgeryId, waiting, 4);
  await context.settle();

  const before = rssBytes(server.pid);
  const openStarted = performance.now();
  const tabs = await openTabs(context, surgeryId, subscribers);
  const openSeconds = (performance.now() - openStarted) / 1000;
  const admits: number[] = [];
  const toTab: number[] = [];
  const lastTabMs: number[] = [];
  let open: number;
  let roundsFrom: { server: number; bench: NodeJS.CpuUsage };
  let cpuMsPerRound: { server: number; bench: number };
  // Sampled, since the kernel's own peak (VmHWM) covers the server's whole life, not these rounds.
  let duringRounds = 0;
  const sampler = setInterval(() => {
    try {
      duringRounds = Math.max(duringRounds, rssBytes(server.pid));
    } catch {
      // The server has gone; the round waiting on it reports why.
    }
  }, 50);
  try {
    await context.settle();
    open = rssBytes(server.pid);
    roundsFrom = { server: cpuMs(server.pid), bench: process.cpuUsage() };
    // Round 0 is not timed: it warms up the admit path of a freshly started server.
    for (let round = 0; round <= rounds; round++) {
      const visitId = nextToCall(await api.queue(surgeryId));
      const arrivals = tabs.map((tab) => tab.next(showsVisitStatus(visitId, 'called')));
      const started = performance.now();
      const admitted = await api.admitNext(surgeryId);
      if (admitted.body.called.visitId !== visitId)
        throw new Error(`Admit next called ${admitted.body.called.visitId}, not the first in the queue (${visitId})`);
      const arrived = await within(Promise.all(arrivals), 60_000, `Live queue views after admit ${round}`);
      if (round > 0) {
        admits.push(admitted.ms);
        for (const arrivedAt of arrived) toTab.push(arrivedAt - started);
        lastTabMs.push(Math.max(...arrived) - started);
      }
      await context.settle();

      await api.ok('POST', `/api/surgeries/${surgeryId}/visits/${visitId}/joined`);
      await api.ok('POST', `/api/surgeries/${surgeryId}/visits/${visitId}/seen`, { outcome: 'Advice given' });
      await checkInResidents(context, surgeryId, 1, 1);
      await context.settle();
    }
    const bench = process.cpuUsage(roundsFrom.bench);
    // Round 0 is in these, so divide by all the rounds run.
    cpuMsPerRound = {
      server: (cpuMs(server.pid) - roundsFrom.server) / (rounds + 1),
      bench: (bench.user + bench.system) / 1000 / (rounds + 1),
    };
  } finally {
    clearInterval(sampler);
    for (const tab of tabs) tab.close();
  }
  const after = rssBytes(server.pid);
  await api.ok('POST', `/api/surgeries/${surgeryId}/end`);
  await context.settle(60_000);
  return {
    subscribers,
    rounds,
    waiting,
    admit: summarise(admits),
    toTab: summarise(toTab),
    lastTabMs,
    openSeconds,
    cpuMsPerRound,
    rss: { before, open, duringRounds, after },
    serverErrors: server.errors.count - errorsBefore,
  };
}
