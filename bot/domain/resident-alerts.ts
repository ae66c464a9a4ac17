import { MOST_CHANGED_AT_ONCE, unchanged, waitingInOrder } from './queue';
import { WaitEstimate, WaitSettings, estimateWaits } from './wait-model';
import type { QueueChange, QueueEvent, QueueState, ResidentAlert, Visit } from './model';

export interface AlertSettings {
  /** A waiting resident is told it is nearly their turn when their estimated call is this many minutes away or less. */
  gettingCloseMinutes: number;
}

const MINUTE = 60_000;

/** Which alerts a waiting resident is due now: each at most once, and never both "nearly your turn" and "may not reach you". */
export function alertsDue(visit: Visit, estimate: WaitEstimate, settings: AlertSettings, now: Date): ResidentAlert[] {
  if (visit.status !== 'waiting') return [];
  const raised = visit.alerts ?? {};
  if (estimate.reach === 'probably_not') return raised.may_not_be_reached ? [] : ['may_not_be_reached'];
  const close = estimate.admitAt.getTime() - now.getTime() <= settings.gettingCloseMinutes * MINUTE;
  return close && !raised.getting_close ? ['getting_close'] : [];
}

/**
 * Time passing moves estimates: records on each waiting resident the alerts now due, with an event for
 * each. Saved like any change (ETag-guarded), so among several instances only one raises each alert.
 */
export function raiseAlerts(state: QueueState, wait: WaitSettings, settings: AlertSettings, now: Date): QueueChange {
  if (state.surgery.status !== 'open') return unchanged(state);
  const estimates = estimateWaits(state, wait, now);
  const visits: Visit[] = [];
  const events: QueueEvent[] = [];
  for (const visit of waitingInOrder(state.visits)) {
    if (visits.length >= MOST_CHANGED_AT_ONCE) break;
    const due = alertsDue(visit, estimates.get(visit.id)!, settings, now);
    if (due.length === 0) continue;
    const alerts = { ...visit.alerts };
    for (const alert of due) {
      alerts[alert] = now.toISOString();
      events.push({ type: 'alerted', visitId: visit.id, alert });
    }
    visits.push({ ...visit, alerts });
  }
  return visits.length === 0 ? unchanged(state) : { surgery: state.surgery, visits, events };
}
