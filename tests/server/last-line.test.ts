import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Details } from '../../bot/logger';
import { PATIENCE_MS, eventually } from '../support/patience';

interface LogLine {
  level: string;
  message: string;
  details: Details;
}

// What each failing handler's error says (tests/support/last-line-server.ts).
const SECRET_WORD = 'Jane';

describe('The last line of defence', () => {
  let server: ChildProcess;
  let url: string | undefined;
  let lines: LogLine[] = [];
  let stderr = '';
  let exitCode: number | null = null;
  const unexpectedErrors = () => lines.filter((line) => line.message === 'unexpected error');

  beforeAll(async () => {
    // node itself with tsx as a loader, so the process's own handlers are the ones a test sees.
    server = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'support', 'last-line-server.ts')], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    server.on('exit', (code) => (exitCode = code));
    createInterface({ input: server.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as LogLine | { listening: string };
      if ('listening' in line) url = line.listening;
      else lines.push(line);
    });
    // Starting compiles the server with tsx: slow on a busy machine.
    await eventually(() => url !== undefined || exitCode !== null, 'the server listens', 2 * PATIENCE_MS);
    if (url === undefined) throw new Error(`The server did not start:\n${stderr}`);
  });

  afterAll(() => {
    if (exitCode === null) server.kill('SIGKILL');
  });

  it.each(['/thrown-now', '/thrown-before-routing', '/thrown-later', '/rejected', '/rejected-later', '/stream-error'])(
    'When a handler fails unexpectedly (%s), then that request gets 500 in our words, the error is logged without its message, and the server goes on',
    async (route) => {
      lines = [];
      const res = await fetch(`${url}${route}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ code: 'SERVER.ERROR', message: 'Something went wrong on our side.' });
      expect(unexpectedErrors()).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain(SECRET_WORD);
      expect(stderr).not.toContain(SECRET_WORD);
      expect((await fetch(`${url}/fine`)).status).toBe(200);
    },
  );

  it('When a handler fails after it has answered, then the answer stands, the error is logged and the server goes on', async () => {
    lines = [];
    const res = await fetch(`${url}/thrown-after-answering`);
    expect(res.status).toBe(200);
    await res.text();
    await eventually(() => unexpectedErrors().length > 0, 'the late error is logged');
    expect(JSON.stringify(lines)).not.toContain(SECRET_WORD);
    expect((await fetch(`${url}/fine`)).status).toBe(200);
  });

  // Last: the server does not survive it.
  it('When code working for no request fails, then the process stops, as Node stops it', async () => {
    const res = await fetch(`${url}/fails-outside-any-request`);
    expect(res.status).toBe(200);
    await eventually(() => exitCode !== null, 'the server stops');
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/^Error: /m);
  });
});
