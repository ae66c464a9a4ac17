import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Details, Logger } from '../../bot/logger';
import { WardDirectory, WardListSources, WardListsNotValid } from '../../bot/services/ward-directory';
import { eventually } from '../support/patience';

class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'error'; message: string; details: Details }[] = [];
  debug(): void {}
  info(message: string, details: Details = {}): void {
    this.lines.push({ level: 'info', message, details });
  }
  error(message: string, details: Details = {}): void {
    this.lines.push({ level: 'error', message, details });
  }
  errors() {
    return this.lines.filter((line) => line.level === 'error');
  }
}

describe('The ward directory, reading the postcode lists from files', () => {
  let root: string;
  let log: RecordingLogger;
  let directory: WardDirectory | undefined;
  const file = (name: string) => path.join(root, name);
  const write = (name: string, text: string) => writeFileSync(file(name), text);
  const load = (sources: Partial<WardListSources>, pollMs?: number) =>
    WardDirectory.load({ sources: { file: '', dir: '', ...sources }, log, ...(pollMs ? { pollMs } : {}) }).then(
      (loaded) => (directory = loaded),
    );

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ward-lists-'));
    mkdirSync(file('wards'));
    log = new RecordingLogger();
    directory = undefined;
  });

  afterEach(() => {
    directory?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('When a council-wide file and a folder of per-ward files are given, then every list is used together', async () => {
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\n');
    write('wards/castle.csv', 'postcode\nRV2 1AA\n');
    write('wards/notes.txt', 'not a list');
    const wards = await load({ file: file('council.csv'), dir: file('wards') });

    expect(wards.check({ ward: 'Castle' }, 'RV2 1AA')).toEqual({ result: 'in_ward', postcodeWard: 'Castle' });
    expect(wards.check({ ward: 'Castle' }, 'RV1 1AA')).toEqual({ result: 'outside', postcodeWard: 'Abbey' });
    expect(wards.current().wards.sort()).toEqual(['Abbey', 'Castle']);
    expect(log.lines).toEqual([{ level: 'info', message: 'ward postcode lists loaded', details: { wards: 2, postcodes: 2 } }]);
  });

  it.each<[string, (root: string) => Partial<WardListSources>, string]>([
    ['the file does not exist', (r) => ({ file: path.join(r, 'missing.csv') }), 'missing.csv: the file does not exist.'],
    ['the folder does not exist', (r) => ({ dir: path.join(r, 'nowhere') }), 'nowhere: the folder does not exist.'],
    ['the folder has no CSV files', (r) => ({ dir: path.join(r, 'wards') }), 'wards: the folder has no .csv files.'],
  ])('When %s, then the lists are refused at start, saying so', async (_, sources, problem) => {
    const refused = load(sources(root));
    await expect(refused).rejects.toBeInstanceOf(WardListsNotValid);
    await expect(refused).rejects.toThrow(problem);
  });

  it('When the lists have problems at start, then they are refused with every problem, its file and its line', async () => {
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\nRV1 1A,Abbey\n');
    write('wards/castle.csv', 'postcode\nRV1 1AA\n');
    const refused = load({ file: file('council.csv'), dir: file('wards') });

    await expect(refused).rejects.toThrow(
      'The ward postcode lists (WARD_POSTCODES_FILE, WARD_POSTCODES_DIR) have problems. Fix them and start again:',
    );
    const error = (await refused.catch((e: unknown) => e)) as WardListsNotValid;
    expect(error.problems).toEqual([
      `${file('council.csv')}, line 3: "RV1 1A" is not a UK postcode.`,
      `${file('wards/castle.csv')}, line 2: RV1 1AA is listed in Castle ward here, but in Abbey ward at ${file('council.csv')}, line 2.`,
    ]);
  });

  it('When a file has a great many problems, then the message shows the first 20 and counts the rest', async () => {
    write('council.csv', ['postcode,ward', ...Array.from({ length: 25 }, (_, i) => `BAD${i},Abbey`)].join('\n'));
    const error = (await load({ file: file('council.csv') }).catch((e: unknown) => e)) as WardListsNotValid;

    expect(error.problems).toHaveLength(25);
    expect(error.message).toContain('line 21: "BAD19" is not a UK postcode.');
    expect(error.message).not.toContain('BAD20');
    expect(error.message).toContain('and 5 more problems.');
  });

  it('When the lists are changed and reloaded, then the new lists are used', async () => {
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\n');
    const wards = await load({ file: file('council.csv') });
    write('council.csv', 'postcode,ward\nRV1 1AA,Castle\nRV1 1AB,Abbey\n');

    expect(await wards.reload()).toMatchObject({ ok: true });
    expect(wards.check({ ward: 'Castle' }, 'RV1 1AA')).toEqual({ result: 'in_ward', postcodeWard: 'Castle' });
    expect(log.lines.map((line) => line.message)).toEqual(['ward postcode lists loaded', 'ward postcode lists reloaded']);
  });

  it('When a reload finds problems, then the lists in use are kept and the problems are logged', async () => {
    write('wards/abbey.csv', 'postcode\nRV1 1AA\n');
    const wards = await load({ dir: file('wards') });
    const before = wards.current();
    write('wards/abbey.csv', 'postcode\nRV1 1AA\nnot a postcode\n');
    write('wards/castle.csv', 'postcod\nRV2 1AA\n');

    const reloaded = await wards.reload();

    expect(reloaded.ok).toBe(false);
    expect(wards.current()).toBe(before);
    expect(wards.check({ ward: 'Abbey' }, 'RV1 1AA')).toEqual({ result: 'in_ward', postcodeWard: 'Abbey' });
    expect(log.errors()).toEqual([
      {
        level: 'error',
        message: 'ward postcode lists not reloaded: the lists in use are kept until the problems are fixed',
        details: {
          problems: [
            `${file('wards/abbey.csv')}, line 3: "not a postcode" is not a UK postcode.`,
            `${file('wards/castle.csv')}, line 1: The header row has no "postcode" column (it has: postcod).`,
          ],
          problemCount: 2,
        },
      },
    ]);
  });

  it('When the file is deleted and reloaded, then the lists in use are kept', async () => {
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\n');
    const wards = await load({ file: file('council.csv') });
    rmSync(file('council.csv'));

    expect(await wards.reload()).toEqual({ ok: false, problems: [`${file('council.csv')}: the file does not exist.`] });
    expect(wards.check({ ward: 'Abbey' }, 'RV1 1AA').result).toBe('in_ward');
  });

  it('When a watched file is saved with a change, then the new list is used without being asked', async () => {
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\n');
    const wards = await load({ file: file('council.csv') }, 20);
    wards.watch();
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\nRV2 1AA,Castle\n');

    await eventually(() => wards.check({ ward: 'Castle' }, 'RV2 1AA').result === 'in_ward', 'the changed file is read');
    expect(log.lines.map((line) => line.message)).toEqual(['ward postcode lists loaded', 'ward postcode lists reloaded']);
  });

  it('When a ward file is added to a watched folder, then its ward is known', async () => {
    write('wards/abbey.csv', 'postcode\nRV1 1AA\n');
    const wards = await load({ dir: file('wards') }, 20);
    wards.watch();
    write('wards/castle-hill.csv', 'postcode\nRV2 1AA\n');

    await eventually(() => wards.check({ ward: 'Castle Hill' }, 'RV2 1AA').result === 'in_ward', 'the new file is read');
  });

  it('When a watched file is saved with a mistake, then the lists in use stay, the problem is logged once, and the fix is read', async () => {
    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\n');
    const wards = await load({ file: file('council.csv') }, 20);
    wards.watch();

    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\nRV2 1AA,\n');
    await eventually(() => log.errors().length > 0, 'the problem is logged');
    expect(wards.check({ ward: 'Abbey' }, 'RV1 1AA').result).toBe('in_ward');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log.errors()).toHaveLength(1);

    write('council.csv', 'postcode,ward\nRV1 1AA,Abbey\nRV2 1AA,Castle\n');
    await eventually(() => wards.check({ ward: 'Castle' }, 'RV2 1AA').result === 'in_ward', 'the fixed file is read');
  });
});
