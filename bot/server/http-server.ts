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
import { ResidentPagesSettings, registerResidentPages, sendPage } from './resident-pages';
import { StorageHealth } from '../storage/ports';
import { BookingService } from '../services/booking-service';
import { registerBookingPages } from './booking-pages';
import { bodyReader } from './request-body';
import { SERVER_ERROR, createRestifyServer } from './restify-server';
import { unreadableFormPage } from './pages/layout';

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

function errorAnswer(error: unknown): HttpAnswer {
  if (isStorageUnavailable(error)) {
    return {
      status: 503,
      body: { code: 'STORAGE.UNAVAILABLE', message: 'The queue cannot be reached just now. Please try again in a moment.' },
    };
  }
  return { status: 500, body: SERVER_ERROR };
}

const isApi = (req: Request) => req.getPath().startsWith('/api/');

export function createHttpServer(deps: HttpServerDeps): Server {
  const server = createRestifyServer(deps.log);

  const fail = (res: Response, error: unknown) => {
    const { status, body } = errorAnswer(error);
    deps.log.error('request failed', { status, ...errorDetails(error) });
    if (!res.headersSent) res.send(status, body);
  };

  const limits = rateLimiters(deps.traffic);
  server.pre(securityHeaders(deps.traffic));
  server.pre(limits.perClient);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const site = { councilName: deps.residentPages.councilName, localMode: deps.localMode };
  server.use(
    bodyReader({
      kindOf: (req) => (isApi(req) ? 'json' : 'form'),
      refuse: (req, res, { status, code, message }) =>
        isApi(req) ? res.send(status, { code, message } satisfies ApiError) : sendPage(res, status, unreadableFormPage(site), 'private'),
    }),
  );

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
