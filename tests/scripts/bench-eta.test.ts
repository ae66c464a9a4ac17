import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function benchEta(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'bench-eta.ts'), ...args],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sq-bench-eta-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('When the estimates bench runs a few surgeries with --out, then the JSON holds every figure the issue names and the upper bound, for each family and moment, and its exit code says whether the targets were met', async () => {
  const out = path.join(dir, 'results.json');

  const ran = await benchEta(['--surgeries', '6', '--first-seed', '1001', '--out', out]);

  const results = JSON.parse(readFileSync(out, 'utf8'));
  const byCouncillors = { 1: expect.any(Number), 2: expect.any(Number), 3: expect.any(Number) };
  const moment = {
    modelError: expect.any(Number),
    fairNaiveError: expect.any(Number),
    falseNotReached: expect.any(Number),
    brokenPromises: expect.any(Number),
    windowHeld: expect.any(Number),
    improvementByCouncillors: byCouncillors,
    paceKnownError: expect.any(Number),
    paceKnownImprovementByCouncillors: byCouncillors,
  };
  expect(results).toMatchObject({
    surgeries: 6,
    firstSeed: 1001,
    assumed: { checkIn: moment, later: moment },
    other: { checkIn: moment, later: moment },
  });
  expect(ran.code).toBe(results.targetsMet ? 0 : 1);
  expect(ran.stdout).toContain('seeds 1001–1006');
  expect(ran.stdout).toContain('Upper bound, not a result');
}, 600_000);

it.each([
  ['--first-seed', 'next'],
  ['--surgeries', '0'],
])(
  'When %s is given %s, then the bench refuses with the reason and writes nothing',
  async (option, value) => {
    const out = path.join(dir, `refused${option}.json`);

    const ran = await benchEta([option, value, '--out', out]);

    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toContain(`${option} needs a whole number from 1`);
    expect(existsSync(out)).toBe(false);
  },
  600_000,
);
