import { FieldProblem, Parsed, Refusal, refuse } from './refusal';
import type { QueueChange, QueueState } from './model';

/** The longest break a councillor can take in one go, in minutes. */
const LONGEST_BREAK_MINUTES = 120;

/** How long a break is to be, from what the tab sent: whole minutes, 1 to LONGEST_BREAK_MINUTES. */
export function parseBreak(input: Record<string, unknown>): Parsed<number> {
  const minutes = input.minutes;
  if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= LONGEST_BREAK_MINUTES) {
    return { ok: true, value: minutes };
  }
  const problem: FieldProblem = { field: 'minutes', message: `Say how long the break is, from 1 to ${LONGEST_BREAK_MINUTES} minutes.` };
  return { ok: false, problems: [problem] };
}

/** A break: nobody new is called until the councillors resume, so every estimate moves, and waiting residents are told. */
export function pauseSurgery(state: QueueState, minutes: number, now: Date): QueueChange | Refusal {
  const { surgery } = state;
  if (surgery.status !== 'open') return refuse('SURGERY.NOT_OPEN', 'Only an open surgery can take a break.');
  if (surgery.onBreak) return refuse('SURGERY.ON_BREAK', 'The surgery is already on a break. Resume it first.');
  const onBreak = { since: now.toISOString(), until: new Date(now.getTime() + minutes * 60_000).toISOString() };
  return { surgery: { ...surgery, onBreak }, visits: [], events: [{ type: 'paused' }] };
}

/** The councillors are back: residents are told, and estimates move again. */
export function resumeSurgery(state: QueueState): QueueChange | Refusal {
  const { onBreak, ...surgery } = state.surgery;
  if (!onBreak) return refuse('SURGERY.NOT_ON_BREAK', 'The surgery is not on a break.');
  return { surgery, visits: [], events: [{ type: 'resumed' }] };
}
