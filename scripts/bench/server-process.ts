import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../tests/support/server-process';
import { lastLines, stopChild, track } from './child-process';
import { sleep } from './pool';

export interface ServerProcess {
  url: string;
  pid: number;
  /** How many error lines the server has logged, and the first few of them. */
  errors: { count: number; first: string[] };
  /** Why the server stopped, with the end of what it wrote to stderr; undefined if it is still running after `graceMs`. */
  stopped(graceMs: number): Promise<string | undefined>;
  stop(): Promise<void>;
}

export interface ServerSettings {
  tablesConnectionString: string;
  tablePrefix: string;
  /**
   * The server's storage requests are counted per change (a check-in, an admit), so its work paced by the clock
   * runs as seldom as the settings allow: each streamed surgery's poll (STREAM_POLL_MS, at most once a minute) and
   * the look at every open surgery (SURGERY_TICK_SECONDS, every 10 minutes). That work costs the same whatever
   * the residents do; counted in a step's window it would be charged to the step it happened to overlap.
   */
  countingPerChange?: boolean;
}

const root = path.resolve(__dirname, '..', '..');
const STARTUP_MS = 240_000;
/** Where the server is compiled for the bench: its own folder, one level down as dist is, so `npm run build`'s is left alone. */
const BUILD_DIR = path.join(root, '.bench-server');

let built: Promise<string> | undefined;

/**
 * The server compiled as production runs it (infra/azure.bicep: `node dist/bot/index.js`, built by tsc with
 * tsconfig.build.json), once per bench run: its path. Running it through tsx would add tsx's own work to every
 * figure.
 */
export function buildServer(): Promise<string> {
  built ??= new Promise<string>((resolve, reject) => {
    const output = lastLines(40);
    const child = track(
      spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    child.stdout!.on('data', (chunk: Buffer) => output.add(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => output.add(chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve(path.join(BUILD_DIR, 'bot', 'index.js'))
        : reject(new Error(`Compiling the server failed (${signal ?? `exit code ${code}`}).\n${output.text()}`)),
    );
  });
  return built;
}

/** Error lines in our JSON log, or in pino's (numeric levels, 50 and up are errors). */
function isErrorLine(line: string): boolean {
  try {
    const entry = JSON.parse(line) as { level?: unknown };
    return entry.level === 'error' || entry.level === 'fatal' || (typeof entry.level === 'number' && entry.level >= 50);
  } catch {
    return false;
  }
}

/**
 * Every simulated resident and tab calls from 127.0.0.1, where real ones come from many addresses (and
 * residents through the Bot Connector's few), so the per-address limits are raised out of the way. The
 * limiters still run on every request; the per-conversation limit keeps its default.
 */
export const RAISED_LIMITS = { RATE_LIMIT_PER_MINUTE: '1000000', BOT_RATE_LIMIT_PER_MINUTE: '1000000' } as const;

/**
 * Runs the server in its own node process as production does: compiled (see buildServer), with node itself, so
 * /proc shows the server's own memory.
 *
 * The environment is built from scratch, so settings in the caller's shell (an app id, say) cannot take
 * the server out of local mode or change what is measured.
 */
export async function startServer(settings: ServerSettings): Promise<ServerProcess> {
  const server = await buildServer();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOCAL_MODE: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    TABLES_CONNECTION_STRING: settings.tablesConnectionString,
    TABLE_PREFIX: settings.tablePrefix,
    ...RAISED_LIMITS,
    ...(settings.countingPerChange ? { STREAM_POLL_MS: '60000', SURGERY_TICK_SECONDS: '600' } : {}),
  };
  const child = track(spawn(process.execPath, [server], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const errors = { count: 0, first: [] as string[] };
  const stderr = lastLines(30);
  // Both streams are always read: a full pipe would stall the server and spoil every figure.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!isErrorLine(line)) return;
    errors.count += 1;
    if (errors.first.length < 5) errors.first.push(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.add(chunk.toString('utf8')));

  const url = `http://127.0.0.1:${port}`;
  // Generous: on a loaded machine compiling the server's TypeScript alone can take a minute.
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The server stopped while starting (${child.signalCode ?? `exit code ${child.exitCode}`}).\n${stderr.text()}`);
    const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (health?.status === 200) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`The server did not answer /healthz within ${STARTUP_MS / 1000} s.\n${stderr.text()}`);
    }
    await sleep(100);
  }
  let stopping = false;
  return {
    url,
    pid: child.pid!,
    errors,
    stopped: async (graceMs) => {
      const deadline = Date.now() + graceMs;
      // A connection closed by a dying server can be seen before the server's exit is.
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await sleep(50);
      if (stopping || (child.exitCode === null && child.signalCode === null)) return undefined;
      return `The server stopped (${child.signalCode ?? `exit code ${child.exitCode}`}) in the middle of a measurement. Its last words:\n${stderr.text()}`;
    },
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}
