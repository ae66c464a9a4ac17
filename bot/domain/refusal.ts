import type { RefusalCode } from '../api-types';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Refusal {
  refused: true;
  code: RefusalCode;
  message: string;
  problems?: FieldProblem[];
}

/** What a parser gives: the checked value, or every problem with the input at once, by field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export function refuse(code: RefusalCode, message: string, problems?: FieldProblem[]): Refusal {
  return problems ? { refused: true, code, message, problems } : { refused: true, code, message };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
