import { fork, spawn } from 'node:child_process';
import path from 'node:path';
import { azuriteConnectionString } from '../../tests/support/azurite';
import { freePort } from '../../tests/support/server-process';
import { AzuriteCounts } from './azurite-counts';
import { lastLines, portAnswers, stopChild, track } from './child-process';
import { sleep } from './pool';

export type AzuriteMode = 'process' | 'cli';

export interface BenchAzurite {
  /** One line for the report: what ran and how. */
  description: string;
  pid: number;
  connectionString: string;
  /** Requests answered so far; undefined when this Azurite cannot count them (the CLI). */
  counts(): Promise<AzuriteCounts | undefined>;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..');
const version: string = require('azurite/package.json').version;

/** Starts Azurite's table service in memory, in a process of its own. */
export function startAzurite(mode: AzuriteMode): Promise<BenchAzurite> {
  return mode === 'cli' ? startCli() : startCountingProcess();
}

async function startCountingProcess(): Promise<BenchAzurite> {
  const stderr = lastLines(20);
  const child = track(
    fork(path.join(__dirname, 'azurite-process.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 120 s.\n${stderr.text()}`)), 120_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'ready' && message.port) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite stopped (exit code ${code}).\n${stderr.text()}`));
    });
  });
  let asked = 0;
  return {
    description: `Azurite ${version} table service, in memory, in its own process (the server class the tests use)`,
    pid: child.pid!,
    connectionString: azuriteConnectionString(port),
    counts: () =>
      new Promise((resolve, reject) => {
        const id = ++asked;
        const timer = setTimeout(() => reject(new Error('Azurite did not report its request counts')), 5000);
        const listener = (message: { type?: string; id?: number; counts?: AzuriteCounts }) => {
          if (message.type !== 'counts' || message.id !== id) return;
          clearTimeout(timer);
          child.off('message', listener);
          resolve(message.counts);
        };
        child.on('message', listener);
        child.send({ type: 'counts', id });
      }),
    stop: () => stopChild(child),
  };
}

async function startCli(): Promise<BenchAzurite> {
  const port = await freePort();
  const stderr = lastLines(20);
  const args = [
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(port),
    '--inMemoryPersistence',
    '--disableTelemetry',
    '--silent',
    '--loose',
    '--skipApiVersionCheck',
  ];
  // The bin is a node script; run it with this node so the process id is Azurite's own.
  const child = track(
    spawn(process.execPath, [require.resolve('azurite/dist/src/table/main.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk.toString('utf8')));
  const deadline = Date.now() + 120_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null) throw new Error(`azurite-table stopped (exit code ${child.exitCode}).\n${stderr.text()}`);
    if (Date.now() > deadline) throw new Error(`azurite-table did not start within 120 s.\n${stderr.text()}`);
    await sleep(100);
  }
  return {
    description: `Azurite ${version} table service, in memory, as the azurite-table CLI (--inMemoryPersistence) in its own process`,
    pid: child.pid!,
    connectionString: azuriteConnectionString(port),
    counts: async () => undefined,
    stop: () => stopChild(child),
  };
}
