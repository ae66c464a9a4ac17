import type { RefusalCode } from '../../bot/api-types';
import { Refusal, isRefusal } from '../../bot/domain/refusal';

/** The result, after checking it was not refused (and saying why when it was). */
export function accepted<T>(result: T | Refusal): T {
  if (isRefusal(result)) throw new Error(`Expected it to be accepted, but it was refused: ${result.code} ${result.message}`);
  return result;
}

/** The refusal, after checking it has the expected code. */
export function refused(result: unknown, code: RefusalCode): Refusal {
  if (!isRefusal(result)) throw new Error(`Expected a ${code} refusal, but it was accepted: ${JSON.stringify(result)}`);
  expect(result.code).toBe(code);
  return result;
}
