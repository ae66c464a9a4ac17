import type {
  ApiError,
  ApiErrorCode,
  FollowUpList,
  MeetingDetails,
  QueueView,
  ResidentRow,
  ServerInfo,
  StreamTicket,
  SurgeryChanged,
  SurgeryList,
  SurgeryChangeRequest,
  SurgeryPlanRequest,
  SurgerySummary,
  WardChoices,
} from '../../bot/api-types';
import type { SurgeryStatistics, WardReport } from '../../bot/api-types';
import type { AddedResident, PhoneResidentRequest } from '../../bot/api-types';
import type { AuditPage, ErasureAnswer, OfficerWardLists, ResidentMatch, UndeliveredMessage } from '../../bot/api-types';
import { ACTION_KEY_HEADER, STORAGE_UNAVAILABLE } from '../../bot/api-types';

type FieldProblem = NonNullable<ApiError['problems']>[number];

/** What the tab itself says went wrong: Teams gave no sign-in, the server was not reached, or it answered with no error of ours. */
type TabErrorCode = 'SIGN_IN' | 'NETWORK' | 'HTTP';

/** A request the server refused, or that never reached it. `message` is written for councillors. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | TabErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiRefusal';
  }
}

/** Refusals that mean "not for you": the councillors' own data, or the council's own accounts. */
export function isForOthers(error: unknown): boolean {
  return error instanceof ApiRefusal && (error.code === 'SURGERY.COUNCILLORS_ONLY' || error.code === 'AUTH.TENANT_NOT_ALLOWED');
}

/** Teams gave no sign-in token: a guest or anonymous visitor, or a passing Teams fault. */
export function isSignInFailure(error: unknown): boolean {
  return error instanceof ApiRefusal && error.code === 'SIGN_IN';
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiRefusal && error.code === STORAGE_UNAVAILABLE) return 'Storage is unreachable — try again in a moment.';
  return error instanceof ApiRefusal ? error.message : 'Something went wrong. Try again.';
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

/** Where requests get their sign-in token from; none in local mode. */
let tokenSource: (() => Promise<string>) | undefined;

/** Sends every later request with `Authorization: Bearer <token>` from `source` (Teams single sign-on). */
export function signInWith(source: () => Promise<string>): void {
  tokenSource = source;
}

async function authorization(): Promise<Record<string, string>> {
  if (!tokenSource) return {};
  try {
    return { Authorization: `Bearer ${await tokenSource()}` };
  } catch {
    throw new ApiRefusal(0, 'SIGN_IN', 'Teams could not sign you in. Close the tab and open it again.');
  }
}

