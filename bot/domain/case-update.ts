import { findVisit, recordSentDelivery } from './councillor-message';
import { FieldProblem, Parsed, Refusal, isRefusal, refuse } from './refusal';
import { cleanText } from './text';
import { CASE_UPDATE_LIMIT, NotDeliveredReason } from '../api-types';
import type { CaseUpdate, QueueChange, QueueState, Visit } from './model';

/** Keeps one visit's stored row small; a case needing more is better moved to the council's case system. */
export const UPDATES_PER_CASE = 30;

export function parseCaseUpdate(input: Record<string, unknown>): Parsed<{ text: string; closesCase: boolean }> {
  const problems: FieldProblem[] = [];
  const text = cleanText(input.text);
  if (input.text !== undefined && typeof input.text !== 'string') problems.push({ field: 'text', message: 'The update must be text.' });
  else if (text === '') problems.push({ field: 'text', message: 'Write the update.' });
  if (text.length > CASE_UPDATE_LIMIT)
    problems.push({ field: 'text', message: `Keep the update to ${CASE_UPDATE_LIMIT} characters or fewer.` });
  if (input.closesCase !== undefined && typeof input.closesCase !== 'boolean')
    problems.push({ field: 'closesCase', message: 'Say whether this closes the case (true or false).' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { text, closesCase: input.closesCase === true } };
}

/**
 * A case is open from "Seen" with follow-up needed, from a resident leaving their issue for follow-up, or
 * from the surgery ending before they were reached, until an update closes it or a councillor marks it done.
 */
export function hasOpenCase(visit: Visit): boolean {
  if (visit.caseReference === undefined) return false;
  if (visit.status === 'seen') return visit.followUp === true;
  return (visit.status === 'follow_up' || visit.status === 'not_reached') && visit.followUp !== false;
}

/** Adds a progress update to an open case; the event has it sent to the resident. An update may close the case. */
export function postCaseUpdate(
  state: QueueState,
  visitId: string,
  update: { id: string; text: string; by: string; closesCase: boolean },
  now: Date,
): QueueChange | Refusal {
  const visit = findVisit(state, visitId);
  if (isRefusal(visit)) return visit;
  if (!hasOpenCase(visit)) return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} has no open case to update.`);
  // Updates go to the resident's chat and to the mobile or email they gave: with neither, nobody would be told.
  if (!visit.chatKey && !visit.contact) {
    return refuse(
      'VISIT.WRONG_STATE',
      `${visit.lobbyTag} gave no chat, mobile or email, so updates cannot be sent from here. Contact them directly.`,
    );
  }
  const updates = visit.caseUpdates ?? [];
  if (updates.length >= UPDATES_PER_CASE)
    return refuse('VISIT.WRONG_STATE', `The case ${visit.caseReference} already has ${UPDATES_PER_CASE} updates.`);
  const posted: CaseUpdate = { ...update, at: now.toISOString() };
  const next: Visit = { ...visit, caseUpdates: [...updates, posted], ...(update.closesCase ? { followUp: false } : {}) };
  return { surgery: state.surgery, visits: [next], events: [{ type: 'case_updated', visitId, updateId: update.id }] };
}

export function recordCaseUpdateDelivery(
  state: QueueState,
  visitId: string,
  updateId: string,
  delivered: boolean,
  now: Date,
  reason?: NotDeliveredReason,
): QueueChange | Refusal {
  return recordSentDelivery(state, visitId, 'caseUpdates', updateId, delivered, now, reason);
}
