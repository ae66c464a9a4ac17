import restify, { Request, Response, Server } from 'restify';
import type { ApiError } from '../api-types';
import { Logger, errorDetails } from '../logger';
import { runInRequestContext } from './last-line';

export const SERVER_ERROR: ApiError = { code: 'SERVER.ERROR', message: 'Something went wrong on our side.' };
export const ROUTE_NOT_FOUND: ApiError = { code: 'ROUTE.NOT_FOUND', message: 'There is nothing at this address.' };

/** Refusals restify makes itself (no route, wrong method, unreadable query), in our words. */
function restifyRefusal(status: number): ApiError {
  switch (status) {
    case 400:
      return { code: 'INPUT.INVALID', message: 'The request could not be read.' };
    case 404:
      return ROUTE_NOT_FOUND;
    case 405:
      return { code: 'ROUTE.METHOD_NOT_ALLOWED', message: 'This address does not take that kind of request.' };
    default:
      return status < 500 ? { code: 'INPUT.INVALID', message: 'The request could not be accepted.' } : SERVER_ERROR;
  }
}

/** The longest a whole request may take to arrive, headers and body. */
const REQUEST_TIMEOUT_MS = 30_000;

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

/**
 * A restify server that answers in our words and survives its own bugs. Every route catches what it
 * expects (bad input, storage faults); anything else thrown, rejected or emitted while a request is
 * handled, even from a timer or a stream's 'error' with no listener, is the last line of defence: logged
 * as "unexpected error", answered with 500 for that request alone, and the process goes on serving
 * everyone else. Each request runs in its own context (last-line.ts), where the process's uncaughtException handler
 * finds it; a process must install that handler (installLastLine) for this to hold.
 */
export function createRestifyServer(log: Logger): Server {
  // restify takes a function here in place of its own domain per request, which costs on every callback; its types
  // know only the boolean.
  const server = restify.createServer({ name: 'surgery-queue', handleUncaughtExceptions: runInRequestContext as unknown as boolean });
  // The rest of a refused body is read and dropped so its sender still gets the answer; this bounds how long
  // (Node's default is five minutes). Streams are not affected: their request ends with its headers.
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;

  // One line per request: the route pattern, never the path, query or body, which can hold ids and what people typed.
  server.on('after', (req: Request, res: Response, route: { spec?: { path?: unknown } } | undefined) => {
    const details = {
      method: req.method,
      route: String(route?.spec?.path ?? '(no route)'),
      status: res.statusCode,
      durationMs: Date.now() - req.time(),
    };
    if (res.statusCode >= 500) log.error('request answered', details);
    else log.debug('request answered', details);
  });

  server.on('restifyError', (_req: Request, res: Response, error: unknown, done: () => void) => {
    const status = statusOf(error);
    if (status === undefined) {
      log.error('unexpected error', errorDetails(error));
      // Sent here, so restify does not send its own answer, which would quote the error's message.
      if (!res.headersSent) res.send(500, SERVER_ERROR);
      return done();
    }
    if (status >= 500) log.error('request failed', { status, ...errorDetails(error) });
    (error as { toJSON?: () => unknown }).toJSON = () => restifyRefusal(status);
    return done();
  });

  return server;
}