async function request<T>(
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const signIn = await authorization();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...signIn, ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiRefusal(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (response.ok) return parsed as T;
  if (isApiError(parsed)) throw new ApiRefusal(response.status, parsed.code, parsed.message, parsed.problems);
  throw new ApiRefusal(response.status, 'HTTP', `The server could not do that (error ${response.status}). Try again.`);
}

/** Keys of actions whose outcome is not known (no answer, or a 5xx), by what each asked. */
const unsettled = new Map<string, string>();

function newActionKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A change to a surgery, sent with its action key. Until it is answered for certain, the same action (same
 * path and body) goes again with the same key, so a press that was done after all is not done twice; a
 * definite answer, done or refused, lets the next press be a new action.
 */
async function act<T>(path: string, body?: unknown): Promise<T> {
  const action = `${path}\n${JSON.stringify(body ?? null)}`;
  const key = unsettled.get(action) ?? newActionKey();
  unsettled.set(action, key);
  try {
    const answer = await request<T>('POST', path, body, { [ACTION_KEY_HEADER]: key });
    unsettled.delete(action);
    return answer;
  } catch (error) {
    // Refused means not done; no answer, or a 5xx, may mean done but not told.
    if (error instanceof ApiRefusal && error.status >= 400 && error.status < 500) unsettled.delete(action);
    throw error;
  }
}

const surgeryPath = (surgeryId: string): string => `/api/surgeries/${encodeURIComponent(surgeryId)}`;
const visitPath = (surgeryId: string, visitId: string): string => `${surgeryPath(surgeryId)}/visits/${encodeURIComponent(visitId)}`;

const meetingQuery = (meetingId: string): string => `meetingId=${encodeURIComponent(meetingId)}`;

export const getServerInfo = (): Promise<ServerInfo> => request('GET', '/api/info');
export const listSurgeries = (): Promise<SurgeryList> => request('GET', '/api/surgeries');
/** The wards the signed-in councillor may set up surgeries in, from the council's roster. */
export const getWardChoices = (): Promise<WardChoices> => request('GET', '/api/wards');
export const setUpSurgery = (plan: SurgeryPlanRequest): Promise<SurgerySummary> => request('POST', '/api/surgeries', plan);
export const listMeetingSurgeries = (meetingId: string): Promise<SurgeryList> =>
  request('GET', `/api/surgeries?${meetingQuery(meetingId)}`);
/** The surgery a meeting's panel shows; refused with SURGERY.COUNCILLORS_ONLY for anyone else. */
export const findMeetingSurgery = (meetingId: string): Promise<SurgerySummary> =>
  request('GET', `/api/meetings/surgery?${meetingQuery(meetingId)}`);
export const getMeetingDetails = (meetingId: string): Promise<MeetingDetails> =>
  request('GET', `/api/meetings/details?${meetingQuery(meetingId)}`);
export const getQueue = (surgeryId: string): Promise<QueueView> => request('GET', `${surgeryPath(surgeryId)}/queue`);
/** Refused with SURGERY.TOO_EARLY, saying which day it is, before its day unless `confirmEarly`. */
export const openSurgery = (surgeryId: string, confirmEarly = false): Promise<QueueView> =>
  act(`${surgeryPath(surgeryId)}/open`, confirmEarly ? { confirmEarly } : undefined);
export const pauseSurgery = (surgeryId: string, minutes: number): Promise<QueueView> => act(`${surgeryPath(surgeryId)}/pause`, { minutes });
export const resumeSurgery = (surgeryId: string): Promise<QueueView> => act(`${surgeryPath(surgeryId)}/resume`);
export const endSurgery = (surgeryId: string): Promise<QueueView> => act(`${surgeryPath(surgeryId)}/end`);
/** Cancels it before or during the surgery: residents booked, waiting or called are told, with `message` when given. */
export const cancelSurgery = (surgeryId: string, message: string): Promise<SurgeryChanged> =>
  act(`${surgeryPath(surgeryId)}/cancel`, message.trim() === '' ? {} : { message });
/** Refused with SURGERY.DROPS_BOOKINGS, naming them, when bookings would lose their slot, unless `confirmDrops`. */
export const changeSurgery = (surgeryId: string, changes: SurgeryChangeRequest): Promise<SurgeryChanged> =>
  request('PATCH', surgeryPath(surgeryId), changes);
/** "Undo" on ending, for 10 minutes after: residents not reached go back in the queue. */
export const reopenSurgery = (surgeryId: string): Promise<QueueView> => act(`${surgeryPath(surgeryId)}/reopen`);
/** "Undo" on a no-show, or a not reached marked by hand, for 10 minutes after. */
export const undoVisit = (surgeryId: string, visitId: string): Promise<QueueView> => act(`${visitPath(surgeryId, visitId)}/undo`);
export const admitNext = (surgeryId: string): Promise<{ view: QueueView; called: ResidentRow }> =>
  act(`${surgeryPath(surgeryId)}/admit-next`);
export const admit = (surgeryId: string, visitId: string): Promise<QueueView> => act(`${visitPath(surgeryId, visitId)}/admit`);
export const markJoined = (surgeryId: string, visitId: string): Promise<QueueView> => act(`${visitPath(surgeryId, visitId)}/joined`);
/** What a councillor records when a consultation ends. */
export interface SeenRecord {
  outcome: string;
  /** The key of a topic from the council's list. */
  topic: string;
  followUp: boolean;
}

export const markSeen = (surgeryId: string, visitId: string, record: SeenRecord): Promise<QueueView> =>
  act(`${visitPath(surgeryId, visitId)}/seen`, record);

/** A quick reply (by key) or the councillor's own words, to a waiting resident. */
export type ResidentMessage = { quickReply: string } | { text: string };

export const messageResident = (surgeryId: string, visitId: string, message: ResidentMessage): Promise<QueueView> =>
  act(`${visitPath(surgeryId, visitId)}/messages`, message);

export interface CaseUpdate {
  text: string;
  /** This is the last update: the case is closed with it. */
  closesCase: boolean;
}

export const postCaseUpdate = (surgeryId: string, visitId: string, update: CaseUpdate): Promise<QueueView> =>
  act(`${visitPath(surgeryId, visitId)}/case-updates`, update);
/** Adds a resident by hand (say one who rang); refused with field problems when the details need fixing. */
export const addResident = (surgeryId: string, resident: PhoneResidentRequest): Promise<AddedResident> =>
  act(`${surgeryPath(surgeryId)}/visits`, resident);
/** After the surgery: a phone resident who was called was not reached after all. */
export const markNotReached = (surgeryId: string, visitId: string): Promise<QueueView> =>
  act(`${visitPath(surgeryId, visitId)}/not-reached`);
export const getFollowUps = (surgeryId: string): Promise<FollowUpList> => request('GET', `${surgeryPath(surgeryId)}/follow-ups`);
/** "Done": the follow-up is dealt with, and its case closes without a message to the resident. */
export const markFollowUpDone = (surgeryId: string, visitId: string): Promise<QueueView> =>
  act(`${visitPath(surgeryId, visitId)}/follow-up-done`);
export const markNoShow = (surgeryId: string, visitId: string): Promise<QueueView> => act(`${visitPath(surgeryId, visitId)}/no-show`);
/** A booked resident who has not checked in 10 minutes after their time. */
export const markBookingMissed = (surgeryId: string, bookingId: string): Promise<QueueView> =>
  request('POST', `${surgeryPath(surgeryId)}/bookings/${encodeURIComponent(bookingId)}/no-show`);

export type StreamState = 'connecting' | 'open' | 'reconnecting';

const getStreamTicket = (surgeryId: string): Promise<StreamTicket> => request('POST', `${surgeryPath(surgeryId)}/stream-ticket`);

const RECONNECT_AFTER_MS = 2_000;

/** Follows a surgery's live queue. Returns a function that stops following it. */
export function watchQueue(surgeryId: string, onView: (view: QueueView) => void, onState: (state: StreamState) => void): () => void {
  let source: EventSource | undefined;
  let restart: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const reconnectLater = (): void => {
    onState('reconnecting');
    if (!stopped) restart = setTimeout(() => void connect(), RECONNECT_AFTER_MS);
  };

  // EventSource cannot send the sign-in token, so each connection opens with a fresh one-minute ticket.
  // For the same reason the browser's own reconnecting (with the old, expired ticket) is not relied on:
  // any error closes the stream and a new ticket opens the next one, so the queue never goes stale silently.
  const connect = async (): Promise<void> => {
    let ticket: StreamTicket;
    try {
      ticket = await getStreamTicket(surgeryId);
    } catch {
      reconnectLater();
      return;
    }
    if (stopped) return;
    const current = new EventSource(`${surgeryPath(surgeryId)}/stream?ticket=${encodeURIComponent(ticket.ticket)}`);
    source = current;
    current.onopen = () => onState('open');
    current.addEventListener('queue', (event) => onView(JSON.parse(event.data as string) as QueueView));
    current.onerror = () => {
      current.close();
      reconnectLater();
    };
  };

  onState('connecting');
  void connect();
  return () => {
    stopped = true;
    clearTimeout(restart);
    source?.close();
  };
}

/** A surgery's figures: counts, waits and the queue over time. Councillors of that surgery only. */
export const getSurgeryStatistics = (surgeryId: string): Promise<SurgeryStatistics> => request('GET', `${surgeryPath(surgeryId)}/summary`);

const wardPath = (ward: string, what: string, month: string): string =>
  `/api/wards/${encodeURIComponent(ward)}/${what}?month=${encodeURIComponent(month)}`;

export const getWardReport = (ward: string, month: string): Promise<WardReport> => request('GET', wardPath(ward, 'report', month));

/**
 * The month's anonymous visit rows as a CSV file. Fetched rather than linked to, because a plain link
 * cannot carry the Teams sign-in token.
 */
export async function downloadWardVisits(ward: string, month: string): Promise<{ file: Blob; name: string }> {
  const signIn = await authorization();
  let response: Response;
  try {
    response = await fetch(wardPath(ward, 'visits.csv', month), { headers: { Accept: 'text/csv', ...signIn } });
  } catch {
    throw new ApiRefusal(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  if (!response.ok) {
    const parsed: unknown = await response.json().catch(() => undefined);
    if (isApiError(parsed)) throw new ApiRefusal(response.status, parsed.code, parsed.message, parsed.problems);
    throw new ApiRefusal(response.status, 'HTTP', `The server could not do that (error ${response.status}). Try again.`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `visits-${month}.csv`;
  return { file: await response.blob(), name };
}

/** How an officer finds a resident: one of email, phone or a case or booking reference. */
export type ResidentSearch = { email: string } | { phone: string } | { reference: string };

export const searchResident = (search: ResidentSearch): Promise<{ matches: ResidentMatch[] }> =>
  request('POST', '/api/data-requests/search', search);
/** Everything held about the resident, as the JSON an officer sends them. */
export const exportResident = (search: ResidentSearch): Promise<unknown> => request('POST', '/api/data-requests/export', search);
export const eraseResident = (search: ResidentSearch): Promise<ErasureAnswer> => request('POST', '/api/data-requests/erase', search);
export const getWardLists = (): Promise<OfficerWardLists> => request('GET', '/api/officers/wards');
export const getUndelivered = (): Promise<{ messages: UndeliveredMessage[] }> => request('GET', '/api/officers/undelivered');
export const getAuditTrail = (filter: { surgery?: string; person?: string }): Promise<AuditPage> => {
  const query = new URLSearchParams(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== '') as [string, string][],
  );
  return request('GET', `/api/officers/audit${query.size > 0 ? `?${query.toString()}` : ''}`);
};
