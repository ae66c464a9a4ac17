import type { ServerResponse } from 'node:http';
import type { QueueView } from '../../bot/api-types';
import { LEAST_GAP_MS, QueueStreams } from '../../bot/server/queue-streams';

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

describe('A tab during a rush of changes', () => {
  const streamsOf = (): QueueStreams =>
    new QueueStreams({
      load: async () => ({ view: view('as stored'), etag: 'stored' }),
      currentEtag: async () => 'stored',
      pollMs: 60_000,
      scheduler: { after: () => () => undefined, every: () => () => undefined },
      onError: (error) => {
        throw error;
      },
    });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const turns = async (until: () => boolean) => {
    for (let turn = 0; turn < 50 && !until(); turn++) await new Promise((resolve) => setImmediate(resolve));
  };

  test('When 30 changes come a few milliseconds apart, then the tab is sent at most one view per LEAST_GAP_MS, in order, and the last shows the last change', async () => {
    const streams = streamsOf();
    const tab = aTab();
    try {
      streams.subscribe('s1', tab.res);
      await turns(() => tab.views().length === 1);
      const started = performance.now();
      for (let i = 1; i <= 30; i++) {
        streams.changed('s1', { view: () => view(`change ${i}`), etag: `e${i}` });
        await sleep(3);
      }
      for (let waited = 0; waited < 5_000 && tab.views().at(-1) !== 'change 30'; waited += 10) await sleep(10);
      const elapsed = performance.now() - started;

      const sent = tab.views().slice(1);
      expect(sent.at(-1)).toBe('change 30');
      const numbers = sent.map((shows) => Number(shows.replace('change ', '')));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      // Views are at least LEAST_GAP_MS apart, so however slowly this ran, no more than this many fit in it.
      expect(sent.length).toBeLessThanOrEqual(Math.floor(elapsed / LEAST_GAP_MS) + 1);
      expect(sent.length).toBeLessThan(30);
    } finally {
      streams.close();
    }
  });

  test('When a change comes after a quiet spell, then the tab is sent it at once, without waiting', async () => {
    const streams = streamsOf();
    const tab = aTab();
    try {
      streams.subscribe('s1', tab.res);
      await turns(() => tab.views().length === 1);
      streams.changed('s1', { view: () => view('first change'), etag: 'e1' });
      await turns(() => tab.views().length === 2);
      await sleep(LEAST_GAP_MS + 20);

      streams.changed('s1', { view: () => view('after a quiet spell'), etag: 'e2' });
      // No timer runs here: only the turns of the event loop that sending takes.
      await turns(() => tab.views().length === 3);

      expect(tab.views()).toEqual(['as stored', 'first change', 'after a quiet spell']);
    } finally {
      streams.close();
    }
  });
});
