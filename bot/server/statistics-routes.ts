import type { Request, Response, Server } from 'restify';
import type { SurgeryStatistics, WardReport } from '../api-types';
import { parseMonth } from '../domain/statistics';
import { Person } from '../domain/surgery-access';
import { InWard, wardSlug } from '../domain/ward';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { cleanLine } from '../domain/text';
import { StatisticsService } from '../services/statistics-service';
import { HttpAnswer, refusalAnswer } from './http-errors';
import { SurgeryRoutesDeps } from './surgery-routes';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const WARD_LIMIT = 80;

interface WardMonth {
  ward: InWard;
  /** The ward's part of the export's file name. */
  fileName: string;
  month: string;
}

const noSuchSurgery = (): Refusal => refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
const wardCouncillorsOnly = (): Refusal => refuse('SURGERY.COUNCILLORS_ONLY', 'This report is for the councillors of this ward.');

function params(req: Request): Record<string, unknown> {
  return (req.params as Record<string, unknown> | undefined) ?? {};
}

function wardIn(req: Request): string | Refusal {
  const ward = cleanLine(params(req).ward);
  return ward !== '' && ward.length <= WARD_LIMIT ? ward : refuse('INPUT.INVALID', 'Say which ward.');
}

/**
 * Figures about surgeries. A surgery's summary goes to whoever may run that surgery (the queue's own rule).
 * A ward's report and export go to those who act for the ward (SurgeryAccess.mayReadWard): they hold no
 * personal data, but are still the ward's business. In local mode nobody signs in, so everyone may.
 */
export function registerStatisticsRoutes(server: Server, deps: SurgeryRoutesDeps, fail: (res: Response, error: unknown) => void): void {
  const statistics = new StatisticsService(deps.queue, deps.clock);

  const send = (res: Response, result: HttpAnswer | Refusal): void => {
    const { status, body } = isRefusal(result) ? refusalAnswer(result) : result;
    res.send(status, body);
  };

  const signedIn = async (req: Request, res: Response): Promise<Person | undefined> => {
    const caller = await deps.identify(req);
    if (!isRefusal(caller)) return caller;
    send(res, caller);
    return undefined;
  };

  /**
   * The ward and month asked for, once the caller is known to act for the ward. The ward is named by its code on
   * the roster (its name or address part are understood too); without a roster, by its name.
   */
  const wardMonth = async (req: Request, caller: Person): Promise<WardMonth | Refusal> => {
    const asked = wardIn(req);
    if (isRefusal(asked)) return asked;
    const askedMonth = (req.query as Record<string, unknown> | undefined)?.month;
    const month = askedMonth === undefined || askedMonth === '' ? statistics.thisMonth() : parseMonth(askedMonth);
    if (!month)
      return refuse('INPUT.INVALID', 'Give the month as YYYY-MM, like 2026-03.', [
        { field: 'month', message: 'Enter a month like 2026-03.' },
      ]);
    const found = deps.access.findWard(asked);
    const ward: InWard = found ? { ward: found.name, wardCode: found.code } : { ward: asked };
    if (!deps.localMode && !(await deps.access.mayReadWard(ward, caller, () => statistics.surgeriesOfWard(ward, month))))
      return wardCouncillorsOnly();
    if (!found && deps.access.rosterWards() !== undefined)
      return refuse('WARD.NOT_FOUND', 'There is no such ward on the council’s roster.');
    return { ward, fileName: found?.slug ?? (wardSlug(asked) || 'ward'), month };
  };

  server.get('/api/surgeries/:surgeryId/summary', async (req: Request, res: Response) => {
    try {
      const caller = await signedIn(req, res);
      if (!caller) return;
      const surgeryId = params(req).surgeryId;
      if (typeof surgeryId !== 'string' || !ID.test(surgeryId)) return send(res, noSuchSurgery());
      if (!deps.localMode) {
        const surgery = await deps.queue.surgery(surgeryId);
        if (!surgery) return send(res, noSuchSurgery());
        if (!(await deps.access.mayRun(surgery, caller))) {
          return send(res, refuse('SURGERY.COUNCILLORS_ONLY', 'This panel is for the councillors running this surgery.'));
        }
      }
      const summary = await statistics.ofSurgery(surgeryId);
      send(res, summary ? { status: 200, body: summary satisfies SurgeryStatistics } : noSuchSurgery());
    } catch (error) {
      fail(res, error);
    }
  });

  /** A ward route: runs `act` for the ward's councillors, with the ward and month asked for. */
  const onWard = (act: (asked: WardMonth, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      const caller = await signedIn(req, res);
      if (!caller) return;
      const asked = await wardMonth(req, caller);
      if (isRefusal(asked)) return send(res, asked);
      await act(asked, res);
    } catch (error) {
      fail(res, error);
    }
  };

  server.get(
    '/api/wards/:ward/report',
    onWard(async ({ ward, month }, res) => send(res, { status: 200, body: (await statistics.report(ward, month)) satisfies WardReport })),
  );

  server.get(
    '/api/wards/:ward/visits.csv',
    onWard(async ({ ward, fileName, month }, res) => {
      const csv = Buffer.from(await statistics.csv(ward, month), 'utf8');
      const file = `${fileName}-visits-${month}.csv`;
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file}"`,
        'Content-Length': csv.length,
        'Cache-Control': 'no-store',
      });
      res.end(csv);
    }),
  );
}
