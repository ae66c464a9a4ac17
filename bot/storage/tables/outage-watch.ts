import { AsyncLocalStorage } from 'node:async_hooks';
import { RestError, TableServiceClientOptions } from '@azure/data-tables';
import { timeLimit } from '../../time-limit';

type PolicyConfig = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];
type Policy = PolicyConfig['policy'];
type PipelineRequest = Parameters<Policy['sendRequest']>[0];

/**
 * Retries are few and close together, so that all of them fit in one call's time limit. The SDK's default
 * (three retries, waits doubling from 1 s up to 64 s) kept a request waiting about 5 s through a storage
 * outage before anyone was told. See TableServiceClientOptions.retryOptions (PipelineRetryOptions:
 * maxRetries, retryDelayInMs, maxRetryDelayInMs) in
 * https://learn.microsoft.com/javascript/api/@azure/data-tables/tableserviceclientoptions.
 */
export const BOUNDED_RETRIES: NonNullable<TableServiceClientOptions['retryOptions']> = {
  maxRetries: 2,
  retryDelayInMs: 100,
  maxRetryDelayInMs: 500,
};

/** The code of a storage call failed at once because storage is known to be down. */
export const STORAGE_DOWN = 'STORAGE_DOWN';
/** The code of a storage call that got no answer within its time limit. */
export const STORAGE_TIMEOUT = 'ETIMEDOUT';

/**
 * Timeouts in a row, with no answer in between, that count as storage being down. One is not enough: on a
 * busy machine a healthy service can be slow now and then, and other calls answering in between say so.
 */
export const TIMEOUTS_THAT_MEAN_DOWN = 3;

/** Start-up is given this long per call, and its calls are not taken as news about an outage. */
const PATIENT_CALL_LIMIT_MS = 30_000;

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/** The service never answered: the connection was refused or reset, or the name did not resolve. */
const unreachable = (error: unknown) => error instanceof RestError && error.statusCode === undefined && error.code !== STORAGE_TIMEOUT;

/**
 * Knows whether the Table service is down, from how the calls made to it end, so that tab requests and bot
 * replies are not each held up by a service that is gone.
 *
 * - Each call has a time limit of its own (`callLimitMs`, retries included). Reaching it aborts that call
 *   only, through the per-request abort signal the SDK honours (OperationOptions.abortSignal, same page as
 *   above); other calls in flight go on.
 * - Storage counts as down on evidence only: a call whose every try was refused or reset, or
 *   TIMEOUTS_THAT_MEAN_DOWN timeouts in a row with no answer between them.
 * - While it is down, one call at a time is let through to find out whether it is back; calls meanwhile go
 *   on its answer, and fail at once (STORAGE_DOWN) when it gets none. Any answer from the service, to any
 *   call, ends the outage at once.
 * - Start-up (`patiently`) is neither limited to `callLimitMs` nor counted, so a busy service cannot stop
 *   the server from starting; the health check is always let through.
 *
 * Added to each client as policies (TableServiceClientOptions.additionalPolicies, same page).
 */
export class OutageWatch {
  private down = false;
  private timeoutsInARow = 0;
  /** While storage is down, the call let through to find out whether it is back: true once it got an answer. */
  private probe?: Promise<boolean>;
  private readonly startingUp = new AsyncLocalStorage<true>();

  constructor(
    private readonly callLimitMs: number,
    private readonly patientCallLimitMs = PATIENT_CALL_LIMIT_MS,
  ) {}

  /** Whether storage is taken to be down just now. */
  get isDown(): boolean {
    return this.down;
  }

  /** Runs start-up's calls: given long, and never counted as an outage or refused because of one. */
  patiently<T>(work: () => Promise<T>): Promise<T> {
    return this.startingUp.run(true, work);
  }

  /** The policy for a client; the health check's is `alwaysTry`, since telling whether storage is up is its job. */
  policy(alwaysTry = false): PolicyConfig {
    return { policy: this.wholeCall(alwaysTry), position: 'perCall' };
  }

  private answered(): void {
    this.down = false;
    this.timeoutsInARow = 0;
  }

  private timedOut(): void {
    this.timeoutsInARow += 1;
    if (this.timeoutsInARow >= TIMEOUTS_THAT_MEAN_DOWN) this.down = true;
  }

  private wholeCall(alwaysTry: boolean): Policy {
    return {
      name: 'storageOutageWatch',
      sendRequest: async (request, next) => {
        const patient = this.startingUp.getStore() === true;
        const limitMs = patient ? this.patientCallLimitMs : this.callLimitMs;
        const caller = request.abortSignal as AbortSignal | undefined;
        const limit = timeLimit(limitMs, `Storage did not answer within ${limitMs} ms`, caller);
        let endProbe: ((answered: boolean) => void) | undefined;
        if (!patient && !alwaysTry && this.down) {
          if (this.probe) {
            // Another call is finding out whether storage is back: this one goes on its answer, not storage's silence.
            if (!(await Promise.race([this.probe, endOf(limit.signal)]))) {
              limit.end();
              throw downError(request);
            }
          } else {
            this.probe = new Promise((resolve) => (endProbe = resolve));
          }
        }
        request.abortSignal = limit.signal;
        let answered = false;
        try {
          const response = await next(request);
          answered = true;
          return response;
        } catch (error) {
          if (error instanceof RestError && error.statusCode !== undefined) {
            answered = true;
            throw error;
          }
          if (isAbort(error) && limit.timedOut() && !caller?.aborted) {
            if (!patient) this.timedOut();
            throw new RestError(`Storage did not answer within ${limitMs} ms`, { code: STORAGE_TIMEOUT, request });
          }
          if (!patient && unreachable(error)) this.down = true;
          throw error;
        } finally {
          limit.end();
          if (answered) this.answered();
          if (endProbe) {
            this.probe = undefined;
            endProbe(answered);
          }
        }
      },
    };
  }
}

/** Resolves false when `signal` aborts. */
function endOf(signal: AbortSignal): Promise<false> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(false);
    else signal.addEventListener('abort', () => resolve(false), { once: true });
  });
}

/** Names the Table service's address and carries no status, so it reads as a storage outage (isTableServiceOutage). */
function downError(request: PipelineRequest): RestError {
  return new RestError('Storage is not answering', { code: STORAGE_DOWN, request });
}
