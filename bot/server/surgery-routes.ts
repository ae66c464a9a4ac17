import type { Request, Response, Server } from 'restify';
import { ACTION_KEY, ACTION_KEY_HEADER } from '../api-types';
import type {
  AddedResident,
  FollowUpList,
  MeetingDetails,
  QueueView,
  ResidentRow,
  ServerInfo,
  StreamTicket,
  SurgeryChanged,
  SurgeryList,
  SurgerySummary,
  TopicChoice,
  WardChoices,
} from '../api-types';
import { buildFollowUps, surgerySummary } from '../domain/queue-view';
import type { Surgery } from '../domain/model';
import { DEFAULT_LENGTH_MINUTES, parseMeetingId } from '../domain/surgery';
import { currentSurgery, isOrganiser, Person, runsMeeting } from '../domain/surgery-access';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { parseConsultationRecord } from '../domain/consultation';
import { parseCouncillorMessage } from '../domain/councillor-message';
import { parseCaseUpdate } from '../domain/case-update';
import { parsePhoneResident } from '../domain/phone-resident';
import { parseBreak } from '../domain/surgery-break';
import { parseCancellation } from '../domain/cancel-surgery';
import { meetingPendingDue } from '../domain/meeting-pending';
import { Applied, AppliedToSurgery, QueueService } from '../services/queue-service';
import { BookingService } from '../services/booking-service';
import type { MakeMeeting } from '../services/graph-meetings';
import type { MeetingCalendar } from '../services/meeting-calendar';
import { UNREACHABLE_CALENDAR } from '../services/graph-calendar';
import { AuditTrail, AuditedRecords } from '../services/audit-trail';
import type { AuditAction } from '../api-officer-types';
import { MeetingInfo } from './auth/meeting-roles';
import { StreamTickets } from './auth/stream-tickets';
import { SurgeryAccess } from './auth/surgery-access';
import { IdentifyCaller, LOCAL_COUNCILLOR } from './councillor-identity';
import { HttpAnswer, refusalAnswer } from './http-errors';
import { QueueStreams } from './queue-streams';

export interface SurgeryRoutesDeps {
  queue: QueueService;
  streams: QueueStreams;
  identify: IdentifyCaller;
  access: SurgeryAccess;
  meetings: MeetingInfo;
  tickets: StreamTickets;
  localMode: boolean;
  clock: () => Date;
  bookings: Pick<BookingService, 'markNoShow'>;
  audit: AuditTrail;
  /** What "Seen" may say a consultation was about: the council's list. */
  topics: readonly TopicChoice[];
  /** Makes a surgery's Teams meeting as the signed-in caller, from their Teams sign-in token; absent when not set up. */
  meetingMaker?: (ssoToken: string, caller: Person) => MakeMeeting;
  /** The Teams meetings Surgery Queue made, as the signed-in caller changes or cancels their surgeries; absent when not set up. */
  meetingCalendar?: (ssoToken: string, caller: Person) => MeetingCalendar;
}

type Handler = (req: Request, caller: Person) => Promise<HttpAnswer | Refusal>;
/** `changes` is the queue service that remembers the action's key, if the tab sent one. */
type SurgeryAction = (surgeryId: string, req: Request, caller: Person, changes: QueueService) => Promise<HttpAnswer | Refusal>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

const noSuchSurgery = (): Refusal => refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
const councillorsOnly = (): Refusal => refuse('SURGERY.COUNCILLORS_ONLY', 'This panel is for the councillors running this surgery.');

