import { performance } from 'node:perf_hooks';
import type { RecordingConnector } from '../../tests/support/recording-connector';
import type { BenchAzurite } from './azurite';
import { type AzuriteCounts, ownRequests } from './azurite-counts';

const own = (counts: AzuriteCounts | undefined) => (counts ? ownRequests(counts) : undefined);
import { sleep } from './pool';
import { cpuMs } from './proc-stats';

export interface QuietSigns {
  connector: RecordingConnector;
  azurite: BenchAzurite;
  serverPid: number;
}

const WINDOW_MS = 150;

/**
 * Waits until the server has finished the work a change set off in the background (messages to residents,
 * place card updates, delivery records): no connector call, almost no server CPU and almost no Azurite
 * request for a whole window. Background looks paced by the clock (see `ownRequests`) are not work a change set
 * off, so they are left out. Returns how long it waited; gives up after `maxMs`, as a server that never goes quiet
 * is a finding, not a hang.
 */
export async function settle(signs: QuietSigns, maxMs = 20_000): Promise<{ waitedMs: number; quiet: boolean }> {
  const started = performance.now();
  const reading = async () => ({
    calls: signs.connector.calls.length,
    cpu: cpuMs(signs.serverPid),
    requests: own(await signs.azurite.counts()),
  });
  let before = await reading();
  for (;;) {
    await sleep(WINDOW_MS);
    const after = await reading();
    const quiet =
      after.calls === before.calls &&
      after.cpu - before.cpu <= 10 &&
      (after.requests === undefined || before.requests === undefined || after.requests - before.requests <= 2);
    const waitedMs = performance.now() - started;
    if (quiet) return { waitedMs, quiet: true };
    if (waitedMs > maxMs) return { waitedMs, quiet: false };
    before = after;
  }
}
