import { Refusal, isRefusal, refuse } from './refusal';
import { UNDO_WITHIN_MINUTES, reinstated, undoUntil, settleReopened, visitUndoableUntil } from './reopen';
import { findVisit } from './councillor-message';
import { formatTime } from './time-format';
import type { QueueChange, QueueEvent, QueueState, Surgery } from './model';

const tooLate = (what: string, at: string): Refusal =>
  refuse(
    'UNDO.TOO_LATE',
    `${what} at ${formatTime(at)}. That can be undone for ${UNDO_WITHIN_MINUTES} minutes only, and they have passed.`,
  );

/**
 * "Undo" on ending a surgery, within UNDO_WITHIN_MINUTES: it is open again, and every resident the end did not
 * reach is back as they were, their follow-up withdrawn. Saves the surgery alone (see settleReopened).
 */
export function reopenSurgery(state: QueueState, now: Date): QueueChange | Refusal {
  const { surgery } = state;
  if (surgery.cancelled) return refuse('SURGERY.CANCELLED', 'This surgery was cancelled, so it cannot be reopened.');
  if (surgery.status !== 'ended' || !surgery.endedAt)
    return refuse('SURGERY.NOT_ENDED', 'This surgery has not ended, so there is nothing to reopen.');
  if (now.toISOString() > undoUntil(surgery.endedAt)) return tooLate('The surgery ended', surgery.endedAt);
  const { endedAt, nextSurgery: _next, ...before } = surgery;
  const reopened: Surgery = {
    ...before,
    status: 'open',
    reopenings: [...(surgery.reopenings ?? []), { endedAt, reopenedAt: now.toISOString() }],
  };
  const back = settleReopened(reopened, state.visits);
  const events: QueueEvent[] = [{ type: 'reopened' }];
  state.visits.forEach((visit, i) => {
    if (back[i] === visit) return;
    events.push({ type: 'reinstated', visitId: visit.id, why: 'reopened', ...withdrawn(visit.caseReference) });
  });
  return { surgery: reopened, visits: [], events };
}

/** "Undo" on a no-show, or on a phone resident marked as not reached, within UNDO_WITHIN_MINUTES: back as they were. */
export function undoVisit(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  const visit = findVisit(state, visitId);
  if (isRefusal(visit)) return visit;
  const until = visitUndoableUntil(state.surgery, visit);
  if (!until) {
    const ended = visit.status === 'no_show' && state.surgery.status === 'ended';
    return refuse(
      'VISIT.WRONG_STATE',
      ended ? 'The surgery has ended: reopen it first.' : `There is nothing to undo for ${visit.lobbyTag}.`,
    );
  }
  const what = visit.status === 'no_show' ? `${visit.lobbyTag} was marked as not joining` : `${visit.lobbyTag} was marked as not reached`;
  if (now.toISOString() > until) return tooLate(what, visit.finishedAt!);
  const why = visit.status === 'no_show' ? 'no_show_undone' : 'not_reached_undone';
  return {
    surgery: state.surgery,
    visits: [reinstated(visit)],
    events: [{ type: 'reinstated', visitId, why, ...withdrawn(visit.caseReference) }],
  };
}

const withdrawn = (caseReference: string | undefined) => (caseReference ? { withdrawnCase: caseReference } : {});
