import type { Request, Response, Server } from 'restify';
import { OfficerAccount, ResidentKey, parseResidentKey } from '../domain/data-request';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { Actor } from '../services/audit-trail';
import { DataRequests } from '../services/data-requests';
import { officersOnly as officersOnlyIn } from './auth/officers';
import { IdentifyCaller } from './councillor-identity';
import { HttpAnswer, refusalAnswer } from './http-errors';

export interface DataRequestRoutesDeps {
  dataRequests: DataRequests;
  identify: IdentifyCaller;
  /** OFFICER_ACCOUNTS: who may make subject access and erasure requests. */
  officerAccounts: readonly OfficerAccount[];
  localMode: boolean;
}

type Act = (key: ResidentKey, officer: Actor) => Promise<unknown>;

function residentKeyIn(req: Request): ResidentKey | Refusal {
  const raw: unknown = req.body;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refuse('INPUT.INVALID', 'Send a JSON object with one of: email, mobile or reference.', [
      { field: 'email', message: 'Give one of: email, mobile or reference.' },
    ]);
  }
  const key = parseResidentKey(raw as Record<string, unknown>);
  return key.ok ? key.value : refuse('INPUT.INVALID', 'Check how the resident is to be found.', key.problems);
}

/**
 * Officers' subject access and erasure requests. Officers sign in as councillors do (Teams SSO); local
 * mode has no sign-in, so its single local user counts as an officer. Answers are never cached: they
 * hold everything about a resident.
 */
export function registerDataRequestRoutes(
  server: Server,
  deps: DataRequestRoutesDeps,
  fail: (res: Response, error: unknown) => void,
): void {
  const officersOnly = officersOnlyIn(deps.localMode, deps.officerAccounts);

  const send = (res: Response, result: HttpAnswer | Refusal): void => {
    const { status, body } = isRefusal(result) ? refusalAnswer(result) : result;
    res.header('Cache-Control', 'no-store');
    res.send(status, body);
  };

  const route = (act: Act) => async (req: Request, res: Response) => {
    try {
      const caller = await deps.identify(req);
      if (isRefusal(caller)) return send(res, caller);
      const refused = officersOnly(caller);
      if (refused) return send(res, refused);
      const key = residentKeyIn(req);
      if (isRefusal(key)) return send(res, key);
      send(res, { status: 200, body: await act(key, caller) });
    } catch (error) {
      fail(res, error);
    }
  };

  server.post(
    '/api/data-requests/search',
    route(async (key, officer) => ({ matches: await deps.dataRequests.search(key, officer) })),
  );
  server.post(
    '/api/data-requests/export',
    route((key, officer) => deps.dataRequests.export(key, officer)),
  );
  server.post(
    '/api/data-requests/erase',
    route((key, officer) => deps.dataRequests.erase(key, officer)),
  );
}
