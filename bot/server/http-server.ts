import path from 'node:path';
import restify, { Next, Request, Response, Server } from 'restify';
import { HttpAnswer, isStorageUnavailable } from './http-errors';
import { SurgeryRoutesDeps, registerSurgeryRoutes } from './surgery-routes';
import { StorageHealth } from '../storage/ports';

export interface HttpServerDeps extends SurgeryRoutesDeps {
  health: StorageHealth;
  handleMessages(req: Request, res: Response): Promise<void>;
  tabDirectory: string;
  log: { error(message: string, details: Record<string, unknown>): void };
}

/** Bodies larger than this are refused with 413; activities and form posts are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;

function errorAnswer(error: unknown): HttpAnswer {
  if (isStorageUnavailable(error)) {
    return { status: 503, body: { code: 'STORAGE.UNAVAILABLE', message: 'The queue cannot be reached just now. Please try again in a moment.' } };
  }
  return { status: 500, body: { code: 'SERVER.ERROR', message: 'Something went wrong on our side.' } };
}

export function createHttpServer(deps: HttpServerDeps): Server {
  const server = restify.createServer({ name: 'surgery-queue', handleUncaughtExceptions: false });

  const fail = (res: Response, error: unknown) => {
    const { status, body } = errorAnswer(error);
    deps.log.error('request failed', { status, error: error instanceof Error ? error.message : String(error) });
    if (!res.headersSent) res.send(status, body);
  };

  server.pre((_req, res, next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    return next();
  });
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

  server.post('/api/messages', async (req: Request, res: Response) => {
    try {
      await deps.handleMessages(req, res);
    } catch (error) {
      fail(res, error);
    }
  });

  registerSurgeryRoutes(server, deps, fail);

  server.get('/', (_req: Request, res: Response, next: Next) => res.redirect(302, '/tab/', next));
  server.get('/tab', (_req: Request, res: Response, next: Next) => res.redirect(301, '/tab/', next));
  server.get('/tab/*', restify.plugins.serveStaticFiles(path.resolve(deps.tabDirectory), { maxAge: 0 }));

  return server;
}
