import path from 'node:path';
import restify, { Next, Request, Response, Server } from 'restify';
import type { ApiError } from '../api-types';
import { Logger, errorDetails } from '../logger';
import { HttpAnswer, isStorageUnavailable } from './http-errors';
import { RateLimits, rateLimiters } from './rate-limit';
import { securityHeaders } from './security-headers';
import { SurgeryRoutesDeps, registerSurgeryRoutes } from './surgery-routes';
import { registerStatisticsRoutes } from './statistics-routes';
import { DataRequestRoutesDeps, registerDataRequestRoutes } from './data-request-routes';
import { ResidentPagesSettings, registerResidentPages } from './resident-pages';
import { StorageHealth } from '../storage/ports';
import { BookingService } from '../services/booking-service';
import { registerBookingPages } from './booking-pages';

export interface HttpServerDeps extends SurgeryRoutesDeps, DataRequestRoutesDeps {
  health: StorageHealth;
  bookings: BookingService;
  /** The organiser named on booked residents' calendar invitations. */
  organiserEmail: string;
  handleMessages(req: Request, res: Response): Promise<void>;
  tabDirectory: string;
  log: Logger;
  /** Requests each client may make, and how to tell clients apart behind proxies. */
  traffic: RateLimits;
  /** What resident pages say and link to: the council, its retention, the public address. */
  residentPages: ResidentPagesSettings;
}

/** Bodies larger than this are refused with 413; activities and form posts are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;

function errorAnswer(error: unknown): HttpAnswer {
  if (isStorageUnavailable(error)) {
    return {
      status: 503,
      body: { code: 'STORAGE.UNAVAILABLE', message: 'The queue cannot be reached just now. Please try again in a moment.' },
    };
  }
  return { status: 500, body: { code: 'SERVER.ERROR', message: 'Something went wrong on our side.' } };
}

/** Refusals restify makes itself (no route, wrong method, unreadable or oversized body), in our words. */
function restifyRefusal(status: number): ApiError {
  switch (status) {
    case 400:
      return { code: 'INPUT.INVALID', message: 'The request could not be read. Send one JSON object.' };
    case 404:
      return { code: 'ROUTE.NOT_FOUND', message: 'There is nothing at this address.' };
    case 405:
      return { code: 'ROUTE.METHOD_NOT_ALLOWED', message: 'This address does not take that kind of request.' };
    case 413:
      return { code: 'INPUT.TOO_LARGE', message: `The request is too large: the limit is ${MAX_BODY_BYTES / 1024} KB.` };
    default:
      return status < 500
        ? { code: 'INPUT.INVALID', message: 'The request could not be accepted.' }
        : { code: 'SERVER.ERROR', message: 'Something went wrong on our side.' };
  }
}

export function createHttpServer(deps: HttpServerDeps): Server {
  const server = restify.createServer({ name: 'surgery-queue', handleUncaughtExceptions: false });

  const fail = (res: Response, error: unknown) => {
    const { status, body } = errorAnswer(error);
    deps.log.error('request failed', { status, ...errorDetails(error) });
    if (!res.headersSent) res.send(status, body);
  };

  // One line per request: the route pattern, never the path, query or body, which can hold ids and what people typed.
  server.on('after', (req: Request, res: Response, route: { spec?: { path?: unknown } } | undefined) => {
    const details = {
      method: req.method,
      route: String(route?.spec?.path ?? '(no route)'),
      status: res.statusCode,
      durationMs: Date.now() - req.time(),
    };
    if (res.statusCode >= 500) deps.log.error('request answered', details);
    else deps.log.info('request answered', details);
  });
  server.on(
    'restifyError',
    (_req: Request, _res: Response, error: Error & { statusCode?: number; toJSON?: () => unknown }, done: () => void) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) deps.log.error('request failed', { status, ...errorDetails(error) });
      error.toJSON = () => restifyRefusal(status);
      return done();
    },
  );

  const limits = rateLimiters(deps.traffic);
  server.pre(securityHeaders(deps.traffic));
  server.pre(limits.perClient);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // restify's typings omit maxBodySize, which jsonBodyParser passes on to its body reader.
  server.use(restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES } as restify.plugins.JsonBodyParserOptions));

  server.get('/healthz', async (_req: Request, res: Response) => {
    try {
      await deps.health.ping();
      res.send(200, { status: 'ok' });
    } catch {
      res.send(503, { status: 'storage unavailable' });
    }
  });

  server.post('/api/messages', limits.perConversation, async (req: Request, res: Response) => {
    try {
      await deps.handleMessages(req, res);
    } catch (error) {
      fail(res, error);
    }
  });

  registerSurgeryRoutes(server, deps, fail);
  registerStatisticsRoutes(server, deps, fail);
  registerDataRequestRoutes(server, deps, fail);
  registerResidentPages(server, deps);
  registerBookingPages(server, deps);

  server.get('/', (_req: Request, res: Response, next: Next) => res.redirect(302, '/tab/', next));
  server.get('/tab', (_req: Request, res: Response, next: Next) => res.redirect(301, '/tab/', next));
  server.get('/tab/*', restify.plugins.serveStaticFiles(path.resolve(deps.tabDirectory), { maxAge: 0 }));

  return server;
}
