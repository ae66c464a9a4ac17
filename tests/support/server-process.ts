import os from 'node:os';
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from './azurite';
import { RecordingConnector } from './recording-connector';
import { PATIENCE_MS, PATIENT_STORAGE_MS } from './patience';

const root = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server printed, for diagnosing a failure. */
  output(): string;
  /** kill -9: no shutdown, no flushing, as when a machine dies. */
  killHard(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts bot/index.ts as its own process (as production runs it), in local mode unless `env` says
 * otherwise, and waits until /healthz answers 200.
 */
export async function startServerProcess(env: Record<string, string>, port?: number, patienceMs = 2 * PATIENCE_MS): Promise<ServerProcess> {
  const chosen = port ?? (await freePort());
  // node itself (with tsx as a loader), not the tsx wrapper: a kill must reach the server, not a parent of it.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bot', 'index.ts')], {
    cwd: root,
    // Mail to residents goes to a folder of the machine's temporary files, never the project's own.
    env: {
      PATH: process.env.PATH ?? '',
      LOCAL_MODE: 'true',
      HOST: '127.0.0.1',
      PORT: String(chosen),
      LOCAL_MAILBOX_DIR: path.join(os.tmpdir(), 'surgery-queue-test-mailbox'),
      // A healthy Azurite on a busy machine can be slower than production's limit.
      STORAGE_CALL_TIMEOUT_MS: PATIENT_STORAGE_MS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${chosen}`;

  // Starting compiles the server with tsx: slow on a busy machine, so twice a test's usual patience by default.
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const status = await fetch(`${url}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port: chosen,
    child,
    output: () => output,
    async killHard() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Two server processes sharing one Azurite (with default settings) and one recording Bot Connector. */
export interface TwoInstances {
  a: ServerProcess;
  b: ServerProcess;
  azurite: RunningAzurite;
  connector: RecordingConnector;
  stop(): Promise<void>;
}

export async function startTwoInstances(): Promise<TwoInstances> {
  const azurite = await startAzurite();
  const connector = await new RecordingConnector().start();
  const env = { TABLES_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: uniqueTablePrefix() };
  const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  return {
    a,
    b,
    azurite,
    connector,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await connector.stop();
      await azurite.stop();
    },
  };
}
