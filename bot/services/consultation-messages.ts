import type { Surgery, Visit } from '../domain/model';
import { topicWordsOf } from '../domain/topics';
import type { ResidentMessage, VisitSummaryMessage } from '../domain/messages';

/** The summary a resident gets once seen, or undefined for a visit seen without a case reference. */
export function visitSummary(visit: Visit, surgery: Surgery): VisitSummaryMessage | undefined {
  if (visit.status !== 'seen' || !visit.caseReference) return undefined;
  const topic = topicWordsOf(visit);
  return {
    kind: 'visit_summary',
    ward: surgery.ward,
    lobbyTag: visit.lobbyTag,
    caseReference: visit.caseReference,
    ...(topic ? { topic } : {}),
    outcome: visit.outcome ?? '',
    followUp: visit.followUp === true,
    surgeryId: visit.surgeryId,
    visitId: visit.id,
  };
}

/** A councillor's message to a resident, or undefined when the visit no longer holds it. */
export function councillorMessage(visit: Visit, surgery: Surgery, messageId: string): ResidentMessage | undefined {
  const message = visit.messages?.find((m) => m.id === messageId);
  return message && { kind: 'councillor_message', ward: surgery.ward, text: message.text };
}

/** A progress update on the resident's case, or undefined when the visit no longer holds it. */
export function caseUpdateMessage(visit: Visit, surgery: Surgery, updateId: string): ResidentMessage | undefined {
  const update = visit.caseUpdates?.find((u) => u.id === updateId);
  if (!update || !visit.caseReference) return undefined;
  return { kind: 'case_update', ward: surgery.ward, caseReference: visit.caseReference, text: update.text, closesCase: update.closesCase };
}
