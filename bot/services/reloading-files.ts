import { stat } from 'node:fs/promises';
import { Details, Logger, errorDetails } from '../logger';

export type FilesRead<T> = { ok: true; value: T } | { ok: false; problems: string[] };

// Enough to find and fix the first problems; a file in the wrong format would otherwise fill the screen.
const PROBLEMS_SHOWN = 20;

export const FILES_POLL_MS = 5000;

/** What officers see of files in use: which, when they were last read in, and what stops a changed one being used. */
export interface FilesInUse {
  files: string[];
  loadedAt: string;
  /** The latest reload's problems; empty once the files are read in without any. */
  problems: string[];
}

/** The problems of files that cannot be used, the first few listed and the rest counted. */
export function listProblems(problems: readonly string[]): string[] {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  - ${p}`);
  return problems.length > PROBLEMS_SHOWN ? [...shown, `  - and ${problems.length - PROBLEMS_SHOWN} more problems.`] : shown;
}

export interface ReloadingFilesDeps<T> {
  /** What the files are, in the log: "ward postcode lists". */
  what: string;
  /** What the log says when a reload finds problems and what is in use stays. */
  notReloaded: string;
  /** The files read now (a folder's may change). */
  files: () => Promise<string[]>;
  /** Reads and checks them; never throws. */
  read: () => Promise<FilesRead<T>>;
  /** When files are read in, as officers are told. */
  clock?: () => Date;
  /** What the log says about a value read. */
  summary: (value: T) => Details;
  log: Logger;
  /** How often the files are looked at for changes, in milliseconds. */
  pollMs?: number;
}

/** What the files look like now (names, sizes and change times), to notice an edit without reading them. */
async function fingerprint(files: readonly string[]): Promise<string> {
  const of = async (file: string) => {
    try {
      const { size, mtimeMs } = await stat(file);
      return `${file}:${size}:${mtimeMs}`;
    } catch {
      return `${file}:missing`;
    }
  };
  return (await Promise.all(files.map(of))).join('\n');
}

/**
 * Files officers keep, in use. Loaded at start (refusing files with problems), then read again on SIGHUP
 * or when they change. A reload with problems logs them and keeps what is in use, so a half-saved or
 * mistyped file never takes it away during a surgery.
 *
 * Changes are noticed by looking at the files' sizes and change times every few seconds, as fs.watchFile
 * does, rather than with fs.watch: file-change events do not arrive from network shares such as an Azure
 * Files mount. A change is read once it has held still for one look, so a file being copied in is not read
 * half-written.
 */
export class ReloadingFiles<T> {
  private timer: NodeJS.Timeout | undefined;
  private lastSeen: string;
  private loadedFrom: string;
  private looking = false;
  private onChange: (() => Promise<void>) | undefined;
  /** Reloads take turns, so an older read never replaces a newer one. */
  private inLine: Promise<unknown> = Promise.resolve();
  private inUse: FilesInUse;

  private constructor(
    private readonly deps: ReloadingFilesDeps<T>,
    private value: T,
    seen: string,
    files: string[],
  ) {
    this.lastSeen = seen;
    this.loadedFrom = seen;
    this.inUse = { files, loadedAt: this.now(), problems: [] };
  }

  private now(): string {
    return (this.deps.clock ?? (() => new Date()))().toISOString();
  }

  /** The files in use, when they were read in, and the problems of the latest reload, if it had any. */
  state(): FilesInUse {
    return this.inUse;
  }

  /** The files' value, or their problems when they cannot be used. */
  static async load<T>(deps: ReloadingFilesDeps<T>): Promise<ReloadingFiles<T> | { problems: string[] }> {
    const files = await deps.files();
    const seen = await fingerprint(files);
    const read = await deps.read();
    if (!read.ok) return { problems: read.problems };
    deps.log.info(`${deps.what} loaded`, deps.summary(read.value));
    return new ReloadingFiles(deps, read.value, seen, files);
  }

  current(): T {
    return this.value;
  }

  /** Reads the files again; with problems, logs them and keeps what is in use. Never throws. */
  reload(): Promise<FilesRead<T>> {
    const mine = this.inLine.then(() => this.reloadNow());
    this.inLine = mine;
    return mine;
  }

  /** Starts looking for changes to the files; `onChange` runs after a changed file is read in. */
  watch(onChange?: () => Promise<void>): void {
    if (this.timer) return;
    this.onChange = onChange;
    this.timer = setInterval(() => void this.look(), this.deps.pollMs ?? FILES_POLL_MS);
    // Looking at files is no reason to keep the process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async reloadNow(): Promise<FilesRead<T>> {
    const files = await this.deps.files();
    const seen = await fingerprint(files);
    const read = await this.deps.read();
    this.loadedFrom = seen;
    this.lastSeen = seen;
    if (read.ok) {
      this.value = read.value;
      this.inUse = { files, loadedAt: this.now(), problems: [] };
      this.deps.log.info(`${this.deps.what} reloaded`, this.deps.summary(read.value));
    } else {
      this.inUse = { ...this.inUse, problems: read.problems };
      this.deps.log.error(this.deps.notReloaded, {
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
      const seen = await this.deps.files().then(fingerprint);
      const settled = seen === this.lastSeen;
      this.lastSeen = seen;
      if (settled && seen !== this.loadedFrom && (await this.reload()).ok) await this.onChange?.();
    } catch (error) {
      this.deps.log.error(`could not look for changes to the ${this.deps.what}`, errorDetails(error));
    } finally {
      this.looking = false;
    }
  }
}
