import { performance } from 'node:perf_hooks';
import type { QueueView } from '../../bot/api-types';
import type { BenchContext } from './bench-context';
import { sleep, within } from './pool';
import { formDetails, checkInResidents } from './residents';
import { BenchResident } from './resident';
import type { ServerProcess } from './server-process';
import { BenchApi } from './bench-api';
import { SseSubscriber, showsVisitStatus } from './sse-subscriber';
import { Summary, summarise } from './stats';
import { countsBetween, stepRequests } from './azurite-counts';

/** Storage requests one check-in makes, by step, averaged over residents checking in one at a time. */
export interface RequestsPerCheckIn {
  hello: number;
  submit: number;
  /** What one open tab's refresh adds to a check-in: the same check-ins with and without a tab, told apart. */
  tabRefresh: number;
}

async function requestsBetween(context: BenchContext, surgeryId: string, step: () => Promise<unknown>): Promise<number> {
  await context.settle();
  const before = await context.azurite.counts();
  await step();
  await context.settle();
  const after = await context.azurite.counts();
  return before && after ? stepRequests(countsBetween(before, after), surgeryId) : Number.NaN;
}

let counted = 100_000;

/** `residents` check in one after another with a tab open, then as many with none; each step counted on Azurite. */
export async function measureRequestsPerCheckIn(context: BenchContext, surgeryId: string, residents: number): Promise<RequestsPerCheckIn> {
  const stepsOf = async () => {
    let hello = 0;
    let submit = 0;
    for (let i = 0; i < residents; i++) {
      const resident = new BenchResident(context.api.baseUrl, context.connector);
      const details = formDetails(counted++);
      hello += await requestsBetween(context, surgeryId, () => resident.saysHello(surgeryId));
      submit += await requestsBetween(context, surgeryId, () => resident.submitsForm(details));
    }
    return { hello: hello / residents, submit: submit / residents };
  };
  const tab = new SseSubscriber(await context.api.streamUrl(surgeryId));
  await within(tab.opened, 30_000, 'The councillor tab');
  const withTab = await stepsOf();
  tab.close();
  await sleep(500);
  const withoutTab = await stepsOf();
  return { hello: withoutTab.hello, submit: withoutTab.submit, tabRefresh: Math.max(0, withTab.submit - withoutTab.submit) };
}

export interface AdmitRun {
  waiting: number;
  /** POST /admit-next round trips. */
  admit: Summary;
  /** Storage requests from the admit until the server is quiet again (place cards delivered and recorded), per admit. */
  requests: number;
  /** From the admit's start to the last message the Bot Connector received for it (the last place card), p50 over admits. */
  lastCardMs: number;
}

/** A surgery with `waiting` residents: `rounds` admits, each with its cost and the time to the last place card. */
export async function measureAdmit(context: BenchContext, waiting: number, rounds: number): Promise<AdmitRun> {
  const { api, connector } = context;
  const surgeryId = await api.openSurgery(`Admit ${waiting}`);
  await checkInResidents(context, surgeryId, waiting + rounds, 8);
  await context.settle(120_000);
  const admits: number[] = [];
  const requests: number[] = [];
  const lastCard: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = await context.azurite.counts();
    const callsBefore = connector.calls.length;
    const startedAt = Date.now();
    admits.push((await api.admitNext(surgeryId)).ms);
    await context.settle(120_000);
    const after = await context.azurite.counts();
    requests.push(before && after ? after.total - before.total : Number.NaN);
    const calls = connector.calls.slice(callsBefore);
    lastCard.push(calls.length === 0 ? 0 : Math.max(...calls.map((call) => call.at)) - startedAt);
  }
  await api.ok('POST', `/api/surgeries/${surgeryId}/end`);
  await context.settle(120_000);
  return {
    waiting,
    admit: summarise(admits),
    requests: summarise(requests).p50,
    lastCardMs: summarise(lastCard).p50,
  };
}

/** Change → tab, for a tab on the instance that made the change and one on another instance over the same tables. */
export interface SseRun {
  same: Summary;
  other: Summary;
}

export async function measureSse(context: BenchContext, other: ServerProcess, rounds: number): Promise<SseRun> {
  const { api } = context;
  const surgeryId = await api.openSurgery('Two instances');
  await checkInResidents(context, surgeryId, rounds + 1, 4);
  await context.settle();
  const tabs = [new SseSubscriber(await api.streamUrl(surgeryId)), new SseSubscriber(await new BenchApi(other.url).streamUrl(surgeryId))];
  const same: number[] = [];
  const otherMs: number[] = [];
  try {
    await within(Promise.all(tabs.map((tab) => tab.opened)), 30_000, 'Tabs on both instances');
    for (let round = 0; round < rounds; round++) {
      const view: QueueView = await api.queue(surgeryId);
      const next = view.active.find((row) => row.status === 'waiting' && row.position === 1);
      if (!next) throw new Error('Nobody is waiting to be called');
      const arrivals = tabs.map((tab) => tab.next(showsVisitStatus(next.visitId, 'called')));
      const started = performance.now();
      await api.admitNext(surgeryId);
      const [here, there] = await within(Promise.all(arrivals), 60_000, 'Views on both instances');
      same.push(here! - started);
      otherMs.push(there! - started);
      await context.settle();
    }
  } finally {
    for (const tab of tabs) tab.close();
  }
  await api.ok('POST', `/api/surgeries/${surgeryId}/end`);
  await context.settle(60_000);
  return { same: summarise(same), other: summarise(otherMs) };
}

/**
 * Storage requests a second from a server with nothing open, no tab and nothing happening, over `seconds`, on
 * tables holding everything the earlier runs stored. The surgeries earlier runs left open are ended first: an open
 * surgery is looked at every tick, which is work, not idling.
 */
export async function measureIdle(context: BenchContext, seconds: number): Promise<number> {
  await context.api.endOpenSurgeries();
  await context.settle(60_000);
  // Ending a surgery marks it as having messages to send; the outbox looks at a marked surgery until the mark is
  // older than a lease (OUTBOX_LEASE_SECONDS, 30 s by default), as a mark moments old may be for a save still
  // under way. Its looks also back off (up to 4 s) while quiet. What is measured is the instance left idle after both.
  await sleep(40_000);
  const before = await context.azurite.counts();
  await sleep(seconds * 1000);
  const after = await context.azurite.counts();
  return before && after ? (after.total - before.total) / seconds : Number.NaN;
}
