import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Details, Logger } from '../../bot/logger';
import { RosterFile, RosterNotValid } from '../../bot/services/roster-file';

class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'error'; message: string; details: Details }[] = [];
  debug(): void {}
  info(message: string, details: Details = {}): void {
    this.lines.push({ level: 'info', message, details });
  }
  error(message: string, details: Details = {}): void {
    this.lines.push({ level: 'error', message, details });
  }
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const HEADER = 'ward code,ward name,councillor,email,entra object id';
const ROSTER = `${HEADER}\nE05009388,Abbey,Jane Smith,jane.smith@council.gov.uk,\nE05009389,Castle,Raj Patel,raj.patel@council.gov.uk,\n`;

describe('The roster file the server keeps in use', () => {
  let root: string;
  let log: RecordingLogger;
  let roster: RosterFile | undefined;
  const file = () => path.join(root, 'wards.csv');

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'roster-'));
    log = new RecordingLogger();
    roster = undefined;
  });

  afterEach(() => {
    roster?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('When the roster is read at start, then its wards are in use and the log counts them', async () => {
    writeFileSync(file(), ROSTER);
    roster = await RosterFile.load({ file: file(), log });

    expect(roster.current().wards.map((w) => w.name)).toEqual(['Abbey', 'Castle']);
    expect(log.lines).toEqual([{ level: 'info', message: 'ward roster loaded', details: { wards: 2, councillors: 2 } }]);
  });

  it.each([
    [
      'has a mistake',
      `${HEADER}\nE05009388,Abbey,Jane Smith,,\n`,
      (f: string) => `  - ${f}, line 2: There is no work email for Jane Smith.`,
    ],
    ['is missing', undefined, (f: string) => `  - ${f}: the file does not exist.`],
  ])('When the roster %s at start, then it is refused with what to fix', async (_what, text, problem) => {
    if (text !== undefined) writeFileSync(file(), text);
    const refused = RosterFile.load({ file: file(), log });

    await expect(refused).rejects.toBeInstanceOf(RosterNotValid);
    await expect(refused).rejects.toThrow(`The ward roster (WARDS_FILE) has problems. Fix them and start again:\n${problem(file())}`);
  });

  it('When an edit with a mistake is reloaded, then the roster in use is kept and the problem is logged', async () => {
    writeFileSync(file(), ROSTER);
    roster = await RosterFile.load({ file: file(), log });
    writeFileSync(file(), `${HEADER}\nE05009388,Abbey,Jane Smith,jane.smith@council.gov.uk,\nE05009388,Abbey North,,,\n`);

    const read = await roster.reload();

    expect(read.ok).toBe(false);
    expect(roster.current().wards.map((w) => w.name)).toEqual(['Abbey', 'Castle']);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'ward roster not reloaded: the roster in use is kept until the problems are fixed',
        details: { problems: [`${file()}, line 3: E05009388 is named Abbey North here but Abbey on line 2.`], problemCount: 1 },
      },
    ]);
  });

  it('When the watched roster is saved with a change, then the new roster is used and whoever depends on it is told', async () => {
    writeFileSync(file(), ROSTER);
    roster = await RosterFile.load({ file: file(), log, pollMs: 20 });
    let told = 0;
    roster.watch(async () => void told++);

    writeFileSync(file(), `${ROSTER}E05009390,Market,Sam Okafor,sam.okafor@council.gov.uk,\n`);
    await eventually(() => told === 1, 'the change is read in');

    expect(roster.current().wards.map((w) => w.name)).toEqual(['Abbey', 'Castle', 'Market']);
    expect(log.lines.map((l) => l.message)).toEqual(['ward roster loaded', 'ward roster reloaded']);
  });
});
