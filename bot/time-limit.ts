/**
 * A call's time limit: `signal` aborts after `ms`, or when `caller` aborts, and `end` stops the timer once the call
 * has ended. AbortSignal.timeout's timer fires long after every call has ended, and AbortSignal.any costs more than
 * following one signal by hand.
 */
export function timeLimit(
  ms: number,
  message: string,
  caller?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean; end: () => void } {
  const limit = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    limit.abort(new DOMException(message, 'TimeoutError'));
  }, ms);
  timer.unref();
  const callerAborted = () => limit.abort(caller?.reason);
  if (caller?.aborted) callerAborted();
  else caller?.addEventListener('abort', callerAborted, { once: true });
  return {
    signal: limit.signal,
    timedOut: () => timedOut,
    end: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', callerAborted);
    },
  };
}
