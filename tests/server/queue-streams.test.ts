import type { ServerResponse } from 'node:http';
import type { QueueView } from '../../bot/api-types';
import { QueueStreams } from '../../bot/server/queue-streams';

/** A tab's stream: what it has been sent, frame by frame. */
function aTab(): { res: ServerResponse; views: () => string[] } {
  const frames: string[] = [];
  const res = {
    writableEnded: false,
    writeHead: () => res,
    write: (chunk: string) => frames.push(chunk),
    on: () => res,
    end: () => undefined,
  };
  return {
    res: res as unknown as ServerResponse,
    views: () =>
      frames
        .filter((frame) => frame.startsWith('event: queue'))
        .map((frame) => (JSON.parse(frame.split('data: ')[1]!) as { shows: string }).shows),
  };
}

const view = (shows: string) => ({ shows }) as unknown as QueueView;

test('When a change is made here while a new tab is still being sent the queue as stored before it, then the tab gets the newer view last', async () => {
  const answers: ((loaded: { view: QueueView; etag: string }) => void)[] = [];
  const streams = new QueueStreams({
    load: () => new Promise((resolve) => answers.push(resolve)),
    currentEtag: async () => 'after',
    pollMs: 60_000,
    scheduler: { after: () => () => undefined, every: () => () => undefined },
    onError: (error) => {
      throw error;
    },
  });
  const tab = aTab();
  try {
    streams.subscribe('s1', tab.res);
    while (answers.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // The councillor marks a no-show while the tab's first view is still being read.
    streams.changed('s1', { view: () => view('after the no-show'), etag: 'after' });
    answers[0]!({ view: view('before the no-show'), etag: 'before' });
    for (let turn = 0; turn < 20 && tab.views().length < 2; turn++) await new Promise((resolve) => setImmediate(resolve));

    expect(tab.views()).toEqual(['before the no-show', 'after the no-show']);
  } finally {
    streams.close();
  }
});
