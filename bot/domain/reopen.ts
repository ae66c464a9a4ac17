import type { Surgery, Visit } from './model';

/** How long a councillor has to undo ending a surgery, or marking a resident as not joining or not reached. */
export const UNDO_WITHIN_MINUTES = 10;

/** When a change made at `at` can no longer be undone. */
export function undoUntil(at: string): string {
  return new Date(Date.parse(at) + UNDO_WITHIN_MINUTES * 60_000).toISOString();
}

/** A case the councillors have already written to, or closed, is theirs to finish: undoing the change leaves it. */
function caseActedOn(visit: Visit): boolean {
  return (visit.caseUpdates?.length ?? 0) > 0 || visit.caseClosedAt !== undefined;
}

/**
 * A resident as they were before a change that is undone: called if they had been called, else waiting. The
 * follow-up the change made is withdrawn, since they will be seen after all.
 */
export function reinstated(visit: Visit): Visit {
  const { finishedAt: _finishedAt, followUp: _followUp, caseReference: _caseReference, ...before } = visit;
  return { ...before, status: visit.calledAt ? 'called' : 'waiting' };
}

/**
 * A phone resident a councillor marked as not reached after the surgery (they had been called, so the end
 * left them for the councillor): everyone else not reached was made so by the end itself.
 */
function markedNotReached(visit: Visit): boolean {
  return visit.status === 'not_reached' && visit.channel === 'phone' && visit.calledAt !== undefined;
}

/**
 * Residents an ended surgery did not reach are back as they were once it is reopened. Applied whenever the
 * queue is read, as the end itself is, so a reopening saves the surgery alone however long its queue.
 */
export function settleReopened(surgery: Surgery, visits: Visit[]): Visit[] {
  const reopenings = surgery.reopenings;
  if (!reopenings || reopenings.length === 0) return visits;
  const backAfter = (visit: Visit) =>
    visit.status === 'not_reached' &&
    !caseActedOn(visit) &&
    visit.finishedAt !== undefined &&
    reopenings.some((r) => visit.finishedAt! >= r.endedAt && visit.finishedAt! <= r.reopenedAt);
  return visits.map((visit) => (backAfter(visit) ? reinstated(visit) : visit));
}

/** Until when "Undo" can put this resident back: for a no-show in a running surgery, or a not reached marked by hand. */
export function visitUndoableUntil(surgery: Surgery, visit: Visit): string | undefined {
  if (!visit.finishedAt || caseActedOn(visit)) return undefined;
  if (visit.status === 'no_show' && surgery.status === 'open') return undoUntil(visit.finishedAt);
  if (markedNotReached(visit) && surgery.status === 'ended') return undoUntil(visit.finishedAt);
  return undefined;
}

/** Until when an ended surgery can be reopened. */
export function reopenableUntil(surgery: Surgery): string | undefined {
  return surgery.status === 'ended' && surgery.endedAt && !surgery.cancelled ? undoUntil(surgery.endedAt) : undefined;
}
