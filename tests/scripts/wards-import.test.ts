import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

const root = path.resolve(__dirname, '..', '..');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  /** The most memory the command held, in bytes. */
}

// Kensington and Chelsea (E09000020) with two of its wards; Westminster (E09000033) next door.
const KC = 'E09000020';

/** The first columns of the ONS Postcode Directory as published: every field quoted. */
const ONSPD = [
  '"pcd","pcd2","pcds","dointr","doterm","oscty","ced","oslaua","osward","parish","usertype","oseast1m","osnrth1m"',
  '"SW3 1AA","SW3  1AA","SW3 1AA","198001","","E99999999","E99999999","E09000020","E05009389","E43000210","0","527434","178893"',
  '"SW3 1AB","SW3  1AB","SW3 1AB","198001","","E99999999","E99999999","E09000020","E05009389","E43000210","0","527434","178893"',
  '"W8 6AA","W8  6AA","W8 6AA","198001","","E99999999","E99999999","E09000020","E05009388","E43000210","0","525434","179893"',
  '"W8 6AB","W8  6AB","W8 6AB","198001","201206","E99999999","E99999999","E09000020","E05009388","E43000210","1","525434","179893"',
  '"SW1A 1AA","SW1A  1AA","SW1A 1AA","198001","","E99999999","E99999999","E09000033","E05013806","E43000236","1","529090","179645"',
].join('\r\n');

/** The NSPL up to 2024: `laua` and `ward`. */
const NSPL_2024 = [
  'pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa11,cty,ced,laua,ward,parish',
  'SW3 1AA,SW3  1AA,SW3 1AA,198001,,0,527434,178893,1,E00014001,E99999999,E99999999,E09000020,E05009389,E43000210',
  'SW3 1AB,SW3  1AB,SW3 1AB,198001,,0,527434,178893,1,E00014001,E99999999,E99999999,E09000020,E05009389,E43000210',
  'W8 6AA,W8  6AA,W8 6AA,198001,,0,525434,179893,1,E00014002,E99999999,E99999999,E09000020,E05009388,E43000210',
  'W8 6AB,W8  6AB,W8 6AB,198001,201206,1,525434,179893,1,E00014002,E99999999,E99999999,E09000020,E05009388,E43000210',
  'SW1A 1AA,SW1A  1AA,SW1A 1AA,198001,,1,529090,179645,1,E00023001,E99999999,E99999999,E09000033,E05013806,E43000236',
].join('\n');

/** 2025 editions: the year in the column names. */
const NSPL_2025 = [
  'pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,parncp25cd',
  'SW3 1AA,SW3  1AA,SW3 1AA,198001,,0,527434,178893,1,E00014001,E99999999,E99999999,E09000020,E05009389,E43000210',
  'SW3 1AB,SW3  1AB,SW3 1AB,198001,,0,527434,178893,1,E00014001,E99999999,E99999999,E09000020,E05009389,E43000210',
  'W8 6AA,W8  6AA,W8 6AA,198001,,0,525434,179893,1,E00014002,E99999999,E99999999,E09000020,E05009388,E43000210',
  'W8 6AB,W8  6AB,W8 6AB,198001,201206,1,525434,179893,1,E00014002,E99999999,E99999999,E09000020,E05009388,E43000210',
  'SW1A 1AA,SW1A  1AA,SW1A 1AA,198001,,1,529090,179645,1,E00023001,E99999999,E99999999,E09000033,E05013806,E43000236',
].join('\n');

/** The ONS ward names file, as downloaded (byte order mark, Welsh names column). */
const WARD_NAMES = [
  '\uFEFFWD25CD,WD25NM,WD25NMW,ObjectId',
  'E05009388,Abingdon,,1',
  'E05009389,Brompton & Hans Town,,2',
  'E05013806,St James’s,,3',
].join('\r\n');

