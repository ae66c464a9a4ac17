/**
 * A server whose handlers fail in every way a bug could, each error holding what a resident typed, in a process of its
 * own with the last line of defence installed as bot/index.ts installs it (a test runner puts its own handlers in place
 * of the process's). tests/server/last-line.test.ts starts it. It prints one JSON line with its address, then each log
 * line as JSON, on stdout.
 */
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Next, Request, Response } from 'restify';
import type { Details, Logger } from '../../bot/logger';
import { installLastLine } from '../../bot/server/last-line';
import { createRestifyServer } from '../../bot/server/restify-server';

const SECRET = 'Jane Smith of 12 High Street';

const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const logAt =
  (level: string) =>
  (message: string, details: Details = {}) =>
    print({ level, message, details });
const log: Logger = { debug: logAt('debug'), info: logAt('info'), error: logAt('error') };

// Work the process does for nobody in particular, as a timer set at start-up does; a request can make it fail.
let workForNobodyFails = false;
setInterval(() => {
  if (workForNobodyFails) throw new Error(SECRET);
}, 10);

installLastLine();
const server = createRestifyServer(log);
server.get('/thrown-later', (_req: Request, _res: Response, _next: Next) => {
  setTimeout(() => {
    throw new Error(SECRET);
  }, 1);
});
server.get('/thrown-now', (_req: Request, _res: Response, _next: Next) => {
  throw new Error(SECRET);
});
server.pre((req: Request, _res: Response, next: Next) => {
  if (req.url === '/thrown-before-routing') throw new Error(SECRET);
  next();
});
server.get('/thrown-before-routing', (_req: Request, res: Response, next: Next) => {
  res.send(200, { ok: true });
  next();
});
server.get('/rejected', async () => {
  await Promise.resolve();
  throw new Error(SECRET);
});
server.get('/rejected-later', (_req: Request, _res: Response, _next: Next) => {
  setTimeout(() => void Promise.reject(new Error(SECRET)), 1);
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
server.get('/fails-outside-any-request', (_req: Request, res: Response, next: Next) => {
  res.send(200, { ok: true });
  next();
  workForNobodyFails = true;
});
server.get('/fine', (_req: Request, res: Response, next: Next) => {
  res.send(200, { ok: true });
  next();
});
server.listen(0, '127.0.0.1', () => print({ listening: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
