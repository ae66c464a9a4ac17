import type { Request, Response, Server } from 'restify';
import type { QueueView, ResidentRow, ServerInfo, SurgeryList } from '../api-types';
import { surgerySummary } from '../domain/queue-view';
import { DEFAULT_LENGTH_MINUTES } from '../domain/surgery';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { cleanText } from '../domain/text';
import { Applied, QueueService } from '../services/queue-service';
import { Councillor, IdentifyCouncillor } from './councillor-identity';
import { HttpAnswer, refusalAnswer } from './http-errors';
import { QueueStreams } from './queue-streams';

export interface SurgeryRoutesDeps {
  queue: QueueService;
  streams: QueueStreams;
  identify: IdentifyCouncillor;
  localMode: boolean;
}

type Handler = (req: Request, councillor: Councillor) => Promise<HttpAnswer | Refusal>;

const OUTCOME_LIMIT = 1000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function param(req: Request, name: string): string | undefined {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

function body(req: Request): Record<string, unknown> | Refusal {
  const raw: unknown = req.body;
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return refuse('INPUT.INVALID', 'Send a JSON object.');
  return raw as Record<string, unknown>;
}

export function registerSurgeryRoutes(server: Server, deps: SurgeryRoutesDeps, fail: (res: Response, error: unknown) => void): void {
  const { queue } = deps;

  const answer = (handler: Handler) => async (req: Request, res: Response) => {
    try {
      const councillor = await deps.identify(req);
      const result = isRefusal(councillor) ? councillor : await handler(req, councillor);
      const { status, body: payload } = isRefusal(result) ? refusalAnswer(result) : result;
      res.header('Cache-Control', 'no-store');
      res.send(status, payload);
    } catch (error) {
      fail(res, error);
    }
  };

  const viewAfter = (applied: Applied | Refusal): HttpAnswer | Refusal =>
    isRefusal(applied) ? applied : { status: 200, body: queue.viewOf(applied.state) satisfies QueueView };

  /** An action on one surgery, or on one visit in it. */
  const onSurgery = (act: (surgeryId: string, req: Request, councillor: Councillor) => Promise<HttpAnswer | Refusal>): Handler => async (req, councillor) => {
    const surgeryId = param(req, 'surgeryId');
    return surgeryId ? act(surgeryId, req, councillor) : refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
  };
  const onVisit = (act: (surgeryId: string, visitId: string, req: Request, councillor: Councillor) => Promise<Applied | Refusal>): Handler =>
    onSurgery(async (surgeryId, req, councillor) => {
      const visitId = param(req, 'visitId');
      return visitId ? viewAfter(await act(surgeryId, visitId, req, councillor)) : refuse('VISIT.NOT_FOUND', 'That resident is not in this surgery.');
    });

  server.get('/api/info', answer(async () => ({ status: 200, body: { localMode: deps.localMode, defaultLengthMinutes: DEFAULT_LENGTH_MINUTES } satisfies ServerInfo })));

  server.get(
    '/api/surgeries',
    answer(async () => ({ status: 200, body: { surgeries: (await queue.listSurgeries()).map(surgerySummary) } satisfies SurgeryList })),
  );

  server.post(
    '/api/surgeries',
    answer(async (req, councillor) => {
      const input = body(req);
      if (isRefusal(input)) return input;
      const surgery = await queue.planSurgery(input, councillor.name);
      return isRefusal(surgery) ? surgery : { status: 201, body: surgerySummary(surgery) };
    }),
  );

  server.get(
    '/api/surgeries/:surgeryId/queue',
    answer(onSurgery(async (surgeryId) => {
      const view = await queue.view(surgeryId);
      return isRefusal(view) ? view : { status: 200, body: view };
    })),
  );

  server.get('/api/surgeries/:surgeryId/stream', async (req: Request, res: Response) => {
    try {
      const councillor = await deps.identify(req);
      const surgeryId = param(req, 'surgeryId');
      const refusal = isRefusal(councillor) ? councillor : !surgeryId || !(await queue.load(surgeryId)) ? refuse('SURGERY.NOT_FOUND', 'There is no such surgery.') : undefined;
      if (refusal || !surgeryId) {
        const { status, body: payload } = refusalAnswer(refusal ?? refuse('SURGERY.NOT_FOUND', 'There is no such surgery.'));
        res.send(status, payload);
        return;
      }
      deps.streams.subscribe(surgeryId, res);
    } catch (error) {
      fail(res, error);
    }
  });

  server.post('/api/surgeries/:surgeryId/open', answer(onSurgery(async (surgeryId) => viewAfter(await queue.open(surgeryId)))));
  server.post('/api/surgeries/:surgeryId/end', answer(onSurgery(async (surgeryId) => viewAfter(await queue.end(surgeryId)))));

  server.post(
    '/api/surgeries/:surgeryId/admit-next',
    answer(onSurgery(async (surgeryId, _req, councillor) => {
      const applied = await queue.admitNext(surgeryId, councillor.name);
      if (isRefusal(applied)) return applied;
      const view = queue.viewOf(applied.state);
      const calledId = applied.change.visits[0]!.id;
      const called = view.active.find((row) => row.visitId === calledId) as ResidentRow;
      return { status: 200, body: { view, called } };
    })),
  );

  server.post('/api/surgeries/:surgeryId/visits/:visitId/admit', answer(onVisit((s, v, _req, councillor) => queue.admit(s, v, councillor.name))));
  server.post('/api/surgeries/:surgeryId/visits/:visitId/joined', answer(onVisit((s, v) => queue.markJoined(s, v))));
  server.post('/api/surgeries/:surgeryId/visits/:visitId/no-show', answer(onVisit((s, v) => queue.markNoShow(s, v))));
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/seen',
    answer(onVisit(async (s, v, req) => {
      const input = body(req);
      if (isRefusal(input)) return input;
      if (input.outcome !== undefined && typeof input.outcome !== 'string') return refuse('INPUT.INVALID', 'The outcome must be text.');
      const outcome = cleanText(input.outcome);
      if (outcome.length > OUTCOME_LIMIT) {
        return refuse('INPUT.INVALID', `The outcome note must be ${OUTCOME_LIMIT} characters or fewer.`, [
          { field: 'outcome', message: `Keep the note to ${OUTCOME_LIMIT} characters or fewer.` },
        ]);
      }
      return queue.markSeen(s, v, outcome);
    })),
  );
}
