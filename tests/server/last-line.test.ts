import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Next, Request, Response, Server } from 'restify';
import { Details, Logger } from '../../bot/logger';
import { createRestifyServer } from '../../bot/server/restify-server';
import { eventually } from '../support/patience';

/** Logs kept in memory, so a test can see what the server said about an error. */
function recordingLogger(): Logger & { lines: { level: string; message: string; details: Details }[] } {
  const lines: { level: string; message: string; details: Details }[] = [];
  return {
    lines,
    debug: (message, details = {}) => lines.push({ level: 'debug', message, details }),
    info: (message, details = {}) => lines.push({ level: 'info', message, details }),
    error: (message, details = {}) => lines.push({ level: 'error', message, details }),
  };
}

const SECRET = 'Jane Smith of 12 High Street';

describe('The last line of defence', () => {
  const log = recordingLogger();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createRestifyServer(log);
    // Bugs of every shape a handler could have; each message holds what a resident typed.
    server.get('/thrown-later', (_req: Request, _res: Response, _next: Next) => {
      setTimeout(() => {
        throw new Error(SECRET);
      }, 1);
    });
    server.get('/rejected', async () => {
      await Promise.resolve();
      throw new Error(SECRET);
    });
    server.get('/stream-error', (_req: Request, _res: Response, _next: Next) => {
      const stream = new Readable({ read: () => undefined });
      stream.on('data', () => undefined);
      stream.emit('error', new Error(SECRET));
    });
    server.get('/thrown-after-answering', (_req: Request, res: Response, next: Next) => {
      res.send(200, { ok: true });
      next();
      setTimeout(() => {
        throw new Error(SECRET);
      }, 1);
    });
    server.get('/fine', (_req: Request, res: Response, next: Next) => {
      res.send(200, { ok: true });
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each(['/thrown-later', '/rejected', '/stream-error'])(
    'When a handler fails unexpectedly (%s), then that request gets 500 in our words, the error is logged without its message, and the server goes on',
    async (path) => {
      log.lines.length = 0;
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ code: 'SERVER.ERROR', message: 'Something went wrong on our side.' });
      expect(log.lines.filter((line) => line.message === 'unexpected error')).toHaveLength(1);
      expect(JSON.stringify(log.lines)).not.toContain('Jane');
      expect((await fetch(`${url}/fine`)).status).toBe(200);
    },
  );

  it('When a handler fails after it has answered, then the answer stands, the error is logged and the server goes on', async () => {
    log.lines.length = 0;
    const res = await fetch(`${url}/thrown-after-answering`);
    expect(res.status).toBe(200);
    await res.text();
    await eventually(() => log.lines.some((line) => line.message === 'unexpected error'), 'the late error is logged');
    expect((await fetch(`${url}/fine`)).status).toBe(200);
  });
});
