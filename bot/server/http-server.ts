import { readFile } from 'node:fs/promises';
import path from 'node:path';
import restify, { Next, Request, RequestHandler, Response, Server } from 'restify';
import { STORAGE_UNAVAILABLE, type ApiError } from '../api-types';
import { Logger, errorDetails } from '../logger';
import { HttpAnswer } from './http-errors';
import { RateLimiters, RateLimits, rateLimiters } from './rate-limit';
import { securityHeaders } from './security-headers';
import { sendPage } from './resident-pages';
import { StorageHealth } from '../storage/ports';
import { bodyReader } from './request-body';
import { ROUTE_NOT_FOUND, SERVER_ERROR, createRestifyServer } from './restify-server';
import { unreadableFormPage } from './pages/layout';

/** What every feature's routes share: the server's answer to a failure nobody expected, and its rate limits. */
interface RouteKit {
  /** Answers 503 while storage is out, otherwise 500, and logs the error. */
  fail(res: Response, error: unknown): void;
  limits: RateLimiters;
}

/** A feature's part of the server: it adds its routes. */
export type Routes = (server: Server, kit: RouteKit) => void;

export interface HttpServerDeps {
  log: Logger;
  health: StorageHealth;
  localMode: boolean;
  /** Named on the page that says a form could not be read. */
  councilName: string;
  /** Requests each client may make, and how to tell clients apart behind proxies. */
  traffic: RateLimits;
  /** The bot's handler for POST /api/messages. */
  handleMessages(req: Request, res: Response): Promise<void>;
  /** Where the built tab is: the councillors' tab and the officers' page. */
  tabDirectory: string;
  /** Every feature's routes: the tab's API, the officers', resident pages, booking pages, web chat. */
  routes: readonly Routes[];
}

/** Storage that does not answer is a passing fault the client may retry; anything else caught here is a bug. */
function errorAnswer(error: unknown, health: StorageHealth): HttpAnswer {
  if (health.isOutage(error)) {
    return {
      status: 503,
      body: { code: STORAGE_UNAVAILABLE, message: 'The queue cannot be reached just now. Please try again in a moment.' },
    };
  }
  return { status: 500, body: SERVER_ERROR };
}

// Local mode's Direct Line (/v3/directline/...) and its Bot Connector (/v3/conversations/...) take JSON too.
const isApi = (req: Request) => req.getPath().startsWith('/api/') || req.getPath().startsWith('/v3/');

export function createHttpServer(deps: HttpServerDeps): Server {
  const server = createRestifyServer(deps.log);

  const fail = (res: Response, error: unknown) => {
    const { status, body } = errorAnswer(error, deps.health);
    deps.log.error('request failed', { status, ...errorDetails(error) });
    if (!res.headersSent) res.send(status, body);
  };

  const limits = rateLimiters(deps.traffic);
  server.pre(securityHeaders(deps.traffic));
  server.pre(limits.perClient);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const site = { councilName: deps.councilName, localMode: deps.localMode };
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

  for (const routes of deps.routes) routes(server, { fail, limits });

  server.get('/', (_req: Request, res: Response, next: Next) => res.redirect(302, '/tab/', next));
  server.get('/tab', (_req: Request, res: Response, next: Next) => res.redirect(301, '/tab/', next));
  // The officers' page: a personal tab in Teams, and at this address in local mode. Its API checks who asks.
  server.get('/officers', (_req: Request, res: Response, next: Next) => res.redirect(301, '/officers/', next));
  server.get('/officers/', async (_req: Request, res: Response) => {
    try {
      const page = await readFile(path.join(deps.tabDirectory, 'officers.html'));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(page);
    } catch (error) {
      fail(res, error);
    }
  });
  // A source map shows the tab's code as written: a help when working on it locally, nobody else's business.
  const sourceMaps: RequestHandler = (req, res, next) => {
    const file = req.getPath();
    if (file.endsWith('.map') && !deps.localMode) {
      res.send(404, ROUTE_NOT_FOUND);
      return next(false);
    }
    if (file.endsWith('.js') && deps.localMode) res.header('SourceMap', `${path.posix.basename(file)}.map`);
    return next();
  };
  // The tab's files are small and always sent whole: a range past a file's end would otherwise come back from the
  // static file reader as an unexplained 403.
  const wholeFiles: RequestHandler = (req, _res, next) => {
    delete req.headers.range;
    delete req.headers['if-range'];
    return next();
  };
  server.get('/tab/*', sourceMaps, wholeFiles, restify.plugins.serveStaticFiles(path.resolve(deps.tabDirectory), { maxAge: 0 }));

  return server;
}
