import type { QueueState, ResidentAlert, Visit } from '../domain/model';
import { WaitSettings, estimateWaits } from '../domain/wait-model';
import type { ResidentMessage } from '../domain/messages';

export interface AlertMessageContext {
  wait: WaitSettings;
  gettingCloseMinutes: number;
  now: Date;
  statusUrl?: string;
  /** Where a resident the surgery may not reach can book or come next. */
  nextUrl: string;
}

/** What a resident is sent for an alert, or undefined when they are no longer waiting. */
export function alertMessage(
  state: QueueState,
  visit: Visit,
  alert: ResidentAlert,
  context: AlertMessageContext,
): ResidentMessage | undefined {
  if (visit.status !== 'waiting') return undefined;
  const { surgery } = state;
  if (alert === 'getting_close') {
    return {
      kind: 'getting_close',
      lobbyTag: visit.lobbyTag,
      joinUrl: surgery.joinUrl,
      ...(surgery.dialIn ? { dialIn: surgery.dialIn } : {}),
      ward: surgery.ward,
      withinMinutes: context.gettingCloseMinutes,
      ...(context.statusUrl ? { statusUrl: context.statusUrl } : {}),
    };
  }
  const estimate = estimateWaits(state, context.wait, context.now).get(visit.id);
  if (!estimate) return undefined;
  return {
    kind: 'may_not_be_reached',
    visitId: visit.id,
    ward: surgery.ward,
    lobbyTag: visit.lobbyTag,
    surgeryEndsAt: surgery.endsAt,
    estimate: { earliest: estimate.earliest.toISOString(), latest: estimate.latest.toISOString() },
    nextUrl: context.nextUrl,
  };
}

/** A stable outbox id per alert and visit; what keeps an alert to one message is its record on the visit. */
export const alertEntryId = (visitId: string, alert: ResidentAlert): string => `alert-${alert}-${visitId}`;
