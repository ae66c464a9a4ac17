import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import type { Request, Response } from 'restify';

/** How restify answers a request whose code failed where nothing caught it: as if its handler had passed the error on. */
type AnswerFailure = (error: unknown) => void;

/** Which request the code now running works for, carried across timers, promises and callbacks it started. */
const requestUnderWay = new AsyncLocalStorage<AnswerFailure>();

/**
 * restify's hook for running each request (its handleUncaughtExceptions option): the request's handlers, and everything
 * they start, run with that request as their context, so an error nobody caught can be answered on that request alone.
 */
export function runInRequestContext(
  req: Request,
  res: Response,
  answerFailure: AnswerFailure,
  next: (req: Request, res: Response) => void,
): void {
  requestUnderWay.run(answerFailure, () => next(req, res));
}

/** What Node does by itself with an error nobody caught: prints it and stops the process. */
function stop(error: unknown): never {
  process.stderr.write(`${inspect(error)}\n`);
  process.exit(1);
}

const caught = (error: unknown) => {
  const answerFailure = requestUnderWay.getStore();
  if (answerFailure === undefined) stop(error);
  answerFailure(error);
};

let installed = false;

/**
 * The last line of defence, for the whole process: an error thrown, rejected or emitted with nobody to catch it, while
 * a request was being handled, is answered on that request (createRestifyServer's 'restifyError' listener logs it and
 * answers 500 if nothing was sent yet) and the process goes on serving everyone else. An error outside any request
 * still stops the process, as Node would. Installed once however many servers the process starts.
 */
export function installLastLine(): void {
  if (installed) return;
  installed = true;
  // A promise rejected with nobody to handle it comes here too, in the context of the code that rejected it: with no
  // 'unhandledRejection' listener, Node passes it on as an uncaught exception.
  process.on('uncaughtException', caught);
}
