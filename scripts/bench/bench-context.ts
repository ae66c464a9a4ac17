import type { RecordingConnector } from '../../tests/support/recording-connector';
import type { BenchAzurite } from './azurite';
import type { BenchApi } from './bench-api';
import type { ServerProcess } from './server-process';

/** Everything a measurement needs: the running pieces, and a way to wait for the server to go quiet. */
export interface BenchContext {
  api: BenchApi;
  connector: RecordingConnector;
  azurite: BenchAzurite;
  server: ServerProcess;
  tablePrefix: string;
  /** Waits for the server's background work to finish; see settle.ts. */
  settle(maxMs?: number): Promise<{ waitedMs: number; quiet: boolean }>;
}
