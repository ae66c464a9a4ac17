import type { Request, Response, Server } from 'restify';
import { OfficerAccount } from '../domain/data-request';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { AuditFilter, OfficerOverview } from '../services/officer-overview';
import { officersOnly } from './auth/officers';
import { IdentifyCaller } from './councillor-identity';
import { HttpAnswer, refusalAnswer } from './http-errors';

export interface OfficerRoutesDeps {
  officerOverview: OfficerOverview;
  identify: IdentifyCaller;
  officerAccounts: readonly OfficerAccount[];
  localMode: boolean;
}

const MAX_FILTER_LENGTH = 200;

function auditFilterIn(req: Request): AuditFilter | Refusal {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const filter: AuditFilter = {};
  for (const [name, field] of [
    ['surgery', 'surgeryId'],
    ['person', 'person'],
  ] as const) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || value.length > MAX_FILTER_LENGTH) {
      return refuse('INPUT.INVALID', `Give ${name} once, in up to ${MAX_FILTER_LENGTH} characters.`, [
        { field: name, message: `Up to ${MAX_FILTER_LENGTH} characters, once.` },
      ]);
    }
    filter[field] = value;
  }
  return filter;
}

/** The officers' page's API: ward lists in use, messages not delivered, the audit trail. Never cached. */
export function registerOfficerRoutes(server: Server, deps: OfficerRoutesDeps, fail: (res: Response, error: unknown) => void): void {
  const guard = officersOnly(deps.localMode, deps.officerAccounts);
  const send = (res: Response, result: HttpAnswer | Refusal): void => {
    const { status, body } = isRefusal(result) ? refusalAnswer(result) : result;
    res.header('Cache-Control', 'no-store');
    res.send(status, body);
  };
  const route = (answer: (req: Request) => Promise<HttpAnswer | Refusal>) => async (req: Request, res: Response) => {
    try {
      const caller = await deps.identify(req);
      if (isRefusal(caller)) return send(res, caller);
      const refused = guard(caller);
      if (refused) return send(res, refused);
      send(res, await answer(req));
    } catch (error) {
      fail(res, error);
    }
  };

  server.get(
    '/api/officers/wards',
    route(async () => ({ status: 200, body: await deps.officerOverview.wardLists() })),
  );
  server.get(
    '/api/officers/undelivered',
    route(async () => ({ status: 200, body: { messages: await deps.officerOverview.undelivered() } })),
  );
  server.get(
    '/api/officers/audit',
    route(async (req) => {
      const filter = auditFilterIn(req);
      return isRefusal(filter) ? filter : { status: 200, body: await deps.officerOverview.audit(filter) };
    }),
  );
}
