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
 * How long the signs must stay quiet. Longer than Teams' one-second window for the tenant's sends: a server
 * waiting out that limit with messages still to send is quiet meanwhile, and a shorter stretch took it for done,
 * so the next server found those messages and sent them inside another step's count.
 */
const QUIET_MS = 1200;

/**
 * Waits until the server has finished the work a change set off in the background (messages to residents,
 * place card updates, delivery records): no connector call, almost no server CPU and almost no Azurite
 * request for QUIET_MS. Background looks paced by the clock (see `ownRequests`) are not work a change set
 * off, so they are left out. Returns how long the work went on (the quiet stretch left out); gives up after
 * `maxMs`, as a server that never goes quiet is a finding, not a hang.
 */
export async function settle(signs: QuietSigns, maxMs = 20_000): Promise<{ waitedMs: number; quiet: boolean }> {
  const started = performance.now();
  const reading = async () => ({
    calls: signs.connector.calls.length,
    cpu: cpuMs(signs.serverPid),
    requests: own(await signs.azurite.counts()),
  });
  let before = await reading();
  let quietSince: number | undefined;
  for (;;) {
    await sleep(WINDOW_MS);
    const after = await reading();
    const quiet =
      after.calls === before.calls &&
      after.cpu - before.cpu <= 10 &&
      (after.requests === undefined || before.requests === undefined || after.requests - before.requests <= 2);
    const now = performance.now();
    const waitedMs = now - started;
    quietSince = quiet ? (quietSince ?? now - WINDOW_MS) : undefined;
    if (quietSince !== undefined && now - quietSince >= QUIET_MS) return { waitedMs: Math.max(0, quietSince - started), quiet: true };
    if (waitedMs > maxMs) return { waitedMs, quiet: false };
    before = after;
  }
}