function param(req: Request, name: string): string | undefined {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

/** The visit or booking named in the path: what an action on it is about. */
function inPath(req: Request): AuditedRecords {
  const visitId = param(req, 'visitId');
  const bookingId = param(req, 'bookingId');
  return { visitIds: visitId ? [visitId] : [], ...(bookingId ? { bookingIds: [bookingId] } : {}) };
}

function query(req: Request, name: string): unknown {
  return (req.query as Record<string, unknown> | undefined)?.[name];
}

/** The action's key (ACTION_KEY_HEADER), when the tab sent one; a malformed one is refused rather than ignored. */
function actionKey(req: Request): string | undefined | Refusal {
  const value = req.headers[ACTION_KEY_HEADER.toLowerCase()];
  if (value === undefined) return undefined;
  return typeof value === 'string' && ACTION_KEY.test(value)
    ? value
    : refuse('INPUT.INVALID', `${ACTION_KEY_HEADER} must be 16 to 64 letters, digits, '-' or '_'.`);
}

function body(req: Request): Record<string, unknown> | Refusal {
  const raw: unknown = req.body;
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return refuse('INPUT.INVALID', 'Send a JSON object.');
  return raw as Record<string, unknown>;
}

/**
 * The councillors' API. Every route that shows or changes a surgery first checks that the caller may run
 * that surgery (SurgeryAccess), so resident data only ever reaches its own councillors.
 */
export function registerSurgeryRoutes(server: Server, deps: SurgeryRoutesDeps, fail: (res: Response, error: unknown) => void): void {
  const { queue, access } = deps;

  const send = (res: Response, result: HttpAnswer | Refusal): void => {
    const { status, body: payload } = isRefusal(result) ? refusalAnswer(result) : result;
    res.send(status, payload);
  };

  const answer = (handler: Handler) => async (req: Request, res: Response) => {
    try {
      const caller = await deps.identify(req);
      send(res, isRefusal(caller) ? caller : await handler(req, caller));
    } catch (error) {
      fail(res, error);
    }
  };

  /**
   * Lets an action on the surgery named in the path run only for its councillors. Local mode has no
   * sign-in, so there is nobody to check and nothing to load first.
   */
  const onSurgery =
    (act: SurgeryAction): Handler =>
    async (req, caller) => {
      const surgeryId = param(req, 'surgeryId');
      if (!surgeryId) return noSuchSurgery();
      if (!deps.localMode) {
        // Who may act is the surgery's business alone: its row, not its residents.
        const surgery = await queue.surgery(surgeryId);
        if (!surgery) return noSuchSurgery();
        if (!(await access.mayRun(surgery, caller))) return councillorsOnly();
        if (meetingPendingDue(surgery, deps.clock()) && isOrganiser(surgery, caller)) {
          await followPendingChange(surgeryId, req, caller);
        }
      }
      const key = actionKey(req);
      if (isRefusal(key)) return key;
      return act(surgeryId, req, caller, queue.withActionKey(key));
    };

  /**
   * Records who did what to which residents once it is done; a view is recorded before the queue is sent.
   * If the audit cannot be written the request fails: nothing is seen or done unrecorded but the change.
   */
  const audited =
    (action: AuditAction, handler: Handler, about: (req: Request, done: HttpAnswer) => AuditedRecords = inPath): Handler =>
    async (req, caller) => {
      const result = await handler(req, caller);
      const surgeryId = param(req, 'surgeryId');
      if (isRefusal(result) || !surgeryId) return result;
      if (action === 'viewed_queue') await deps.audit.viewedQueue(caller, surgeryId);
      else await deps.audit.record(caller, action, surgeryId, about(req, result));
      return result;
    };
  const wholeQueue = (): AuditedRecords => ({ visitIds: [] });
  const rowOf = (field: 'called' | 'added') => (_req: Request, done: HttpAnswer) => ({
    visitIds: [(done.body as Record<typeof field, ResidentRow>)[field].visitId],
  });

  const viewAfter = (applied: Applied | Refusal): HttpAnswer | Refusal =>
    isRefusal(applied) ? applied : { status: 200, body: queue.viewOf(applied.state) satisfies QueueView };

  const onVisit = (
    act: (surgeryId: string, visitId: string, req: Request, caller: Person, changes: QueueService) => Promise<Applied | Refusal>,
  ): Handler =>
    onSurgery(async (surgeryId, req, caller, changes) => {
      const visitId = param(req, 'visitId');
      return visitId
        ? viewAfter(await act(surgeryId, visitId, req, caller, changes))
        : refuse('VISIT.NOT_FOUND', 'That resident is not in this surgery.');
    });

  /** Surgeries run in a meeting that this caller may run: those on whose list they are first. */
  const surgeriesOfMeeting = async (meetingId: string, caller: Person): Promise<{ bound: Surgery[]; theirs: Surgery[] }> => {
    const bound = (await queue.surgeriesToList()).filter((s) => s.meetingId === meetingId);
    const listed = bound.filter((s) => deps.localMode || access.isTheirs(s, caller));
    if (listed.length > 0 || bound.length === 0 || !access.meetingRolesCount) return { bound, theirs: listed };
    const role = await access.roleIn(meetingId, caller);
    return { bound, theirs: runsMeeting(role) ? bound : [] };
  };

  const ssoTokenOf = (req: Request): string | undefined => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];

  /** A change or cancellation's answer: the queue, and why the surgery's Teams meeting did not follow when it did not. */
  const surgeryChanged = (applied: AppliedToSurgery | Refusal): HttpAnswer | Refusal => {
    if (isRefusal(applied)) return applied;
    const view: SurgeryChanged = queue.viewOf(applied.state);
    if (applied.meeting?.inStep === false) view.meetingNotUpdated = applied.meeting.why;
    return { status: 200, body: view };
  };

  const calendarFor = (req: Request, caller: Person): MeetingCalendar => {
    const ssoToken = ssoTokenOf(req);
    return deps.meetingCalendar && ssoToken ? deps.meetingCalendar(ssoToken, caller) : UNREACHABLE_CALENDAR;
  };

  /** Another councillor's change, kept for the organiser: made in the Teams meeting now, as they call with their sign-in. */
  const followPendingChange = async (surgeryId: string, req: Request, caller: Person): Promise<void> => {
    const ssoToken = ssoTokenOf(req);
    if (deps.meetingCalendar && ssoToken) await queue.followPendingMeetingChange(surgeryId, deps.meetingCalendar(ssoToken, caller));
  };

  /** "Create the Teams meeting for me": only where Graph is set up, and never for a meeting that already exists. */
  const meetingMakerFor = (req: Request, caller: Person): MakeMeeting | Refusal => {
    const ssoToken = ssoTokenOf(req);
    if (!deps.meetingMaker || !ssoToken) {
      return refuse('MEETING.CREATION_OFF', 'Surgery Queue cannot make Teams meetings here. Paste the meeting’s join link instead.');
    }
    const body = req.body as Record<string, unknown>;
    if (body.meetingId !== undefined && body.meetingId !== '') {
      return refuse('INPUT.INVALID', 'This surgery runs in the meeting it was set up in: it needs no new one.', [
        { field: 'createMeeting', message: 'A surgery set up in a meeting runs in that meeting.' },
      ]);
    }
    return deps.meetingMaker(ssoToken, caller);
  };

  const meetingIdIn = (req: Request): string | Refusal =>
    parseMeetingId(query(req, 'meetingId')) ?? refuse('INPUT.INVALID', 'Say which Teams meeting (meetingId).');

  // Public: the tab needs it before it can sign in, and it holds nothing about anyone.
  server.get('/api/info', async (_req: Request, res: Response) =>
    send(res, {
      status: 200,
      body: {
        localMode: deps.localMode,
        defaultLengthMinutes: DEFAULT_LENGTH_MINUTES,
        makesMeetings: deps.meetingMaker !== undefined,
        topics: deps.topics,
      } satisfies ServerInfo,
    }),
  );

  server.get(
    '/api/surgeries',
    answer(async (req, caller) => {
      const meetingId = query(req, 'meetingId');
      let surgeries: Surgery[];
      if (meetingId === undefined) {
        surgeries = (await queue.surgeriesToList()).filter((s) => deps.localMode || access.isTheirs(s, caller));
      } else {
        const id = meetingIdIn(req);
        if (isRefusal(id)) return id;
        surgeries = (await surgeriesOfMeeting(id, caller)).theirs;
      }
      return { status: 200, body: { surgeries: surgeries.map(surgerySummary) } satisfies SurgeryList };
    }),
  );

  server.post(
    '/api/surgeries',
    answer(async (req, caller) => {
      const input = body(req);
      if (isRefusal(input)) return input;
      // Only a meeting's organiser or presenters may run a surgery in it, when Teams can tell us who they are.
      const meetingId = parseMeetingId(input.meetingId);
      if (meetingId && !deps.localMode) {
        const role = await access.roleIn(meetingId, caller);
        if (role !== undefined && !runsMeeting(role)) {
          return refuse('MEETING.ROLE_REQUIRED', 'Only the meeting’s organiser or presenters can set up a surgery in it.');
        }
      }
      const makeMeeting = input.createMeeting === true ? meetingMakerFor(req, caller) : undefined;
      if (isRefusal(makeMeeting)) return makeMeeting;
      const surgery = await queue.planSurgery(
        { ...input, organiser: { id: caller.id, tenantId: caller.tenantId } },
        caller.name,
        (ward) => deps.localMode || access.maySetUpIn(ward, caller),
        makeMeeting,
      );
      return isRefusal(surgery) ? surgery : { status: 201, body: surgerySummary(surgery) };
    }),
  );

  // The wards the set-up form offers: the caller's own on the roster (every ward for officers and in local mode).
  server.get(
    '/api/wards',
    answer(async (_req, caller) => {
      const wards = deps.localMode ? access.rosterWards() : access.wardsFor(caller);
      return {
        status: 200,
        body: { roster: wards !== undefined, wards: (wards ?? []).map(({ code, name }) => ({ code, name })) } satisfies WardChoices,
      };
    }),
  );

  server.get(
    '/api/meetings/surgery',
    answer(async (req, caller) => {
      const meetingId = meetingIdIn(req);
      if (isRefusal(meetingId)) return meetingId;
      const { bound, theirs } = await surgeriesOfMeeting(meetingId, caller);
      if (bound.length === 0) return refuse('MEETING.NO_SURGERY', 'No surgery has been set up for this meeting yet.');
      const surgery = currentSurgery(theirs, deps.clock());
      return surgery ? { status: 200, body: surgerySummary(surgery) satisfies SurgerySummary } : councillorsOnly();
    }),
  );

  server.get(
    '/api/meetings/details',
    answer(async (req, caller) => {
      const meetingId = meetingIdIn(req);
      if (isRefusal(meetingId)) return meetingId;
      const unavailable = refuse('MEETING.DETAILS_UNAVAILABLE', 'Teams did not give the meeting’s details. Type them in.');
      if (!deps.localMode && !runsMeeting(await access.roleIn(meetingId, caller))) return unavailable;
      const details = await deps.meetings.detailsOf(meetingId);
      return details ? { status: 200, body: details satisfies MeetingDetails } : unavailable;
    }),
  );

  server.get(
    '/api/surgeries/:surgeryId/queue',
    answer(
      audited(
        'viewed_queue',
        onSurgery(async (surgeryId) => {
          const view = await queue.view(surgeryId);
          return isRefusal(view) ? view : { status: 200, body: view satisfies QueueView };
        }),
      ),
    ),
  );

  // Residents' issues and contacts, like the queue itself: recorded as a view of the surgery's residents.
  server.get(
    '/api/surgeries/:surgeryId/follow-ups',
    answer(
      audited(
        'viewed_queue',
        onSurgery(async (surgeryId) => {
          const state = await queue.load(surgeryId);
          return state ? { status: 200, body: buildFollowUps(state) satisfies FollowUpList } : noSuchSurgery();
        }),
      ),
    ),
  );

  server.post(
    '/api/surgeries/:surgeryId/stream-ticket',
    answer(
      onSurgery(async (surgeryId, _req, caller) => ({
        status: 200,
        body: (await deps.tickets.issue(surgeryId, caller)) satisfies StreamTicket,
      })),
    ),
  );

  server.get('/api/surgeries/:surgeryId/stream', async (req: Request, res: Response) => {
    try {
      const surgeryId = param(req, 'surgeryId');
      // Local mode has no sign-in, so no ticket either; everywhere else the ticket is the credential.
      const holder = deps.localMode || !surgeryId ? undefined : await deps.tickets.check(query(req, 'ticket'), surgeryId);
      if (holder && isRefusal(holder)) return send(res, holder);
      if (!surgeryId || !(await queue.surgery(surgeryId))) return send(res, noSuchSurgery());
      // A ticket names its holder by id only; local mode has one councillor.
      await deps.audit.viewedQueue(holder ? { id: holder.id, name: '' } : LOCAL_COUNCILLOR, surgeryId);
      deps.streams.subscribe(surgeryId, res);
    } catch (error) {
      fail(res, error);
    }
  });

  server.post(
    '/api/surgeries/:surgeryId/open',
    answer(
      audited(
        'opened',
        onSurgery(async (surgeryId, req, _caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          return viewAfter(await changes.open(surgeryId, input.confirmEarly === true));
        }),
        wholeQueue,
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/end',
    answer(
      audited(
        'ended',
        onSurgery(async (surgeryId, _req, _caller, changes) => viewAfter(await changes.end(surgeryId))),
        wholeQueue,
      ),
    ),
  );

  // Before or during the surgery, checked as at set-up; `confirmDrops` once the councillors saw whose bookings it cancels.
  server.patch(
    '/api/surgeries/:surgeryId',
    answer(
      audited(
        'changed',
        onSurgery(async (surgeryId, req, caller) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          return surgeryChanged(await queue.change(surgeryId, input, input.confirmDrops === true, calendarFor(req, caller), caller.name));
        }),
        wholeQueue,
      ),
    ),
  );

  // Before or during the surgery: every resident booked, waiting or called is told, with the councillors' message.
  server.post(
    '/api/surgeries/:surgeryId/cancel',
    answer(
      audited(
        'cancelled',
        onSurgery(async (surgeryId, req, caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          const cancellation = parseCancellation(input);
          if (!cancellation.ok) return refuse('INPUT.INVALID', 'Check the message to residents.', cancellation.problems);
          return surgeryChanged(await changes.cancel(surgeryId, cancellation.value, calendarFor(req, caller), caller.name));
        }),
        wholeQueue,
      ),
    ),
  );

  server.post(
    '/api/surgeries/:surgeryId/pause',
    answer(
      audited(
        'paused',
        onSurgery(async (surgeryId, req, _caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          const minutes = parseBreak(input);
          if (!minutes.ok) return refuse('INPUT.INVALID', 'Check how long the break is.', minutes.problems);
          return viewAfter(await changes.pause(surgeryId, minutes.value));
        }),
        wholeQueue,
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/resume',
    answer(
      audited(
        'resumed',
        onSurgery(async (surgeryId, _req, _caller, changes) => viewAfter(await changes.resume(surgeryId))),
        wholeQueue,
      ),
    ),
  );

  // "Undo" on ending, for UNDO_WITHIN_MINUTES: residents it did not reach are back in the queue.
  server.post(
    '/api/surgeries/:surgeryId/reopen',
    answer(
      audited(
        'reopened',
        onSurgery(async (surgeryId, _req, _caller, changes) => viewAfter(await changes.reopen(surgeryId))),
        wholeQueue,
      ),
    ),
  );

  server.post(
    '/api/surgeries/:surgeryId/admit-next',
    answer(
      audited(
        'admitted',
        onSurgery(async (surgeryId, _req, caller, changes) => {
          const applied = await changes.admitNext(surgeryId, caller.name);
          if (isRefusal(applied)) return applied;
          const view = queue.viewOf(applied.state);
          const called = view.active.find((row) => row.visitId === applied.change.called.id) as ResidentRow;
          return { status: 200, body: { view, called } };
        }),
        rowOf('called'),
      ),
    ),
  );

  // A resident a councillor adds by hand, say one who rang: no chat, so no chatKey and channel 'phone'.
  server.post(
    '/api/surgeries/:surgeryId/visits',
    answer(
      audited(
        'added',
        onSurgery(async (surgeryId, req, _caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          const details = parsePhoneResident(input);
          if (!details.ok) return refuse('INPUT.INVALID', 'Check the resident’s details.', details.problems);
          const applied = await changes.checkIn(surgeryId, { ...details.value, channel: 'phone' });
          if (isRefusal(applied)) return applied;
          const view = queue.viewOf(applied.state);
          const added = view.active.find((row) => row.visitId === applied.change.created.id) as ResidentRow;
          return { status: 201, body: { view, added } satisfies AddedResident };
        }),
        rowOf('added'),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/admit',
    answer(
      audited(
        'admitted',
        onVisit((s, v, _req, caller, changes) => changes.admit(s, v, caller.name)),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/joined',
    answer(
      audited(
        'joined',
        onVisit((s, v, _req, _caller, changes) => changes.markJoined(s, v)),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/no-show',
    answer(
      audited(
        'no_show',
        onVisit((s, v, _req, _caller, changes) => changes.markNoShow(s, v)),
      ),
    ),
  );
  // "Undo" on a no-show, or a not reached marked by hand, for UNDO_WITHIN_MINUTES.
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/undo',
    answer(
      audited(
        'undone',
        onVisit((s, v, _req, _caller, changes) => changes.undoVisit(s, v)),
      ),
    ),
  );
  // After the surgery, a phone resident who was called: the councillor says they were not reached after all.
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/not-reached',
    answer(
      audited(
        'marked_not_reached',
        onVisit((s, v, _req, _caller, changes) => changes.markNotReached(s, v)),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/follow-up-done',
    answer(
      audited(
        'follow_up_done',
        onVisit((s, v, _req, _caller, changes) => changes.closeFollowUp(s, v)),
      ),
    ),
  );
  // A booked resident still not checked in LATE_AFTER_MINUTES after their time: their slot is marked missed.
  server.post(
    '/api/surgeries/:surgeryId/bookings/:bookingId/no-show',
    answer(
      audited(
        'booking_no_show',
        onSurgery(async (surgeryId, req) => {
          const bookingId = param(req, 'bookingId');
          return bookingId
            ? viewAfter(await deps.bookings.markNoShow(surgeryId, bookingId))
            : refuse('BOOKING.NOT_FOUND', 'There is no such booking.');
        }),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/seen',
    answer(
      audited(
        'marked_seen',
        onVisit(async (s, v, req, _caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          const record = parseConsultationRecord(input, deps.topics);
          if (!record.ok) return refuse('INPUT.INVALID', 'Check what you recorded about the visit.', record.problems);
          return changes.recordConsultation(s, v, record.value);
        }),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/messages',
    answer(
      audited(
        'messaged',
        onVisit(async (s, v, req, caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          const message = parseCouncillorMessage(input);
          if (!message.ok) return refuse('INPUT.INVALID', 'Check the message.', message.problems);
          return changes.messageResident(s, v, message.value, caller.name);
        }),
      ),
    ),
  );
  server.post(
    '/api/surgeries/:surgeryId/visits/:visitId/case-updates',
    answer(
      audited(
        'case_updated',
        onVisit(async (s, v, req, caller, changes) => {
          const input = body(req);
          if (isRefusal(input)) return input;
          const update = parseCaseUpdate(input);
          if (!update.ok) return refuse('INPUT.INVALID', 'Check the update.', update.problems);
          return changes.postCaseUpdate(s, v, update.value, caller.name);
        }),
      ),
    ),
  );
}
