import { FieldProblem, Parsed, Refusal, refuse } from './refusal';
import { cleanText } from './text';
import type { Feedback, ListenedAnswer, QueueChange, QueueState } from './model';

// A new answer that is not listed here does not compile.
const LISTENED: Record<ListenedAnswer, true> = { yes: true, partly: true, no: true };

const FEEDBACK_COMMENT_LIMIT = 500;
/** Fewer answers than this are not shown at all: with two or three residents, who said what is easy to guess. */
const FEEDBACK_SHOWN_FROM = 3;

export function parseFeedback(input: Record<string, unknown>): Parsed<Feedback> {
  const problems: FieldProblem[] = [];
  const answer = input.listened;
  if (typeof answer !== 'string' || !Object.hasOwn(LISTENED, answer))
    problems.push({ field: 'listened', message: 'Choose yes, partly or no.' });
  if (input.comment !== undefined && typeof input.comment !== 'string')
    problems.push({ field: 'comment', message: 'The comment must be text.' });
  const comment = cleanText(input.comment);
  if (comment.length > FEEDBACK_COMMENT_LIMIT)
    problems.push({ field: 'comment', message: `Keep your comment to ${FEEDBACK_COMMENT_LIMIT} characters or fewer.` });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { answer: answer as ListenedAnswer, ...(comment ? { comment } : {}) } };
}

/**
 * Keeps a seen resident's answer. Only the chat the visit came from may answer, and only once. The answer
 * is kept on the visit (so it goes when the visit's personal data is purged) but never shown with it:
 * the councillors' queue leaves it out, and statistics give counts only (see feedbackFigures).
 */
export function recordFeedback(state: QueueState, visitId: string, chatKey: string, feedback: Feedback, now: Date): QueueChange | Refusal {
  const visit = state.visits.find((v) => v.id === visitId && v.chatKey === chatKey);
  if (!visit) return refuse('VISIT.NOT_FOUND', 'Sorry, I could not find that visit.');
  if (visit.status !== 'seen') return refuse('VISIT.WRONG_STATE', 'You can answer once your visit has ended.');
  if (visit.feedback) return refuse('VISIT.WRONG_STATE', 'You have already answered. Thank you.');
  return { surgery: state.surgery, visits: [{ ...visit, feedback: { ...feedback, at: now.toISOString() } }], events: [] };
}

export interface FeedbackFigures {
  answered: number;
  yes: number;
  partly: number;
  no: number;
  /** In alphabetical order, so their order says nothing about who wrote them or when. */
  comments: string[];
}

/** The answers as counts, or undefined when there are too few to show without giving someone away. */
export function feedbackFigures(visits: readonly { feedback?: Feedback }[]): FeedbackFigures | undefined {
  const answers = visits.flatMap((v) => (v.feedback ? [v.feedback] : []));
  if (answers.length < FEEDBACK_SHOWN_FROM) return undefined;
  const count = (answer: ListenedAnswer) => answers.filter((a) => a.answer === answer).length;
  return {
    answered: answers.length,
    yes: count('yes'),
    partly: count('partly'),
    no: count('no'),
    comments: answers.flatMap((a) => (a.comment ? [a.comment] : [])).sort((a, b) => a.localeCompare(b)),
  };
}
