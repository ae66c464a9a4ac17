import { markSeen } from './queue';
import { FieldProblem, Parsed, Refusal, isRefusal } from './refusal';
import { cleanText } from './text';
import { caseReference } from './case-reference';
import { OUTCOME_LIMIT, type TopicChoice } from '../api-types';
import type { QueueChange, QueueState } from './model';

export interface ConsultationRecord {
  outcome: string;
  /** Absent only from older tabs, which sent the outcome note alone. */
  topic?: TopicChoice;
  followUp: boolean;
}

/** Checks what the tab sent with "Seen": an outcome note, the key of a topic on the council's list and whether to follow up. */
export function parseConsultationRecord(input: Record<string, unknown>, topics: readonly TopicChoice[]): Parsed<ConsultationRecord> {
  const topic = topics.find((choice) => choice.key === input.topic);
  const problems: FieldProblem[] = [];
  if (input.outcome !== undefined && typeof input.outcome !== 'string')
    problems.push({ field: 'outcome', message: 'The outcome must be text.' });
  const outcome = cleanText(input.outcome);
  if (outcome.length > OUTCOME_LIMIT)
    problems.push({ field: 'outcome', message: `Keep the note to ${OUTCOME_LIMIT} characters or fewer.` });
  if (input.topic !== undefined && !topic) problems.push({ field: 'topic', message: 'Choose a topic from the list.' });
  if (input.followUp !== undefined && typeof input.followUp !== 'boolean')
    problems.push({ field: 'followUp', message: 'Say whether a follow-up is needed (true or false).' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { outcome, ...(topic ? { topic } : {}), followUp: input.followUp === true } };
}

/**
 * Ends a consultation: the visit is seen, with its outcome, topic, whether it needs following up, and a
 * case reference the resident is told.
 */
export function recordConsultation(
  state: QueueState,
  visitId: string,
  record: ConsultationRecord,
  seed: string,
  now: Date,
): QueueChange | Refusal {
  const seen = markSeen(state, visitId, record.outcome, now);
  if (isRefusal(seen)) return seen;
  const taken = new Set(state.visits.flatMap((v) => (v.caseReference ? [v.caseReference] : [])));
  const visit = {
    ...seen.visits[0]!,
    ...(record.topic ? { topic: record.topic.key, topicWords: record.topic.words } : {}),
    followUp: record.followUp,
    caseReference: caseReference(seed, taken),
  };
  return { ...seen, visits: [visit] };
}
