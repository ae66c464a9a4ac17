import { TableClient } from '@azure/data-tables';
import { performance } from 'node:perf_hooks';
import { inParallel } from './pool';
import { cpuMs } from './proc-stats';
import { Summary, summarise } from './stats';

/** One batch of raw writes. */
export interface RawWriteSample {
  writes: number;
  seconds: number;
  latencies: number[];
  /** CPU time Azurite and the bench spent, in milliseconds. */
  cpuMs: number;
}

export interface RawWrites {
  writes: number;
  concurrency: number;
  perSecond: number;
  latency: Summary;
  /** Each batch's rate, in the order they ran: far apart, they show how steady the machine was. */
  batchRates: number[];
  /** CPU time per write, Azurite's and the client's together, in milliseconds. */
  cpuMsPerWrite: number;
}

/**
 * The ceiling for comparison: small entities upserted one by one (point writes) through @azure/data-tables,
 * as fast as Azurite takes them with `concurrency` in flight. Spread over 50 partitions, in a table of its
 * own so it does not grow the tables the app scans.
 */
export class RawWriter {
  private readonly table: TableClient;
  private written = 0;

  constructor(
    connectionString: string,
    tableName: string,
    private readonly concurrency: number,
    private readonly azuritePid: number,
  ) {
    this.table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  }

  /** Creates the table and warms up the client and Azurite with a few hundred untimed writes. */
  async prepare(): Promise<void> {
    await this.table.createTable();
    await inParallel(300, this.concurrency, () => this.write());
  }

  async measure(writes: number): Promise<RawWriteSample> {
    const cpuBefore = cpuMs(this.azuritePid);
    const benchBefore = process.cpuUsage();
    const started = performance.now();
    const latencies = await inParallel(writes, this.concurrency, () => this.write());
    const seconds = (performance.now() - started) / 1000;
    const bench = process.cpuUsage(benchBefore);
    return { writes, seconds, latencies, cpuMs: cpuMs(this.azuritePid) - cpuBefore + (bench.user + bench.system) / 1000 };
  }

  private async write(): Promise<number> {
    const n = this.written++;
    const started = performance.now();
    await this.table.upsertEntity(
      { partitionKey: `p${n % 50}`, rowKey: `r${n}`, n, note: 'a small entity, about the size of a chat reference' },
      'Replace',
    );
    return performance.now() - started;
  }
}

export function combine(samples: RawWriteSample[], concurrency: number): RawWrites {
  const writes = samples.reduce((sum, s) => sum + s.writes, 0);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  return {
    writes,
    concurrency,
    perSecond: writes / seconds,
    latency: summarise(samples.flatMap((s) => s.latencies)),
    batchRates: samples.map((s) => s.writes / s.seconds),
    cpuMsPerWrite: samples.reduce((sum, s) => sum + s.cpuMs, 0) / writes,
  };
}
