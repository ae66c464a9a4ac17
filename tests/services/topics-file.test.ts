import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_TOPICS } from '../../bot/api-types';
import { loadTopics } from '../../bot/services/topics-file';
import { loadConfig } from '../../bot/config';
import { startApp } from '../../bot/index';
import { silentLogger } from '../support/silent-logger';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';

describe('TOPICS_FILE at start', () => {
  let folder: string;
  const file = () => path.join(folder, 'topics.txt');

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'topics-file-'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const start = () =>
    startApp(loadConfig({ LOCAL_MODE: 'true', PORT: '0', HOST: '127.0.0.1', TOPICS_FILE: file() }), {
      storage: createMemoryStorage(),
      logger: silentLogger,
    });

  it('When no file is named, then the default list is used', async () => {
    expect(await loadTopics('')).toBe(DEFAULT_TOPICS);
  });

  it('When the file lists topics, then they are used in its order', async () => {
    writeFileSync(file(), 'Trees\nBins\n');
    expect(await loadTopics(file())).toEqual([
      { key: 'trees', words: 'Trees' },
      { key: 'bins', words: 'Bins' },
    ]);
  });

  it('When the file is missing, then the server refuses to start, naming the file', async () => {
    await expect(start()).rejects.toThrow(`TOPICS_FILE ${file()} cannot be read: ENOENT`);
  });

  it('When the file has a problem, then the server refuses to start, naming the line', async () => {
    writeFileSync(file(), 'Trees\nTrees\n');
    await expect(start()).rejects.toThrow(`TOPICS_FILE ${file()} has problems: line 2: "Trees" is on the list already.`);
  });
});
