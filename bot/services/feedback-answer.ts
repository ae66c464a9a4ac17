import { parseFeedback } from '../domain/feedback';
import { isRefusal } from '../domain/refusal';
import { QueueService } from './queue-service';
import type { ResidentMessage } from '../domain/messages';
import { refusalReply } from './refusal-replies';
import { visitSummary } from './consultation-messages';

/** A resident's answer to the summary card's question, from the chat the visit came from. */
export async function answerFeedback(queue: QueueService, chatKey: string, value: Record<string, unknown>): Promise<ResidentMessage[]> {
  const feedback = parseFeedback(value);
  if (!feedback.ok) return [{ kind: 'refused', message: feedback.problems.map((p) => p.message).join(' ') }];
  const { surgeryId, visitId } = value;
  if (typeof surgeryId !== 'string' || typeof visitId !== 'string')
    return [{ kind: 'refused', message: 'Sorry, that button no longer works.' }];
  const applied = await queue.recordFeedback(surgeryId, visitId, chatKey, feedback.value);
  if (isRefusal(applied)) return [refusalReply(applied)];
  const visit = applied.state.visits.find((v) => v.id === visitId);
  const summary = visit && visitSummary(visit, applied.state.surgery);
  return [{ kind: 'feedback_thanks', ...(summary ? { answered: { ...summary, answered: true } } : {}) }];
}
