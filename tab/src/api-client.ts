import type { ApiError, QueueView, ResidentRow, ServerInfo, SurgeryList, SurgerySummary } from '../../bot/api-types';

type FieldProblem = NonNullable<ApiError['problems']>[number];

/** A request the server refused, or that never reached it. `message` is written for councillors. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiRefusal';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof ApiRefusal ? error.message : 'Something went wrong. Try again.';
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
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

const surgeryPath = (surgeryId: string): string => `/api/surgeries/${encodeURIComponent(surgeryId)}`;
const visitPath = (surgeryId: string, visitId: string): string => `${surgeryPath(surgeryId)}/visits/${encodeURIComponent(visitId)}`;

export interface SurgeryPlan {
  ward: string;
  startsAt: string;
  endsAt: string;
  joinUrl: string;
  councillors: string[];
}

export const getServerInfo = (): Promise<ServerInfo> => request('GET', '/api/info');
export const listSurgeries = (): Promise<SurgeryList> => request('GET', '/api/surgeries');
export const setUpSurgery = (plan: SurgeryPlan): Promise<SurgerySummary> => request('POST', '/api/surgeries', plan);
export const getQueue = (surgeryId: string): Promise<QueueView> => request('GET', `${surgeryPath(surgeryId)}/queue`);
export const openSurgery = (surgeryId: string): Promise<QueueView> => request('POST', `${surgeryPath(surgeryId)}/open`);
export const endSurgery = (surgeryId: string): Promise<QueueView> => request('POST', `${surgeryPath(surgeryId)}/end`);
export const admitNext = (surgeryId: string): Promise<{ view: QueueView; called: ResidentRow }> =>
  request('POST', `${surgeryPath(surgeryId)}/admit-next`);
export const admit = (surgeryId: string, visitId: string): Promise<QueueView> => request('POST', `${visitPath(surgeryId, visitId)}/admit`);
export const markJoined = (surgeryId: string, visitId: string): Promise<QueueView> =>
  request('POST', `${visitPath(surgeryId, visitId)}/joined`);
export const markSeen = (surgeryId: string, visitId: string, outcome: string): Promise<QueueView> =>
  request('POST', `${visitPath(surgeryId, visitId)}/seen`, { outcome });
export const markNoShow = (surgeryId: string, visitId: string): Promise<QueueView> =>
  request('POST', `${visitPath(surgeryId, visitId)}/no-show`);

export type StreamState = 'connecting' | 'open' | 'reconnecting';

const RESTART_AFTER_MS = 5_000;

/** Follows a surgery's live queue. Returns a function that stops following it. */
export function watchQueue(surgeryId: string, onView: (view: QueueView) => void, onState: (state: StreamState) => void): () => void {
  let source: EventSource | undefined;
  let restart: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    const current = new EventSource(`${surgeryPath(surgeryId)}/stream`);
    source = current;
    current.onopen = () => onState('open');
    current.addEventListener('queue', (event) => onView(JSON.parse(event.data as string) as QueueView));
    current.onerror = () => {
      onState('reconnecting');
      // EventSource retries dropped connections itself, but gives up for good after an HTTP error
      // (say, a 502 while the server restarts). The queue must not go stale silently, so start again.
      if (current.readyState === EventSource.CLOSED) restart = setTimeout(connect, RESTART_AFTER_MS);
    };
  };

  onState('connecting');
  connect();
  return () => {
    clearTimeout(restart);
    source?.close();
  };
}
