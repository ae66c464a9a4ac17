import { AzuriteMode } from './azurite';

export interface BenchOptions {
  azurite: AzuriteMode;
  /** Residents checking in to one surgery in the throughput run (at most MAX_TICKETS, from bot/domain/lobby-tag.ts). */
  residents: number;
  /** Requests in flight, for check-ins and for the raw Azurite writes alike. */
  concurrency: number;
  /** Check-in runs behind each check-in figure, each on a surgery of its own: the rate is their median. */
  runs: number;
  rawWrites: number;
  /** Residents waiting when Admit next is pressed. */
  waiting: number;
  /** Tabs following the live queue, and how many admits to time with each. */
  liveQueue: { subscribers: number; rounds: number }[];
  /** The whole run is abandoned (and everything stopped) after this long. */
  maxSeconds: number;
  /** Past surgeries (each with visits) stored through the app's own storage code before the second check-in run. */
  past: number;
  /** Surgeries open at once, each with a tab, for the check-ins measured among them. */
  open: number;
  /** Residents waiting at each "Admit next" whose cost and last place card are measured. */
  admitWaiting: number[];
  admitRounds: number;
  /** Residents checking in one at a time, each step's storage requests counted. */
  countedResidents: number;
  /** Admits timed to a tab on the same instance and one on another. */
  sseRounds: number;
  /** How long an idle server's storage requests are counted. */
  idleSeconds: number;
  /** Where the results are also written as JSON. */
  out?: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  azurite: 'process',
  residents: 200,
  concurrency: 8,
  runs: 3,
  rawWrites: 3000,
  waiting: 30,
  liveQueue: [
    { subscribers: 1, rounds: 30 },
    { subscribers: 100, rounds: 20 },
    { subscribers: 1000, rounds: 10 },
  ],
  maxSeconds: 3600,
  past: 2000,
  open: 20,
  admitWaiting: [10, 100, 200],
  admitRounds: 3,
  countedResidents: 5,
  sseRounds: 30,
  idleSeconds: 30,
};

/** --quick: every figure, each from a small sample, in a few minutes on two cores. */
export const QUICK_OPTIONS: BenchOptions = {
  ...DEFAULT_OPTIONS,
  residents: 20,
  runs: 1,
  rawWrites: 300,
  waiting: 5,
  liveQueue: [
    { subscribers: 1, rounds: 3 },
    { subscribers: 50, rounds: 2 },
  ],
  maxSeconds: 900,
  past: 20,
  open: 3,
  admitWaiting: [10, 20],
  admitRounds: 1,
  countedResidents: 2,
  sseRounds: 5,
  idleSeconds: 5,
};

/** Visits in each past surgery --past stores. */
export const PAST_VISITS = 15;

export const USAGE = `npm run bench [-- options]
  --azurite=process|cli   Azurite in its own process counting requests (default), or the azurite-table CLI
  --residents=N           residents checking in, one surgery (default ${DEFAULT_OPTIONS.residents})
  --concurrency=N         requests in flight for check-ins and raw writes (default ${DEFAULT_OPTIONS.concurrency})
  --runs=N                check-in runs behind each check-in figure, each on its own surgery; the rate is their median (default ${DEFAULT_OPTIONS.runs})
  --raw-writes=N          raw Azurite upserts (default ${DEFAULT_OPTIONS.rawWrites})
  --waiting=N             residents waiting at each Admit next (default ${DEFAULT_OPTIONS.waiting})
  --live=S:R,S:R,...      tabs following the queue : admits timed (default ${DEFAULT_OPTIONS.liveQueue.map((l) => `${l.subscribers}:${l.rounds}`).join(',')})
  --past=N                past surgeries of ${PAST_VISITS} visits each stored before the second check-in run, as years of use leave them (default ${DEFAULT_OPTIONS.past})
  --open=N                surgeries open at once, each with a tab, for a third check-in run (default ${DEFAULT_OPTIONS.open})
  --admit=N,N,...         residents waiting at the admits whose storage requests and last place card are measured (default ${DEFAULT_OPTIONS.admitWaiting.join(',')})
  --quick                 small samples of every figure, in a few minutes (residents ${QUICK_OPTIONS.residents}, runs ${QUICK_OPTIONS.runs}, past ${QUICK_OPTIONS.past}, open ${QUICK_OPTIONS.open}, admit ${QUICK_OPTIONS.admitWaiting.join(',')}); later options still apply
  --out FILE              also write the results to FILE as JSON`;

const whole = (name: string, raw: string, min: number, max: number): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
};

export function parseOptions(args: string[]): BenchOptions {
  const options: BenchOptions = { ...(args.includes('--quick') ? QUICK_OPTIONS : DEFAULT_OPTIONS) };
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
    if (name === 'quick') continue;
    if (name === 'azurite' && (raw === 'process' || raw === 'cli')) options.azurite = raw;
    else if (name === 'residents') options.residents = whole(name, raw, 1, 10_000);
    else if (name === 'concurrency') options.concurrency = whole(name, raw, 1, 256);
    else if (name === 'runs') options.runs = whole(name, raw, 1, 20);
    else if (name === 'raw-writes') options.rawWrites = whole(name, raw, 1, 1_000_000);
    else if (name === 'waiting') options.waiting = whole(name, raw, 1, 200);
    else if (name === 'past') options.past = whole(name, raw, 1, 10_000);
    else if (name === 'open') options.open = whole(name, raw, 1, 100);
    else if (name === 'admit') options.admitWaiting = raw.split(',').map((n) => whole(name, n, 1, 200));
    else if (name === 'live') {
      options.liveQueue = raw.split(',').map((pair) => {
        const [subscribers = '', rounds = ''] = pair.split(':');
        return { subscribers: whole('live', subscribers, 1, 10_000), rounds: whole('live', rounds, 1, 1000) };
      });
    } else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  return options;
}
