import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response, Server } from 'restify';
import type { ApiError } from '../api-types';
import { Logger } from '../logger';
import type { LocalDirectLine } from './local-direct-line';

export interface DirectLineSettings {
  /** Empty: web chat is not set up, and the endpoint says so, unless the server is its own Direct Line. */
  secret: string;
  baseUrl: string;
  /** Local mode without a secret: the server is its own Direct Line (local-direct-line.ts), on loopback. */
  local: boolean;
}

const NOT_SET_UP: ApiError = { code: 'DIRECTLINE.NOT_SET_UP', message: 'Web chat is not set up on this server.' };
const UNAVAILABLE: ApiError = { code: 'DIRECTLINE.UNAVAILABLE', message: 'Web chat cannot start just now. Please try again in a moment.' };

const TIMEOUT_MS = 10_000;

/**
 * POST /api/directline/token: a short-lived Direct Line token for one new web chat, made from the Direct
 * Line secret, which never leaves the server. The token is bound to a random user id ("dl_" prefix, as
 * Direct Line requires for bound ids), so a page cannot speak as another resident. Each token starts a
 * conversation with Azure Bot Service, so `limit` holds each client to a few a minute.
 */
export function registerDirectLineToken(
  server: Server,
  settings: DirectLineSettings,
  log: Logger,
  limit: RequestHandler,
  local?: LocalDirectLine,
): void {
  server.post('/api/directline/token', limit, async (_req: Request, res: Response) => {
    const { status, body } = local ? { status: 200, body: local.newConversation() } : await tokenAnswer(settings, log);
    res.send(status, body);
  });
}

async function tokenAnswer(settings: DirectLineSettings, log: Logger): Promise<{ status: number; body: unknown }> {
  if (settings.secret === '') return { status: 404, body: NOT_SET_UP };
  const userId = `dl_${randomBytes(16).toString('base64url')}`;
  try {
    const answer = await fetch(`${settings.baseUrl}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${settings.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await answer.json().catch(() => undefined)) as { token?: unknown; expires_in?: unknown } | undefined;
    if (!answer.ok || typeof body?.token !== 'string') {
      log.error('direct line token refused', { status: answer.status });
      return { status: 502, body: UNAVAILABLE };
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : undefined;
    return { status: 200, body: { token: body.token, userId, ...(expiresIn !== undefined ? { expiresIn } : {}) } };
  } catch (error) {
    // Never the error itself: a fetch error could quote the request, and the request holds the secret.
    log.error('direct line unreachable', { error: error instanceof Error ? error.name : 'unknown' });
    return { status: 502, body: UNAVAILABLE };
  }
}
