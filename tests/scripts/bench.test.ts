import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

// The smallest run that still measures every figure: what is checked is that each is there, never its value.
const SMALLEST = ['--quick', '--residents=4', '--runs=2', '--raw-writes=20', '--past=2', '--open=2', '--admit=2,3', '--live=1:1,4:1'];

function bench(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'bench.ts'), ...args],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sq-bench-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('When the bench runs in its smallest form with --out, then the JSON holds every figure the performance section names', async () => {
  const out = path.join(dir, 'results.json');
  const ran = await bench([...SMALLEST, '--out', out]);
  expect({ code: ran.code, stderr: ran.code === 0 ? '' : ran.stderr }).toEqual({ code: 0, stderr: '' });

  const results = JSON.parse(readFileSync(out, 'utf8'));
  // Each run's CPU per check-in, by process.
  const cpu = { server: expect.any(Number), azurite: expect.any(Number), bench: expect.any(Number) };
  const checkIn = {
    checkInsPerRawWrite: expect.any(Number),
    requestsPerCheckIn: { hello: expect.any(Number), submit: expect.any(Number), tabRefresh: expect.any(Number) },
    helloP50Ms: expect.any(Number),
    helloTurnP50Ms: expect.any(Number),
    checkInRunsPerSecond: [expect.any(Number), expect.any(Number)],
    checkInRunsCpuMsPerCheckIn: [cpu, cpu],
  };
  const admit = { p50Ms: expect.any(Number), requests: expect.any(Number), lastCardMs: expect.any(Number) };
  expect(results).toMatchObject({
    past0: checkIn,
    past2: checkIn,
    open2: checkIn,
    admit2: admit,
    admit3: admit,
    sseSameP95Ms: expect.any(Number),
    sseOtherP95Ms: expect.any(Number),
    idleRequestsPerSecond: expect.any(Number),
    rssMbWith4Streams: expect.any(Number),
    machine: { loadAtStart: expect.any(Number) },
  });
  // "hello" is timed until the form reaches the Bot Connector, which the bot's turn waits for before it is
  // answered: each resident's form arrives within their turn, so no run's median can be later than its turns'.
  for (const run of [results.past0, results.past2, results.open2]) {
    // Each figure's rate is its runs' median: of two runs, their mean.
    expect(run.checkInsPerSecond).toBeCloseTo((run.checkInRunsPerSecond[0] + run.checkInRunsPerSecond[1]) / 2, 6);
    expect(run.helloP50Ms).toBeGreaterThan(0);
    // Read from /proc in clock ticks (10 ms), so four check-ins on a fast machine may read 0; never NaN or below 0.
    for (const cpuOfRun of run.checkInRunsCpuMsPerCheckIn)
      for (const ms of Object.values(cpuOfRun as Record<string, number>))
        expect({ ms, finite: Number.isFinite(ms) && ms >= 0 }).toEqual({ ms, finite: true });
    expect(run.helloP50Ms).toBeLessThanOrEqual(run.helloTurnP50Ms);
  }
}, 1_200_000);
