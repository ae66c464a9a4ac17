import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'restify';
import type { ApiError } from '../api-types';

/** Bodies larger than this once decoded are refused with 413; activities and form posts are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A body still arriving after this long is refused with 408, so a trickle of bytes cannot hold a request open. */
export const BODY_TIMEOUT_MS = 10_000;

/** Encodings a body may come in; each is decoded as it arrives, and counted after decoding. */
const ACCEPTED_ENCODINGS = 'gzip, deflate';

/** What a body must be: the API takes JSON, the resident pages take HTML form posts. */
export type BodyKind = 'json' | 'form';

const MEDIA_TYPE: Record<BodyKind, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

export interface BodyRefusal extends ApiError {
  status: 400 | 408 | 413 | 415;
}

const refusals = {
  encoding: {
    status: 415,
    code: 'INPUT.UNSUPPORTED_ENCODING',
    message: `The request body's Content-Encoding is not one this server reads (${ACCEPTED_ENCODINGS}, or none).`,
  },
  json: { status: 415, code: 'INPUT.UNSUPPORTED_TYPE', message: 'Send JSON, as application/json in UTF-8.' },
  form: { status: 415, code: 'INPUT.UNSUPPORTED_TYPE', message: 'Send a form, as application/x-www-form-urlencoded in UTF-8.' },
  tooLarge: {
    status: 413,
    code: 'INPUT.TOO_LARGE',
    message: `The request is too large: the limit is ${MAX_BODY_BYTES / 1024} KB.`,
  },
  undecodable: { status: 400, code: 'INPUT.INVALID', message: 'The request body is not in the encoding it says it is in.' },
  notUtf8: { status: 400, code: 'INPUT.INVALID', message: 'The request body is not UTF-8 text.' },
  notJson: { status: 400, code: 'INPUT.INVALID', message: 'The request could not be read. Send one JSON object.' },
  tooSlow: { status: 408, code: 'INPUT.TOO_SLOW', message: 'The request body took too long to arrive. Please try again.' },
} satisfies Record<string, BodyRefusal>;

type Read = { value: unknown } | BodyRefusal | 'gone';

const isRefused = (read: Read): read is BodyRefusal => typeof read === 'object' && 'status' in read;

function announcesBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function decoderFor(encoding: string): Transform | undefined | 'unsupported' {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    default:
      return 'unsupported';
  }
}

/** The refusal for a Content-Type that is not `kind` in UTF-8, if it is not. */
function typeProblem(contentType: string | undefined, kind: BodyKind): BodyRefusal | undefined {
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  const utf8 = charset === undefined || charset === 'utf-8' || charset === 'utf8';
  return type === MEDIA_TYPE[kind] && utf8 ? undefined : refusals[kind];
}

function parse(bytes: Buffer, kind: BodyKind): Read {
  // A form with nothing chosen is still a form: its page can say what is missing.
  if (bytes.length === 0) return { value: kind === 'form' ? new URLSearchParams() : undefined };
  let text: string;
  try {
    // Strict: text that is not UTF-8 is refused, never silently patched with replacement characters. A BOM is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refusals.notUtf8;
  }
  if (kind === 'form') return { value: new URLSearchParams(text) };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return refusals.notJson;
  }
}

/**
 * Reads one request body as a stream: checked against what the route takes before a byte is read,
 * decoded as it arrives with every decoding error answered, and stopped the moment its decoded size
 * passes the limit, so neither a gzip bomb nor a body that never ends can use up memory or time.
 * Whatever is left of a refused body is read and dropped, so the client still gets the answer.
 */
function readBody(req: IncomingMessage, kind: BodyKind): Promise<Read> {
  if (!announcesBody(req))
    return Promise.resolve(typeProblem(req.headers['content-type'], kind) ? { value: undefined } : parse(Buffer.alloc(0), kind));
  const decoder = decoderFor(
    String(req.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase(),
  );
  if (decoder === 'unsupported') return Promise.resolve(refusals.encoding);
  const refused =
    typeProblem(req.headers['content-type'], kind) ??
    (Number(req.headers['content-length']) > MAX_BODY_BYTES ? refusals.tooLarge : undefined);
  if (refused) {
    decoder?.destroy();
    return Promise.resolve(refused);
  }

  return new Promise<Read>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    let settled = false;

    const finish = (read: Read) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      if (decoder) {
        decoder.off('data', onDecoded);
        decoder.destroy();
      }
      if (read !== 'gone' && !req.complete) req.resume();
      resolve(read);
    };
    const onDecoded = (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > MAX_BODY_BYTES) return finish(refusals.tooLarge);
      chunks.push(chunk);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES) return finish(refusals.tooLarge);
      if (decoder) decoder.write(chunk);
      else onDecoded(chunk);
    };
    const decodedAll = () => finish(parse(Buffer.concat(chunks, decoded), kind));
    const onEnd = () => (decoder ? decoder.end() : decodedAll());

    const timer = setTimeout(() => finish(refusals.tooSlow), BODY_TIMEOUT_MS);
    if (decoder) {
      decoder.on('data', onDecoded);
      decoder.once('end', decodedAll);
      decoder.on('error', () => finish(refusals.undecodable));
    }
    req.on('data', onData);
    req.once('end', onEnd);
    // The client went away or broke the connection: nobody is left to answer.
    req.on('error', () => finish('gone'));
    req.once('close', () => {
      if (!req.complete) finish('gone');
    });
  });
}

/**
 * The one body reader for every route: requests other than GET and HEAD that carry a body get it read
 * as `kindOf` says, into req.body (parsed JSON, or the form's fields), or are refused through `refuse`.
 */
export function bodyReader(options: {
  kindOf: (req: Request) => BodyKind;
  refuse: (req: Request, res: Response, refusal: BodyRefusal) => void;
}): RequestHandler {
  return (req, res, next) => {
    req.body = undefined;
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    readBody(req, options.kindOf(req)).then((read) => {
      if (read === 'gone') return next(false);
      if (isRefused(read)) {
        if (read === refusals.encoding) res.header('Accept-Encoding', ACCEPTED_ENCODINGS);
        // A slow client is not kept waiting on a connection it cannot use.
        if (read === refusals.tooSlow) res.header('Connection', 'close');
        options.refuse(req, res, read);
        return next(false);
      }
      req.body = read.value;
      return next();
    }, next);
  };
}
