import { RestError } from '@azure/data-tables';
import { OutageWatch, STORAGE_DOWN, STORAGE_TIMEOUT, TIMEOUTS_THAT_MEAN_DOWN } from '../../bot/storage/tables/outage-watch';

type Policy = ReturnType<OutageWatch['policy']>['policy'];
type Request = Parameters<Policy['sendRequest']>[0];
type Next = Parameters<Policy['sendRequest']>[1];
type Response = Awaited<ReturnType<Next>>;

// Short, so that a call nobody answers ends soon; nothing here depends on how fast the machine is.
const LIMIT_MS = 100;

const storageRequest = () => ({ url: 'http://127.0.0.1:10002/devstoreaccount1/sqsurgeries()', method: 'GET' }) as unknown as Request;

/** Storage that never answers: the call ends only when its abort signal fires, as the SDK's HTTP client does. */
const silent: Next = (request) =>
  new Promise((_resolve, reject) => {
    request.abortSignal!.addEventListener('abort', () =>
      reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })),
    );
  });

const answering: Next = async (request) => ({ status: 200, headers: {}, request }) as unknown as Response;

const refusing: Next = async (request) => {
  throw new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED', request });
};

/** A call's error code, or 'answered'. */
async function outcome(policy: Policy, next: Next): Promise<string> {
  try {
    await policy.sendRequest(storageRequest(), next);
    return 'answered';
  } catch (error) {
    return (error as RestError).code ?? String(error);
  }
}

describe('Watching storage for an outage', () => {
  it('When one call gets no answer in time, then it alone fails and a call still waiting goes on to its answer', async () => {
    const watch = new OutageWatch(LIMIT_MS);
    const policy = watch.policy().policy;
    let answerLater!: () => void;
    const later: Next = (request) =>
      new Promise((resolve) => {
        answerLater = () => resolve({ status: 200, headers: {}, request } as unknown as Response);
      });

    const waiting = outcome(policy, later);
    expect(await outcome(policy, silent)).toBe(STORAGE_TIMEOUT);
    answerLater();
    expect(await waiting).toBe('answered');
    expect(watch.isDown).toBe(false);
  });

  it('When calls time out with answers between them, as on a busy machine, then storage is never taken to be down', async () => {
    const watch = new OutageWatch(LIMIT_MS);
    const policy = watch.policy().policy;
    for (let round = 0; round < 3; round++) {
      for (let timeout = 1; timeout < TIMEOUTS_THAT_MEAN_DOWN; timeout++) expect(await outcome(policy, silent)).toBe(STORAGE_TIMEOUT);
      expect(await outcome(policy, answering)).toBe('answered');
    }
    expect(watch.isDown).toBe(false);
  });

  it('When calls time out in a row, then storage is down: one call is let through, the others go on its answer, and an answer ends the outage', async () => {
    const watch = new OutageWatch(LIMIT_MS);
    const policy = watch.policy().policy;
    for (let timeout = 0; timeout < TIMEOUTS_THAT_MEAN_DOWN; timeout++) expect(await outcome(policy, silent)).toBe(STORAGE_TIMEOUT);
    expect(watch.isDown).toBe(true);

    // Storage is not asked by the calls that wait on the one let through: they fail when it gets no answer.
    let asked = 0;
    const counting: Next = (request) => {
      asked += 1;
      return answering(request);
    };
    const waiting = [outcome(policy, silent), outcome(policy, counting), outcome(policy, counting)];
    expect(await Promise.all(waiting)).toEqual([STORAGE_TIMEOUT, STORAGE_DOWN, STORAGE_DOWN]);
    expect(asked).toBe(0);

    let answerProbe!: () => void;
    const probe = outcome(
      policy,
      (request) => new Promise((resolve) => (answerProbe = () => resolve({ status: 200, headers: {}, request } as unknown as Response))),
    );
    const riding = outcome(policy, counting);
    answerProbe();
    expect(await Promise.all([probe, riding])).toEqual(['answered', 'answered']);
    expect(asked).toBe(1);
    expect(watch.isDown).toBe(false);
  });

  it('When a call is refused through all its retries, then storage is down at once', async () => {
    const watch = new OutageWatch(LIMIT_MS);
    const policy = watch.policy().policy;
    expect(await outcome(policy, refusing)).toBe('ECONNREFUSED');
    expect(watch.isDown).toBe(true);
  });

  it('When storage answers with an error, then it is up: it answered', async () => {
    const watch = new OutageWatch(LIMIT_MS);
    const policy = watch.policy().policy;
    expect(await outcome(policy, refusing)).toBe('ECONNREFUSED');
    const notFound: Next = async (request) => {
      throw new RestError('Not found', { statusCode: 404, code: 'ResourceNotFound', request });
    };
    // The one call let through while it is down.
    expect(await outcome(policy, notFound)).toBe('ResourceNotFound');
    expect(watch.isDown).toBe(false);
  });

  it('When start-up calls are slow, then they wait longer than other calls and never count as an outage', async () => {
    const watch = new OutageWatch(LIMIT_MS, 3 * LIMIT_MS);
    const policy = watch.policy().policy;
    let answers = 0;
    const slow: Next = (request) =>
      new Promise((resolve) => {
        setTimeout(() => {
          answers += 1;
          resolve({ status: 200, headers: {}, request } as unknown as Response);
        }, 2 * LIMIT_MS);
      });
    const silentStarts = await watch.patiently(async () => {
      const codes: string[] = [];
      for (let call = 0; call < TIMEOUTS_THAT_MEAN_DOWN; call++) codes.push(await outcome(policy, silent));
      return codes;
    });
    expect(silentStarts).toEqual(Array(TIMEOUTS_THAT_MEAN_DOWN).fill(STORAGE_TIMEOUT));
    expect(watch.isDown).toBe(false);
    expect(await watch.patiently(() => outcome(policy, slow))).toBe('answered');
    expect(answers).toBe(1);
  });

  it('When storage is down, then the health check is still let through, and its answer ends the outage', async () => {
    const watch = new OutageWatch(LIMIT_MS);
    expect(await outcome(watch.policy().policy, refusing)).toBe('ECONNREFUSED');
    let answerProbe!: () => void;
    const probe = outcome(
      watch.policy().policy,
      (request) => new Promise((resolve) => (answerProbe = () => resolve({ status: 200, headers: {}, request } as unknown as Response))),
    );
    expect(await outcome(watch.policy(true).policy, answering)).toBe('answered');
    expect(watch.isDown).toBe(false);
    answerProbe();
    await probe;
  });
});
