import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { SignInRequired } from './bench-api';

// One agent with no socket limit, so a thousand tabs can each hold a connection.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

interface Watch {
  match: (frame: string) => boolean;
  resolve: (arrivedAt: number) => void;
  reject: (error: Error) => void;
}

/**
 * One councillor's tab following a surgery's live queue, reduced to what the bench needs: when each
 * `queue` event arrived. Frames are matched as text, not parsed, so a thousand of these in one process
 * cost little next to the server they measure.
 */
export class SseSubscriber {
  /** Resolves when the first queue view (sent on connect) has arrived. */
  readonly opened: Promise<void>;
  frames = 0;
  private buffer = '';
  private watch?: Watch;
  private failure?: Error;
  private readonly request: http.ClientRequest;

  constructor(url: string) {
    let opened!: () => void;
    let failed!: (error: Error) => void;
    this.opened = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    // A tab that fails after the bench stopped waiting for it must not end the process.
    this.opened.catch(() => undefined);
    this.request = http.get(url, { agent, headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const error =
            res.statusCode === 401 || res.statusCode === 403
              ? new SignInRequired('GET stream', res.statusCode, body)
              : new Error(`The stream answered ${res.statusCode}: ${body}`);
          this.fail(error);
          failed(error);
        });
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const arrivedAt = performance.now();
        this.buffer += chunk;
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const frame = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          if (!frame.startsWith('event: queue')) continue;
          this.frames += 1;
          if (this.frames === 1) opened();
          if (this.watch?.match(frame)) {
            this.watch.resolve(arrivedAt);
            this.watch = undefined;
          }
        }
      });
      res.on('close', () => this.fail(new Error('The stream closed')));
    });
    this.request.on('error', (error) => {
      this.fail(error);
      failed(error);
    });
  }

  /** The time (performance.now) the first frame from now on matching `match` arrives. */
  next(match: (frame: string) => boolean): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.watch = { match, resolve, reject };
    });
  }

  close(): void {
    this.failure ??= new Error('Closed');
    this.request.destroy();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.watch?.reject(error);
    this.watch = undefined;
  }
}

/** Matches a queue view in which this visit has this status, without parsing the JSON. */
export function showsVisitStatus(visitId: string, status: string): (frame: string) => boolean {
  const visitKey = `"visitId":${JSON.stringify(visitId)}`;
  const statusKey = '"status":"';
  return (frame) => {
    const at = frame.indexOf(visitKey);
    if (at < 0) return false;
    const statusAt = frame.indexOf(statusKey, at);
    return statusAt >= 0 && frame.startsWith(`${status}"`, statusAt + statusKey.length);
  };
}
