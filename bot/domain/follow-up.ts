import { caseReference } from './consultation';
import { QueueChange, QueueState, leaveIssue } from './queue';
import { Refusal, isRefusal } from './refusal';

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
