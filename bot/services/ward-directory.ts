import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Logger, errorDetails } from '../logger';
import type { WardCheck, WardLookup } from '../domain/ward-check';
import { WardListFile, WardLists, describeWardListProblem, parseWardLists } from '../domain/ward-postcodes';

/** Where officers keep the postcode lists; '' means none. */
export interface WardListSources {
  /** A council-wide CSV with postcode and ward columns. */
  file: string;
  /** A folder of CSVs, one per ward. */
  dir: string;
}

export type WardListsRead = { ok: true; lists: WardLists } | { ok: false; problems: string[] };

// Enough to find and fix the first problems; a file in the wrong format would otherwise fill the screen.
const PROBLEMS_SHOWN = 20;

/** The lists are wrong at start, so the server does not start: a queue checked against wrong lists misleads. */
export class WardListsNotValid extends Error {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  - ${p}`);
    const more = problems.length > PROBLEMS_SHOWN ? [`  - and ${problems.length - PROBLEMS_SHOWN} more problems.`] : [];
    super(
      [
        'The ward postcode lists (WARD_POSTCODES_FILE, WARD_POSTCODES_DIR) have problems. Fix them and start again:',
        ...shown,
        ...more,
      ].join('\n'),
    );
    this.name = 'WardListsNotValid';
  }
}

const isCsv = (name: string) => name.toLowerCase().endsWith('.csv') && !name.startsWith('.');

async function csvFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter(isCsv)
    .sort()
    .map((name) => path.join(dir, name));
}

const reason = (error: unknown) =>
  (error as { code?: unknown }).code === 'ENOENT'
    ? 'does not exist'
    : `cannot be read (${String((error as { code?: unknown }).code ?? error)})`;

/** Reads and checks every list; never throws, so a reload can report problems and carry on. */
export async function readWardLists(sources: WardListSources): Promise<WardListsRead> {
  const files: WardListFile[] = [];
  const problems: string[] = [];
  const read = async (file: string, wardFromFileName: boolean) => {
    try {
      files.push({ name: file, text: await readFile(file, 'utf8'), wardFromFileName });
    } catch (error) {
      problems.push(`${file}: the file ${reason(error)}.`);
    }
  };
  if (sources.file !== '') await read(sources.file, false);
  if (sources.dir !== '') {
    try {
      const names = await csvFilesIn(sources.dir);
      if (names.length === 0) problems.push(`${sources.dir}: the folder has no .csv files.`);
      for (const name of names) await read(name, true);
    } catch (error) {
      problems.push(`${sources.dir}: the folder ${reason(error)}.`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = parseWardLists(files);
  return parsed.ok ? parsed : { ok: false, problems: parsed.problems.map(describeWardListProblem) };
}

/** What the files look like now (names, sizes and change times), to notice an edit without reading them. */
async function fingerprint(sources: WardListSources): Promise<string> {
  const of = async (file: string) => {
    try {
      const { size, mtimeMs } = await stat(file);
      return `${file}:${size}:${mtimeMs}`;
    } catch {
      return `${file}:missing`;
    }
  };
  const files = sources.file === '' ? [] : [sources.file];
  if (sources.dir !== '') files.push(...(await csvFilesIn(sources.dir).catch(() => [`${sources.dir}/`])));
  return (await Promise.all(files.map(of))).join('\n');
}

export interface WardDirectoryDeps {
  sources: WardListSources;
  log: Logger;
  /** How often the files are looked at for changes, in milliseconds. */
  pollMs?: number;
}

export const WARD_LISTS_POLL_MS = 5000;

/**
 * The postcode lists in use. Loaded at start (refusing wrong lists), then read again on SIGHUP or when the
 * files change. A reload with problems logs them and keeps the lists in use, so a half-saved or mistyped
 * file never takes the check away during a surgery.
 *
 * Changes are noticed by looking at the files' sizes and change times every few seconds, as fs.watchFile
 * does, rather than with fs.watch: file-change events do not arrive from network shares such as an Azure
 * Files mount. A change is read once it has held still for one look, so a file being copied in is not read
 * half-written.
 */
export class WardDirectory implements WardLookup {
  private timer: NodeJS.Timeout | undefined;
  private lastSeen: string;
  private loadedFrom: string;
  private looking = false;
  /** Reloads take turns, so an older read never replaces a newer one. */
  private inLine: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly deps: WardDirectoryDeps,
    private lists: WardLists,
    seen: string,
  ) {
    this.lastSeen = seen;
    this.loadedFrom = seen;
  }

  /** Throws WardListsNotValid, listing every problem, when the lists cannot be used. */
  static async load(deps: WardDirectoryDeps): Promise<WardDirectory> {
    const seen = await fingerprint(deps.sources);
    const read = await readWardLists(deps.sources);
    if (!read.ok) throw new WardListsNotValid(read.problems);
    deps.log.info('ward postcode lists loaded', { wards: read.lists.wards.length, postcodes: read.lists.postcodeCount });
    return new WardDirectory(deps, read.lists, seen);
  }

  check(ward: string, postcode: string): WardCheck {
    return this.lists.check(ward, postcode);
  }

  current(): WardLists {
    return this.lists;
  }

  /** Reads the lists again; with problems, logs them and keeps the lists in use. Never throws. */
  reload(): Promise<WardListsRead> {
    const mine = this.inLine.then(() => this.reloadNow());
    this.inLine = mine;
    return mine;
  }

  /** Starts looking for changes to the files. */
  watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.look(), this.deps.pollMs ?? WARD_LISTS_POLL_MS);
    // Looking at files is no reason to keep the process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async reloadNow(): Promise<WardListsRead> {
    const seen = await fingerprint(this.deps.sources);
    const read = await readWardLists(this.deps.sources);
    this.loadedFrom = seen;
    this.lastSeen = seen;
    if (read.ok) {
      this.lists = read.lists;
      this.deps.log.info('ward postcode lists reloaded', { wards: read.lists.wards.length, postcodes: read.lists.postcodeCount });
    } else {
      this.deps.log.error('ward postcode lists not reloaded: the lists in use are kept until the problems are fixed', {
        problems: read.problems.slice(0, PROBLEMS_SHOWN),
        problemCount: read.problems.length,
      });
    }
    return read;
  }

  private async look(): Promise<void> {
    // A slow share can make one look outlast the interval; the next waits for its turn.
    if (this.looking) return;
    this.looking = true;
    try {
      const seen = await fingerprint(this.deps.sources);
      const settled = seen === this.lastSeen;
      this.lastSeen = seen;
      if (settled && seen !== this.loadedFrom) await this.reload();
    } catch (error) {
      this.deps.log.error('could not look for changes to the ward postcode lists', errorDetails(error));
    } finally {
      this.looking = false;
    }
  }
}
