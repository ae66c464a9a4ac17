import { AzuriteMode } from './azurite';

export interface BenchOptions {
  azurite: AzuriteMode;
  /** Residents checking in to one surgery in the throughput run (at most MAX_TICKETS, from bot/domain/lobby-tag.ts). */
  residents: number;
  /** Requests in flight, for check-ins and for the raw Azurite writes alike. */
  concurrency: number;
  rawWrites: number;
  /** Residents waiting when Admit next is pressed. */
  waiting: number;
  /** Tabs following the live queue, and how many admits to time with each. */
  liveQueue: { subscribers: number; rounds: number }[];
  /** The whole run is abandoned (and everything stopped) after this long. */
  maxSeconds: number;
  /** Past surgeries (each with visits) stored through the app's own storage code before the check-ins. */
  past: number;
  /** Where the results are also written as JSON. */
  out?: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  azurite: 'process',
  residents: 200,
  concurrency: 8,
  rawWrites: 3000,
  waiting: 30,
  liveQueue: [
    { subscribers: 1, rounds: 30 },
    { subscribers: 100, rounds: 20 },
    { subscribers: 1000, rounds: 10 },
  ],
  maxSeconds: 600,
  past: 0,
};

/** Visits in each past surgery --past stores. */
export const PAST_VISITS = 15;

export const USAGE = `npm run bench [-- options]
  --azurite=process|cli   Azurite in its own process counting requests (default), or the azurite-table CLI
  --residents=N           residents checking in, one surgery (default ${DEFAULT_OPTIONS.residents})
  --concurrency=N         requests in flight for check-ins and raw writes (default ${DEFAULT_OPTIONS.concurrency})
  --raw-writes=N          raw Azurite upserts (default ${DEFAULT_OPTIONS.rawWrites})
  --waiting=N             residents waiting at each Admit next (default ${DEFAULT_OPTIONS.waiting})
  --live=S:R,S:R,...      tabs following the queue : admits timed (default ${DEFAULT_OPTIONS.liveQueue.map((l) => `${l.subscribers}:${l.rounds}`).join(',')})
  --past=N                past surgeries of ${PAST_VISITS} visits each stored first, as years of use leave them (default 0)
  --out FILE              also write the results to FILE as JSON`;

const whole = (name: string, raw: string, min: number, max: number): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
};

export function parseOptions(args: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const [name, raw = ''] = arg.replace(/^--/, '').split('=', 2) as [string, string?];
    if (name === 'out') {
      // Both --out=FILE and --out FILE, as npm passes either.
      const file = arg.includes('=') ? raw : (args[++index] ?? '');
      if (file === '' || file.startsWith('--')) throw new Error(`--out needs a file name\n${USAGE}`);
      options.out = file;
      continue;
    }
    if (name === 'azurite' && (raw === 'process' || raw === 'cli')) options.azurite = raw;
    else if (name === 'residents') options.residents = whole(name, raw, 1, 10_000);
    else if (name === 'concurrency') options.concurrency = whole(name, raw, 1, 256);
    else if (name === 'raw-writes') options.rawWrites = whole(name, raw, 1, 1_000_000);
    else if (name === 'waiting') options.waiting = whole(name, raw, 1, 200);
    else if (name === 'past') options.past = whole(name, raw, 0, 10_000);
    else if (name === 'live') {
      options.liveQueue = raw.split(',').map((pair) => {
        const [subscribers = '', rounds = ''] = pair.split(':');
        return { subscribers: whole('live', subscribers, 1, 10_000), rounds: whole('live', rounds, 1, 1000) };
      });
    } else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  return options;
}
