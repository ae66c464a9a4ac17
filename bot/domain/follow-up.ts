import { caseReference } from './case-reference';
import { hasOpenCase } from './case-update';
import { findVisit } from './councillor-message';
import { awaitsCouncillorAtEnd, leaveIssue, notReachedFollowUp } from './queue';
import { Refusal, isRefusal, refuse } from './refusal';
import { applyVisitEvent } from './visit';
import type { QueueChange, QueueState } from './model';

/**
 * A resident who may not be reached leaves their issue for the councillors: they leave the queue, and the
 * visit becomes a case to follow up, with a reference the resident is told (the councillors see it with
 * the issue among finished visits).
 */
export function leaveIssueForFollowUp(state: QueueState, visitId: string, seed: string, now: Date): QueueChange | Refusal {
  const left = leaveIssue(state, visitId, now);
  if (isRefusal(left)) return left;
  const taken = new Set(state.visits.flatMap((v) => (v.caseReference ? [v.caseReference] : [])));
  return { ...left, visits: [{ ...left.visits[0]!, caseReference: caseReference(seed, taken) }] };
}

/**
 * After the surgery, the councillor says a phone resident who was called was not reached after all: they
 * become a follow-up like everyone else the surgery did not reach, and are told if they gave a mobile or email.
 */
export function markNotReached(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  const visit = findVisit(state, visitId);
  if (isRefusal(visit)) return visit;
  if (state.surgery.status !== 'ended' || !awaitsCouncillorAtEnd(visit)) {
    return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} can be marked not reached only after the surgery, once called by phone.`);
  }
  const notReached = applyVisitEvent(visit, { type: 'surgery_ended' }, now);
  if (isRefusal(notReached)) return notReached;
  const taken = new Set(state.visits.flatMap((v) => (v.caseReference ? [v.caseReference] : [])));
  return { surgery: state.surgery, visits: [notReachedFollowUp(notReached, taken)], events: [{ type: 'not_reached', visitId }] };
}

/** "Done": the councillor has dealt with a follow-up and closes its case without a last message to the resident. */
export function closeFollowUp(state: QueueState, visitId: string, now: Date): QueueChange | Refusal {
  const visit = findVisit(state, visitId);
  if (isRefusal(visit)) return visit;
  if (!hasOpenCase(visit)) return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} has no open follow-up.`);
  return { surgery: state.surgery, visits: [{ ...visit, followUp: false, caseClosedAt: now.toISOString() }], events: [] };
}
