import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { QueueView } from '../api-types';
import { Scheduler, timerScheduler } from '../services/scheduler';
import { Turns } from '../services/turns';

export interface QueueStreamsDeps {
  /** The current view of a surgery's queue and the ETag it was built from. */
  load(surgeryId: string): Promise<{ view: QueueView; etag: string } | undefined>;
  /** The surgery's ETag in storage: cheap, and changes with every queue change from any instance. */
  currentEtag(surgeryId: string): Promise<string | undefined>;
  /** How often each surgery with a stream open here is looked at; with none open, storage is not asked at all. */
  pollMs: number;
  scheduler?: Scheduler;
  onError(error: unknown): void;
}

/** A queue as a change here saved it: its view is built only if it is still the newest when its turn to be sent comes. */
export interface SavedQueueView {
  view: () => QueueView;
  etag: string;
}

interface Channel {
  subscribers: Set<ServerResponse>;
  sentEtag?: string;
  /** The queue as the latest change here saved it, not sent yet: sent without reading it back. */
  saved?: SavedQueueView;
  refreshing?: Promise<void>;
  again: boolean;
  /** When the last view went to every subscriber (performance.now()). */
  sentAt?: number;
}

const HEARTBEAT_MS = 20_000;
/**
 * A tab is sent at most one view in this long. While residents check in many a second, the changes in between go
 * out together, in the next view: a councillor could not read 50 views a second, and building and sending each
 * (the whole queue, every row) cost the server more than the check-in itself. A change after a quiet spell goes
 * at once.
 */
export const LEAST_GAP_MS = 50;

/**
 * Server-Sent Events per surgery: every subscriber gets the whole queue view on connect and after every
 * change (changes less than LEAST_GAP_MS apart in one view). Changes are noticed at once when made here, and by
 * polling the surgery's ETag when made by another instance, so any instance can serve any tab. Only surgeries with a stream open here are polled,
 * one point read each, side by side.
 */
export class QueueStreams {
  private readonly channels = new Map<string, Channel>();
  /** Each channel's sends take turns, so no tab gets an older view after a newer one. */
  private readonly sends = new Turns<Channel>();
  private cancelPoll?: () => void;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly deps: QueueStreamsDeps) {
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get subscriberCount(): number {
    let count = 0;
    for (const channel of this.channels.values()) count += channel.subscribers.size;
    return count;
  }

  subscribe(surgeryId: string, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const channel = this.channels.get(surgeryId) ?? { subscribers: new Set(), again: false };
    this.channels.set(surgeryId, channel);
    channel.subscribers.add(res);
    this.pollSoon();
    res.on('close', () => {
      channel.subscribers.delete(res);
      if (channel.subscribers.size === 0 && this.channels.get(surgeryId) === channel) this.channels.delete(surgeryId);
    });
    void this.refresh(surgeryId, res);
  }

  /** Something changed here, and was saved as `saved`: tell every subscriber. */
  changed(surgeryId: string, saved?: SavedQueueView): void {
    const channel = this.channels.get(surgeryId);
    if (!channel) return;
    channel.saved = saved;
    void this.refresh(surgeryId);
  }

  close(): void {
    this.closed = true;
    this.cancelPoll?.();
    clearInterval(this.heartbeat);
    for (const channel of this.channels.values()) for (const res of channel.subscribers) res.end();
    this.channels.clear();
  }

  /** The next look is one poll after the last one finished, so a slow storage answer never stacks looks up. */
  private pollSoon(): void {
    if (this.cancelPoll || this.closed) return;
    this.cancelPoll = (this.deps.scheduler ?? timerScheduler).after(this.deps.pollMs, async () => {
      await this.poll();
      this.cancelPoll = undefined;
      if (this.channels.size > 0) this.pollSoon();
    });
  }

  private async poll(): Promise<void> {
    await Promise.all(
      [...this.channels].map(async ([surgeryId, channel]) => {
        try {
          const etag = await this.deps.currentEtag(surgeryId);
          if (etag !== channel.sentEtag) void this.refresh(surgeryId);
        } catch (error) {
          this.deps.onError(error);
        }
      }),
    );
  }

  /** Sends the fresh view to one new subscriber, or to all; refreshes that overlap are folded into one more. */
  private async refresh(surgeryId: string, only?: ServerResponse): Promise<void> {
    const channel = this.channels.get(surgeryId);
    if (!channel) return;
    // The first tab's view is what every tab has seen, so a poll need not send it again.
    if (only) return this.inTurn(channel, () => this.send(surgeryId, channel, [only], channel.subscribers.size === 1));
    if (channel.refreshing) {
      channel.again = true;
      return channel.refreshing;
    }
    channel.refreshing = this.inTurn(channel, async () => {
      do {
        // Changes made while this waits set `again` and are folded into the view sent after it.
        // A timer may fire a fraction of a millisecond early by this clock: the gap is looked at again until it is kept.
        const gapLeft = (): number => (channel.sentAt === undefined ? 0 : channel.sentAt + LEAST_GAP_MS - performance.now());
        for (let wait = gapLeft(); wait > 0; wait = gapLeft()) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
        if (this.closed) return;
        channel.again = false;
        await this.send(surgeryId, channel, [...channel.subscribers], true);
        channel.sentAt = performance.now();
      } while (channel.again);
    }).finally(() => {
      channel.refreshing = undefined;
    });
    return channel.refreshing;
  }

  /**
   * Runs `work` once the channel's sends before it are done. A new tab's first view is read from storage, while a
   * change made here is sent from the queue as it saved it; were they not in turn, the older view could reach the
   * tab last and stay there.
   */
  private inTurn(channel: Channel, work: () => Promise<void>): Promise<void> {
    return this.sends.run(channel, work);
  }

  private async send(surgeryId: string, channel: Channel, to: ServerResponse[], remember = false): Promise<void> {
    try {
      // A queue read now is at least as new as any saved before, so a saved one is used only when it is the latest word.
      const { saved } = channel;
      channel.saved = undefined;
      const loaded = saved && remember ? { view: saved.view(), etag: saved.etag } : await this.deps.load(surgeryId);
      if (!loaded) return;
      if (remember) channel.sentEtag = loaded.etag;
      const frame = `event: queue\ndata: ${JSON.stringify(loaded.view)}\n\n`;
      for (const res of to) if (!res.writableEnded) res.write(frame);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  private beat(): void {
    for (const channel of this.channels.values())
      for (const res of channel.subscribers) if (!res.writableEnded) res.write(': still here\n\n');
  }
}