describe('Postcode lists from the ONS Postcode Directory (npm run wards -- import)', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => readFileSync(file(name), 'utf8').replace(/^\uFEFF/, '');

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wards-import-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The command as an officer runs it. `heapMb` caps the JavaScript heap it may use, so a bound on memory
   * holds or fails the same on any machine (what the process's RSS grows to depends on the machine).
   */
  function wards(args: string[], heapMb?: number): Promise<Ran> {
    // Files are named as the officer would in their folder.
    const inFolder = args.map((arg) => (/\.csv$/.test(arg) ? file(arg) : arg));
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [
          ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]),
          '--import',
          'tsx',
          path.join(root, 'scripts', 'wards.ts'),
          ...inFolder,
        ],
        { cwd: root, env: { PATH: process.env.PATH ?? '' } },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    });
  }

  it.each([
    ['the ONS Postcode Directory', ONSPD],
    ['the NSPL up to 2024', NSPL_2024],
    ['a 2025 edition with year-suffixed columns', NSPL_2025],
  ])(
    'When an officer imports %s for their council with the ward names, then the list has its live postcodes by ward code and the roster names each ward',
    async (_edition, directory) => {
      writeFileSync(file('directory.csv'), directory);
      writeFileSync(file('names.csv'), WARD_NAMES);

      const ran = await wards(['import', 'directory.csv', '--local-authority', KC, '--names', 'names.csv', '--out', 'wards.csv']);

      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      // The terminated W8 6AB and Westminster's SW1A 1AA are left out.
      expect(read('wards.csv')).toBe('postcode,ward\r\nSW3 1AA,E05009389\r\nSW3 1AB,E05009389\r\nW8 6AA,E05009388\r\n');
      expect(read('wards-roster.csv')).toBe(
        'ward code,ward name,councillor,email,entra object id\r\nE05009388,Abingdon,,,\r\nE05009389,Brompton & Hans Town,,,\r\n',
      );
      expect(ran.stdout).toMatch(/E05009388\s+Abingdon\s+1\n/);
      expect(ran.stdout).toMatch(/E05009389\s+Brompton & Hans Town\s+2\n/);
      expect(ran.stdout).toContain('Left out: 1 terminated, 0 not in a ward yet, 0 not postcodes, 1 of other authorities.');
      expect(ran.stdout).toContain(`Wrote 3 postcodes in 2 wards to ${file('wards.csv')}.`);
    },
  );

  it('When no names file is given, then the roster leaves the names for the officer to fill in and says so', async () => {
    writeFileSync(file('directory.csv'), ONSPD);

    const ran = await wards(['import', 'directory.csv', '--local-authority', KC, '--out', 'lists/wards.csv', '--roster', 'roster.csv']);

    expect(ran.code).toBe(73);
    expect(ran.stderr).toContain('lists/wards.csv: cannot be written');

    const again = await wards(['import', 'directory.csv', '--local-authority', KC, '--out', 'wards.csv', '--roster', 'roster.csv']);
    expect(again.code).toBe(0);
    expect(read('roster.csv')).toBe('ward code,ward name,councillor,email,entra object id\r\nE05009388,,,,\r\nE05009389,,,,\r\n');
    expect(again.stdout).toContain('fill in each ward’s name in the roster');
    expect(again.stdout).toContain(`to ${file('roster.csv')}`);
  });

  it.each([
    ['an address list, not the directory', 'postcode,ward\nSW3 1AA,Brompton\n', 'no "pcds" (the postcode), no "doterm"'],
    ['a directory without ward columns', 'pcds,doterm,oslaua\nSW3 1AA,,E09000020\n', 'no "osward", "ward" or "wdNNcd" (the ward) column'],
    ['an empty file', '', 'It has: nothing.'],
    [
      'a field left open',
      '"pcds","doterm","oslaua","osward"\n"SW3 1AA,"",E09000020,E05009389\n',
      'line 2: a quoted field has no closing quote',
    ],
  ])('When the file is %s, then nothing is written and the officer is told what the file lacks', async (_what, text, problem) => {
    writeFileSync(file('directory.csv'), text);

    const ran = await wards(['import', 'directory.csv', '--local-authority', KC, '--out', 'wards.csv']);

    expect(ran.code).toBe(65);
    expect(ran.stderr).toContain(`directory.csv`);
    expect(ran.stderr).toContain(problem);
    expect(existsSync(file('wards.csv'))).toBe(false);
  });

  it('When no postcode of the council is in the file, then nothing is written and the officer is asked whether the code is right', async () => {
    writeFileSync(file('directory.csv'), ONSPD);

    const ran = await wards(['import', 'directory.csv', '--local-authority', 'E09000001', '--out', 'wards.csv']);

    expect(ran.code).toBe(65);
    expect(ran.stderr).toContain('no live postcode of local authority E09000001');
    expect(existsSync(file('wards.csv'))).toBe(false);
  });

  it.each([
    [['import', 'directory.csv', '--out', 'wards.csv'], 64, '--local-authority: give the council’s ONS code'],
    [['import', 'directory.csv', '--local-authority', 'Kensington', '--out', 'wards.csv'], 64, '--local-authority'],
    [['import', 'directory.csv', '--local-authority', KC], 64, '--out: give the file'],
    [['export', 'directory.csv', '--local-authority', KC, '--out', 'wards.csv'], 64, 'Say import'],
    [['import', 'missing.csv', '--local-authority', KC, '--out', 'wards.csv'], 66, 'missing.csv: the file does not exist.'],
  ])('When the officer types %j, then nothing is done and they are told what is wrong', async (args, code, problem) => {
    const ran = await wards(args);

    expect(ran.code).toBe(code);
    expect(ran.stderr).toContain(problem);
    expect(existsSync(file('wards.csv'))).toBe(false);
  });

  it('When the directory has a million rows, most of them the council’s, then the import runs in a 32 MB heap (too small to hold the postcodes) and keeps every postcode of the council', async () => {
    const rows = 1_000_000;
    const ours = 900_000;
    const out = createWriteStream(file('directory.csv'));
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    await write(`${ONSPD.split('\r\n')[0]}\r\n`);
    // Letters Royal Mail uses in each place, so every generated postcode is a real-looking one.
    const areas = 'ABCDEFGHJKLMNPRSTUWY';
    const letters = 'ABDEFGHJLNPQRSTUWXYZ';
    for (let i = 0; i < rows; i++) {
      // Unique postcodes: 4,000 inward codes in each of 250 districts.
      const inward = `${i % 10}${letters[Math.floor(i / 10) % 20]}${letters[Math.floor(i / 200) % 20]}`;
      const outward = `${areas[Math.floor(i / 4000) % 20]}${1 + Math.floor(i / 80_000)}`;
      const postcode = `${outward} ${inward}`;
      const authority = i % 10 === 0 ? 'E09000033' : KC;
      const ward = authority === KC ? `E0500${9388 + (i % 18)}` : 'E05013806';
      await write(
        `"${postcode}","${postcode}","${postcode}","198001","","E99999999","E99999999","${authority}","${ward}","E43000210","0","527434","178893"\r\n`,
      );
    }
    out.end();
    await once(out, 'close');

    const ran = await wards(['import', 'directory.csv', '--local-authority', KC, '--out', 'wards.csv'], 32);

    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain(
      `Left out: 0 terminated, 0 not in a ward yet, 0 not postcodes, ${(rows - ours).toLocaleString('en-GB')} of other authorities.`,
    );
    expect(ran.stdout).toContain(`Wrote ${ours.toLocaleString('en-GB')} postcodes in 18 wards`);
    expect(read('wards.csv').split('\r\n')).toHaveLength(ours + 2);
  }, 600_000);
});
